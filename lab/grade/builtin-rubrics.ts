// The ready rubrics, chosen by name: a byte-echo server started as `./server PORT` (the
// most common coursework form, the default), its upper-case and line variants, and the
// lab's own load protocol (started as `./server -P PORT`). 100 points each.
import { CHECK_PARAMS, type CheckId, type CheckParams } from "./check-params.js";
import type { CheckSpec, Protocol, Rubric } from "./rubric.js";

// Ordinary traffic first (those checks can share one server), then the clients that
// misbehave on purpose, then SIGTERM, each on a fresh server.
const POINTS: Array<[CheckId, number]> = [
  ["builds", 10],
  ["serves-one", 15],
  ["concurrent", 15],
  ["wire", 10],
  ["no-fd-leak", 10],
  ["no-zombies", 10],
  ["slow-client", 10],
  ["malformed", 5],
  ["survives-reset", 10],
  ["sigterm", 5],
];

const checks = (): CheckSpec[] => POINTS.map(([id, points]) => ({ id, points, params: { ...(CHECK_PARAMS[id].defaults as CheckParams) } }));

function rubric(name: string, protocol: Protocol, argv: string[]): Rubric {
  return {
    name,
    protocol,
    argv,
    port: 1234,
    listen: 5,
    build: { flags: ["-Wall", "-Wextra", "-pthread", "-O2"], binary: "server" },
    limits: { cpus: 1, memoryMb: 256, pids: 2048, nofile: 4096 },
    checks: checks(),
  };
}

export const BUILTIN_RUBRICS: Record<string, () => Rubric> = {
  echo: () => rubric("echo", "echo", ["{binary}", "{port}"]),
  upper: () => rubric("upper", "upper", ["{binary}", "{port}"]),
  line: () => rubric("line", "line", ["{binary}", "{port}"]),
  load: () => rubric("load", "load", ["{binary}", "-P", "{port}"]),
};
