import { ValidationError } from "./errors.js";

/**
 * Parsers for the units tc spells: durations (tc's get_time), percentages
 * (get_percent) and rates (get_rate64). Suffixes are case-insensitive as in tc.
 * Unlike tc, a bare number is refused for durations (tc reads it as µs) and rates
 * (tc reads it as bits/s on new versions, bytes/s on old ones) because it is
 * ambiguous; `0` is accepted as a duration.
 *
 * `flag` is how the value was given (`--delay`, `x-netem.delay`, ...) and is
 * quoted in error messages.
 */

const NUMBER = /^(\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?/i;

function splitNumber(value: string): { num: number; unit: string } | null {
  const m = NUMBER.exec(value);
  if (!m) return null;
  const num = Number(m[0]);
  if (!Number.isFinite(num)) return null;
  return { num, unit: value.slice(m[0].length) };
}

const DURATION_UNITS: Record<string, number> = {
  s: 1000,
  sec: 1000,
  secs: 1000,
  ms: 1,
  msec: 1,
  msecs: 1,
  us: 0.001,
  usec: 0.001,
  usecs: 0.001,
};

/** `100ms`, `1.5s`, `250us`, `0` → milliseconds (may be fractional). */
export function parseDuration(flag: string, value: string): number {
  const v = value.trim();
  const bad = () => new ValidationError(`${flag}: '${value}' is not a duration (use e.g. 100ms, 1.5s)`);
  const p = splitNumber(v);
  if (!p) throw bad();
  if (p.unit === "") {
    if (p.num === 0) return 0;
    throw new ValidationError(`${flag}: '${value}' needs a unit (use e.g. ${v}ms)`);
  }
  const scale = DURATION_UNITS[p.unit.toLowerCase()];
  if (scale === undefined) throw bad();
  // Round to whole microseconds: tc's resolution.
  return Math.round(p.num * scale * 1000) / 1000;
}

/** `10%`, `0.5%` (or `10`, as tc accepts) → percent as a number. Range 0..100. */
export function parsePercent(flag: string, value: string): number {
  const v = value.trim();
  const p = splitNumber(v);
  if (!p || (p.unit !== "" && p.unit !== "%")) {
    throw new ValidationError(`${flag}: '${value}' is not a percentage (use e.g. 10%, 0.5%)`);
  }
  if (p.num > 100) throw new ValidationError(`${flag}: '${value}' is outside 0%..100%`);
  return p.num;
}

/** tc's rate suffixes → bits per second per unit. `bps` is BYTES per second, as in tc. */
const RATE_UNITS: Record<string, number> = {
  bit: 1,
  kibit: 1024,
  kbit: 1000,
  mibit: 1024 ** 2,
  mbit: 1000 ** 2,
  gibit: 1024 ** 3,
  gbit: 1000 ** 3,
  tibit: 1024 ** 4,
  tbit: 1000 ** 4,
  bps: 8,
  kibps: 8 * 1024,
  kbps: 8 * 1000,
  mibps: 8 * 1024 ** 2,
  mbps: 8 * 1000 ** 2,
  gibps: 8 * 1024 ** 3,
  gbps: 8 * 1000 ** 3,
  tibps: 8 * 1024 ** 4,
  tbps: 8 * 1000 ** 4,
};

/** `1mbit`, `500kbit`, `10mbps` (= 80 Mbit/s, like tc), `1gbit`, `100bit` → bits per second (integer). */
export function parseRate(flag: string, value: string): number {
  const v = value.trim();
  const p = splitNumber(v);
  const bad = () => new ValidationError(`${flag}: '${value}' is not a rate (use e.g. 1mbit, 500kbit, 10mbps)`);
  if (!p) throw bad();
  if (p.unit === "") throw new ValidationError(`${flag}: '${value}' needs a unit (use e.g. ${v}kbit)`);
  const scale = RATE_UNITS[p.unit.toLowerCase()];
  if (scale === undefined) throw bad();
  return Math.round(p.num * scale);
}

/** Formats milliseconds the way tc prints/accepts them: `100ms`, `250us`, `0ms`. */
export function formatDurationForTc(ms: number): string {
  if (Number.isInteger(ms)) return `${ms}ms`;
  return `${Math.round(ms * 1000)}us`;
}

/** Formats a number without float noise (0.1 + 0.2 → 0.3). */
export function formatNumber(n: number): string {
  return String(Number(n.toPrecision(12)));
}
