// Ctrl-C must not leave containers behind: long operations register what to undo, and a
// SIGINT, SIGTERM or SIGHUP that arrives meanwhile (or a closed stdout: `lab load | head`)
// runs every registered cleanup before the process exits 128+signal. A second signal
// during the cleanup must not cut it short: the handlers stay until the process exits.
//
// Only a program that asks for it (the CLI, with handleInterrupts()) gets handlers; a
// program using the library keeps its own signal handling. Handlers are installed only
// while something is registered, so the rest of the time a signal does what it always does.

type Cleanup = () => Promise<unknown> | unknown;
export type Interruption = "SIGINT" | "SIGTERM" | "SIGHUP" | "EPIPE";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const HOW: Record<Interruption, { said: string; exitCode: number }> = {
  SIGINT: { said: "interrupted", exitCode: 130 },
  SIGTERM: { said: "terminated", exitCode: 143 },
  SIGHUP: { said: "hung up", exitCode: 129 },
  EPIPE: { said: "", exitCode: 141 }, // as a Unix tool killed by SIGPIPE, and as quietly
};

const cleanups = new Set<Cleanup>();
let enabled = false;
let installed = false;
let cleaning: Promise<void> | undefined;

/** Writes to stderr where it still can: after SIGHUP the terminal may be gone. */
function tell(line: string): void {
  try {
    process.stderr.write(line);
  } catch {
    // nobody to tell
  }
}

async function runAll(why: Interruption): Promise<void> {
  const { said, exitCode } = HOW[why];
  if (said) tell(`\nlab: ${said}: cleaning up...\n`);
  // Work still running may register more while this runs (a lab started the moment the
  // signal came): those are undone too, until nothing is left.
  while (cleanups.size > 0) {
    const all = [...cleanups].reverse();
    cleanups.clear();
    for (const c of all) {
      try {
        await c();
      } catch {
        // best effort: the next cleanup still runs
      }
    }
  }
  process.exit(exitCode);
}

/** Starts the cleanup once; a second signal meanwhile only says to wait. */
export function interrupt(why: Interruption): void {
  if (cleaning) {
    if (why !== "EPIPE") tell("lab: cleaning up, please wait\n");
    return;
  }
  if (cleanups.size === 0) process.exit(HOW[why].exitCode);
  cleaning = runAll(why);
}

const onSignal = (signal: NodeJS.Signals) => interrupt(signal as Interruption);

/**
 * The cleanup a signal started, while it runs (it ends the process). The work it
 * interrupted often fails meanwhile (its containers vanish under it): a caller that sees
 * such an error waits for this instead of exiting early, with the wrong status, mid-cleanup.
 */
export function interruptCleanup(): Promise<void> | undefined {
  return cleaning;
}

function install(): void {
  if (installed || !enabled) return;
  for (const s of SIGNALS) process.on(s, onSignal);
  installed = true;
}

function uninstall(): void {
  if (!installed || cleaning) return; // during the cleanup the handlers stay to the end
  for (const s of SIGNALS) process.off(s, onSignal);
  installed = false;
}

/**
 * For the CLI: signals clean up while work is registered, and a closed stdout (EPIPE)
 * ends the program quietly, after the same cleanup, instead of a stack trace.
 */
export function handleInterrupts(): void {
  enabled = true;
  if (cleanups.size > 0) install();
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") interrupt("EPIPE");
    else throw err;
  });
}

/** Registers a cleanup; returns a function that unregisters it once the work is done. */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  install();
  return () => {
    if (cleanups.delete(cleanup) && cleanups.size === 0) uninstall();
  };
}
