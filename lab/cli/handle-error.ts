// The one place errors become output: a single line on stderr and an exit code.
import { CommanderError } from "commander";
import { noEngineHint } from "../engine/engine.js";
import { ExitCode, LabError } from "../errors.js";

/** Connection errors: no socket, nothing listening, no permission, no such host, no route. */
const UNREACHABLE = new Set(["ENOENT", "ECONNREFUSED", "EACCES", "EPERM", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT"]);

function dockerUnreachable(err: unknown): boolean {
  const e = err as { code?: string; syscall?: string; cause?: { code?: string } } | undefined;
  // A file-system ENOENT (a missing file) is not the engine: only connection attempts count.
  if (e?.code === "ENOENT" || e?.code === "EACCES" || e?.code === "EPERM") return e.syscall === "connect";
  return UNREACHABLE.has(e?.code ?? "") || UNREACHABLE.has(e?.cause?.code ?? "");
}

/** Prints what went wrong and returns the exit code. */
export function handleError(err: unknown): number {
  if (err instanceof CommanderError) return ExitCode.USAGE; // commander already printed its line
  // Output to a closed pipe (`--svg /dev/stdout | head`): quiet, as a Unix tool killed by SIGPIPE.
  if ((err as NodeJS.ErrnoException | undefined)?.code === "EPIPE") return ExitCode.CLOSED_OUTPUT;
  if (err instanceof LabError) {
    process.stderr.write(`lab: ${err.message}\n`);
    return err.exitCode;
  }
  if (dockerUnreachable(err)) {
    process.stderr.write(`lab: ${noEngineHint()}\n`);
    return ExitCode.DOCKER;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`lab: ${message.split("\n")[0]}\n`);
  if (process.env.SOCKLAB_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return ExitCode.FAILED;
}
