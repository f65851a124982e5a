// Time formatting for the renderings: seconds with microseconds, like tcpdump -ttt.

const NS_PER_S = 1_000_000_000n;

/** "0.000250" for 250 µs (rounded down to the microsecond, as tcpdump shows). */
export function formatSeconds(ns: bigint): string {
  const sign = ns < 0n ? "-" : "";
  const abs = ns < 0n ? -ns : ns;
  const micros = (abs % NS_PER_S) / 1000n;
  return `${sign}${abs / NS_PER_S}.${micros.toString().padStart(6, "0")}`;
}

/**
 * "0.750 ms" for short spans, "2.500 s" for long ones. A negative span only happens when
 * the capture's timestamps go backwards: it is no duration, so it is not printed as one.
 */
export function formatDuration(ns: bigint): string {
  if (ns < 0n) return "unknown (timestamps go backwards)";
  const ms = Number(ns) / 1e6;
  return ms < 1000 ? `${ms.toFixed(3)} ms` : `${(ms / 1000).toFixed(3)} s`;
}
