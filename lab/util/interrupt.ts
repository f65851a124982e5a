// Ctrl-C must not leave containers behind: long operations register what to undo, and
// the first SIGINT/SIGTERM runs every registered cleanup before the process exits 130.

type Cleanup = () => Promise<unknown> | unknown;
const cleanups = new Set<Cleanup>();
let installed = false;

async function runAll(signal: string): Promise<void> {
  process.stderr.write(`\nlab: ${signal}: cleaning up...\n`);
  const all = [...cleanups].reverse();
  cleanups.clear();
  for (const c of all) {
    try {
      await c();
    } catch {
      // best effort: the next cleanup still runs
    }
  }
  process.exit(130);
}

/** Registers a cleanup; returns a function that unregisters it once the work is done. */
export function onInterrupt(cleanup: Cleanup): () => void {
  if (!installed && process.env.VITEST === undefined) {
    installed = true;
    process.once("SIGINT", () => void runAll("interrupted"));
    process.once("SIGTERM", () => void runAll("terminated"));
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}
