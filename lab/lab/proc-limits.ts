// A process's resource limits as the kernel reports them in /proc/<pid>/limits. This is
// the only trustworthy reading of a program's limits from outside it: `ulimit` in a shell
// started by `docker exec` describes that shell, and on some engines (Debian's docker.io
// 20.10) exec'd processes get soft = hard whatever the container's program was given.
import type { UlimitName } from "../netem/limits.js";

/** As in Ulimit: -1 means unlimited. */
export interface ProcessLimit {
  soft: number;
  hard: number;
}

/** Every limit by its ulimit name (`as` is the address space, which Docker cannot set). */
export type ProcessLimits = Record<UlimitName | "as", ProcessLimit>;

/** The kernel's row names (fs/proc/base.c, lnames[]) by ulimit name. */
const ROWS: Record<keyof ProcessLimits, string> = {
  cpu: "Max cpu time",
  fsize: "Max file size",
  data: "Max data size",
  stack: "Max stack size",
  core: "Max core file size",
  rss: "Max resident set",
  nproc: "Max processes",
  nofile: "Max open files",
  memlock: "Max locked memory",
  as: "Max address space",
  locks: "Max file locks",
  sigpending: "Max pending signals",
  msgqueue: "Max msgqueue size",
  nice: "Max nice priority",
  rtprio: "Max realtime priority",
  rttime: "Max realtime timeout",
};

function limitValue(v: string, row: string): number {
  if (v === "unlimited") return -1;
  if (!/^\d+$/.test(v)) throw new Error(`/proc/<pid>/limits: '${row}' has a value '${v}' that is not a number`);
  return Number(v);
}

/** Parses the text of /proc/<pid>/limits; throws if a row is missing or malformed. */
export function parseProcLimits(text: string): ProcessLimits {
  const lines = text.split("\n");
  const entries = Object.entries(ROWS).map(([name, row]) => {
    const line = lines.find((l) => l.startsWith(`${row} `));
    if (line === undefined) throw new Error(`/proc/<pid>/limits has no '${row}' row`);
    const [soft = "", hard = ""] = line.slice(row.length).trim().split(/\s+/);
    return [name, { soft: limitValue(soft, row), hard: limitValue(hard, row) }] as const;
  });
  return Object.fromEntries(entries) as ProcessLimits;
}

/** "100 soft, 200 hard" (or "unlimited"), for messages. */
export function describeLimit(l: ProcessLimit): string {
  const v = (n: number) => (n === -1 ? "unlimited" : String(n));
  return `${v(l.soft)} soft, ${v(l.hard)} hard`;
}
