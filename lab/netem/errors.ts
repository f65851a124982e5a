import { ExitCode, LabError } from "../errors.js";

/**
 * A bad value given by the user (flag, Compose key). The message is one line and
 * names the flag/key and the bad value; the CLI prints it and exits with status 2.
 */
export class ValidationError extends LabError {
  override readonly name = "ValidationError";
  constructor(message: string) {
    super(message, ExitCode.USAGE);
  }
}

/**
 * The impairment is valid but this kernel (or the chosen direction) cannot
 * provide it; the message says what is missing.
 */
export class UnsupportedError extends LabError {
  override readonly name = "UnsupportedError";
  constructor(message: string) {
    super(message, ExitCode.FAILED);
  }
}
