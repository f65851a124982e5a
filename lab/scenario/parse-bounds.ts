// `count`, `at_least` and `at_most` of a scenario.yml mapping: how many sockets, processes,
// segments or lines an assertion expects, or the range a number must fall in.
import type { CountBounds } from "../assert/index.js";
import type { Fields } from "./fields.js";

const KEYS = [["count", "count"], ["at_least", "atLeast"], ["at_most", "atMost"]] as const;

/** The bounds given, or undefined when there are none; `count` must stand alone. */
export function readCountBounds(f: Fields, opts: { integer?: boolean } = {}): CountBounds | undefined {
  const b: CountBounds = {};
  for (const [yml, key] of KEYS) {
    const n = f.number(yml, { min: 0, integer: opts.integer ?? true });
    if (n !== undefined) b[key] = n;
  }
  if (b.count !== undefined && (b.atLeast !== undefined || b.atMost !== undefined)) f.fail("count", "give count alone, or at_least/at_most");
  return Object.keys(b).length ? b : undefined;
}
