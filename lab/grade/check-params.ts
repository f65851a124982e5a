// The checks a rubric can name, and the parameters each takes (with defaults), validated
// where a rubric file sets them.

export const DESIGNS = ["single-process", "fork-per-connection", "thread-per-connection", "process-pool", "thread-pool"] as const;
export type Design = (typeof DESIGNS)[number];

export interface CheckParams {
  /** Connections held open at once (concurrent, design). */
  clients?: number;
  /** Connections made one after the other (no-fd-leak, no-zombies, wire). */
  connections?: number;
  /** Requests per connection, and bytes per request (serves-one). */
  requests?: number;
  bytes?: number;
  /** Seconds allowed (sigterm: to exit; concurrent, slow-client: for a reply). */
  within?: number;
  /** Descriptors a server may keep after the connections are gone (no-fd-leak). */
  tolerance?: number;
  /** The design asked for, and its pool size (design). */
  expect?: Design;
  workers?: number;
}

type Fail = (path: string, problem: string) => never;

interface ParamSpec {
  /** The parameters a rubric may set. */
  keys: string[];
  defaults: CheckParams;
  validate(p: Record<string, unknown>, fail: Fail): CheckParams;
}

function int(p: Record<string, unknown>, key: string, lo: number, hi: number, fail: Fail): number | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) fail(key, `expected a whole number from ${lo} to ${hi}, got ${JSON.stringify(v)}`);
  return v;
}

/** A spec whose parameters are whole numbers in ranges. */
function numeric(defaults: CheckParams, ranges: Record<string, [number, number]> = {}): ParamSpec {
  return {
    keys: Object.keys(ranges),
    defaults,
    validate: (p, fail) => Object.fromEntries(Object.entries(ranges).map(([k, [lo, hi]]) => [k, int(p, k, lo, hi, fail)])) as CheckParams,
  };
}

const design: ParamSpec = {
  keys: ["expect", "workers", "clients"],
  defaults: { clients: 5 },
  validate(p, fail) {
    if (!DESIGNS.includes(p.expect as Design)) fail("expect", `expected one of ${DESIGNS.join(", ")}`);
    const workers = int(p, "workers", 1, 1024, fail);
    if ((p.expect === "process-pool" || p.expect === "thread-pool") && workers === undefined) fail("workers", `${String(p.expect)} needs the pool size`);
    return { expect: p.expect as Design, workers, clients: int(p, "clients", 1, 200, fail) };
  },
};

export const CHECK_PARAMS = {
  builds: numeric({}),
  "no-warnings": numeric({}),
  "serves-one": numeric({ requests: 3, bytes: 1000 }, { requests: [1, 1000], bytes: [1, 1048576] }),
  concurrent: numeric({ clients: 5, within: 5 }, { clients: [2, 200], within: [1, 60] }),
  malformed: numeric({}),
  "slow-client": numeric({ clients: 2, within: 5 }, { clients: [1, 50], within: [1, 60] }),
  "no-fd-leak": numeric({ connections: 1000, tolerance: 3 }, { connections: [10, 100000], tolerance: [0, 1000] }),
  "no-zombies": numeric({ connections: 1000 }, { connections: [10, 100000] }),
  "survives-reset": numeric({}),
  sigterm: numeric({ within: 5 }, { within: [1, 60] }),
  wire: numeric({ connections: 5 }, { connections: [1, 100] }),
  design,
} satisfies Record<string, ParamSpec>;

export type CheckId = keyof typeof CHECK_PARAMS;
export const CHECK_IDS = Object.keys(CHECK_PARAMS) as CheckId[];
