// Option values are checked before anything touches Docker; each failure is one line.
import { usageError } from "../errors.js";
import { findServer, serverNames, type ServerProgram } from "../programs/programs.js";

export function intOption(flag: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw usageError(`${flag}: '${value}' is not a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

/** Commander's collector for repeatable options (`--ulimit a=1 --ulimit b=2`). */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function serverOrDie(name: string): ServerProgram {
  const server = findServer(name);
  if (!server) throw usageError(`unknown server '${name}': choose one of ${serverNames().join(", ")}`);
  return server;
}
