// The one place errors become output: a single line on stderr and an exit code.
import { CommanderError } from "commander";
import { ExitCode, LabError } from "./errors.js";

function dockerUnreachable(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === "ENOENT" || code === "ECONNREFUSED" || code === "EACCES";
}

/** Prints what went wrong and returns the exit code. */
export function handleError(err: unknown): number {
  if (err instanceof CommanderError) return ExitCode.USAGE; // commander already printed its line
  if (err instanceof LabError) {
    process.stderr.write(`lab: ${err.message}\n`);
    return err.exitCode;
  }
  if (dockerUnreachable(err)) {
    process.stderr.write(`lab: cannot reach the Docker engine (${(err as Error).message}): run \`npx lab setup\`\n`);
    return ExitCode.DOCKER;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`lab: ${message.split("\n")[0]}\n`);
  if (process.env.SOCKLAB_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return ExitCode.FAILED;
}
