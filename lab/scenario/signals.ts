// Signal names and numbers (Linux, x86 and arm alike for these), and what an exit status
// says: under Docker's init a program killed by signal N exits with 128 + N.
import { constants } from "node:os";

const SIGNALS = constants.signals as Record<string, number>;

export function signalNumber(name: string): number | undefined {
  return SIGNALS[name.startsWith("SIG") ? name : `SIG${name}`];
}

export function signalName(n: number): string | undefined {
  return Object.entries(SIGNALS).find(([, v]) => v === n)?.[0];
}

/** "exit 0", "killed by SIGPIPE (exit status 141 = 128 + 13)". */
export function describeExit(code: number): string {
  const signal = terminatingSignal(code);
  return signal ? `killed by ${signal} (exit status ${code} = 128 + ${code - 128})` : `exit ${code}`;
}

/** The signal an exit status above 128 stands for, under an init that reports it so. */
export function terminatingSignal(code: number): string | undefined {
  return code > 128 && code < 160 ? signalName(code - 128) : undefined;
}
