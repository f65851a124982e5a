// One error type for everything the user can cause or fix, each with its exit code.
// The CLI's single handler prints `lab: <message>` and exits with the code; nothing
// else prints stack traces.

export const ExitCode = {
  OK: 0,
  /** The operation ran and reported failures (e.g. load with failed connections). */
  FAILED: 1,
  /** Bad usage or invalid option values; nothing was touched. */
  USAGE: 2,
  /** No Docker engine reachable, or setup (engine, images) failed. */
  DOCKER: 3,
  /** The named lab, service or file does not exist. */
  NOT_FOUND: 4,
  /** Something did not become ready in time. */
  TIMEOUT: 5,
  /** Interrupted by the user (Ctrl-C). */
  INTERRUPTED: 130,
  /** Our stdout was closed (a pipe whose reader left): quietly, as a tool killed by SIGPIPE. */
  CLOSED_OUTPUT: 141,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class LabError extends Error {
  constructor(message: string, readonly exitCode: number = ExitCode.FAILED) {
    super(message);
    this.name = "LabError";
  }
}

export const usageError = (message: string) => new LabError(message, ExitCode.USAGE);
export const notFound = (message: string) => new LabError(message, ExitCode.NOT_FOUND);
export const dockerError = (message: string) => new LabError(message, ExitCode.DOCKER);
