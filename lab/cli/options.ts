// Option values are checked before anything touches Docker; each failure is one line.
import { usageError } from "../errors.js";
import { checkRange, findServer, serverNames, type IntRange, type ServerProgram } from "../programs/programs.js";

export function intOption(flag: string, min: number, max: number) {
  return (value: string): number => checkRange({ flag, min, max }, value);
}

/** A whole-number option whose limits the programs catalogue gives. */
export const rangeOption = (range: IntRange) => intOption(range.flag, range.min, range.max);

/** Commander's collector for repeatable options (`--ulimit a=1 --ulimit b=2`). */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function serverOrDie(name: string): ServerProgram {
  const server = findServer(name);
  if (!server) throw usageError(`unknown server '${name}': choose one of ${serverNames().join(", ")}`);
  return server;
}
