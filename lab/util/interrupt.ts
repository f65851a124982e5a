// Ctrl-C must not leave containers behind: long operations register what to undo, and a
// SIGINT/SIGTERM that arrives meanwhile runs every registered cleanup before the process
// exits 130. The handlers are installed only while something is registered, so a program
// using the library keeps its own signal handling the rest of the time.

type Cleanup = () => Promise<unknown> | unknown;
const cleanups = new Set<Cleanup>();

async function runAll(signal: NodeJS.Signals): Promise<void> {
  uninstall();
  process.stderr.write(`\nlab: ${signal === "SIGINT" ? "interrupted" : "terminated"}: cleaning up...\n`);
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

let cleaning: Promise<void> | undefined;
const onSignal = (signal: NodeJS.Signals) => {
  cleaning ??= runAll(signal);
};

/**
 * The cleanup a signal started, while it runs (it ends the process with 130). The work it
 * interrupted often fails meanwhile (its containers vanish under it): a caller that sees
 * such an error waits for this instead of exiting early, with the wrong status, mid-cleanup.
 */
export function interruptCleanup(): Promise<void> | undefined {
  return cleaning;
}

function install(): void {
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

function uninstall(): void {
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
}

/** Registers a cleanup; returns a function that unregisters it once the work is done. */
export function onInterrupt(cleanup: Cleanup): () => void {
  if (cleanups.size === 0 && process.env.VITEST === undefined) install();
  cleanups.add(cleanup);
  return () => {
    if (cleanups.delete(cleanup) && cleanups.size === 0) uninstall();
  };
}
