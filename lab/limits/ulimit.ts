// Temporary: replaced by lab/netem/limits.ts when that lands.
import { usageError } from "../cli/errors.js";
import type { Ulimit } from "../topology/topology.js";

export function parseUlimit(text: string, flag: string): Ulimit {
  const m = /^([a-z]+)=(\d+)(?::(\d+))?$/.exec(text);
  if (!m) throw usageError(`${flag}: '${text}' is not name=soft[:hard], e.g. nofile=256`);
  const soft = Number(m[2]);
  const hard = m[3] === undefined ? soft : Number(m[3]);
  if (soft > hard) throw usageError(`${flag}: soft limit ${soft} is above hard limit ${hard}`);
  return { name: m[1] as string, soft, hard };
}
