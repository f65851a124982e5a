// What client_test --json says about one load: every connection verified byte for byte,
// failures counted by errno name (or TIMEOUT, SHORT_READ, MISMATCH).

export interface ClientResult {
  ok: number;
  failed: number;
  failures: Record<string, number>;
  requests: number;
  bytes: number;
  elapsedS: number;
  connectP50Ms: number;
  connectP99Ms: number;
  /** From writing the first request to reading the last byte of its reply (NaN from an older client_test). */
  replyP50Ms: number;
  replyP99Ms: number;
}

interface Raw {
  connections_ok?: unknown;
  connections_failed?: unknown;
  failures?: unknown;
  requests?: unknown;
  bytes?: unknown;
  elapsed_s?: unknown;
  connect_latency_ms?: { p50?: unknown; p99?: unknown };
  reply_latency_ms?: { p50?: unknown; p99?: unknown };
}

const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : Number.NaN);

/** The summary line of client_test --json, or undefined when it printed none. */
export function parseClientJson(stdout: string): ClientResult | undefined {
  for (const line of stdout.trim().split("\n").reverse()) {
    let raw: Raw;
    try {
      raw = JSON.parse(line) as Raw;
    } catch {
      continue;
    }
    if (typeof raw?.connections_ok !== "number") continue;
    const failures = Object.fromEntries(
      Object.entries((raw.failures ?? {}) as Record<string, unknown>).map(([k, v]) => [k, num(v)]),
    );
    return {
      ok: raw.connections_ok,
      failed: num(raw.connections_failed),
      failures,
      requests: num(raw.requests),
      bytes: num(raw.bytes),
      elapsedS: num(raw.elapsed_s),
      connectP50Ms: num(raw.connect_latency_ms?.p50),
      connectP99Ms: num(raw.connect_latency_ms?.p99),
      replyP50Ms: num(raw.reply_latency_ms?.p50),
      replyP99Ms: num(raw.reply_latency_ms?.p99),
    };
  }
  return undefined;
}

export const connectionsPerSecond = (r: ClientResult): number => (r.elapsedS > 0 ? r.ok / r.elapsedS : Number.NaN);

/** "12 of 2500 connections failed (ECONNRESET=10, TIMEOUT=2)". */
export function describeFailures(r: ClientResult): string {
  const counts = Object.entries(r.failures)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name}=${n}`)
    .join(", ");
  return `${r.failed} of ${r.ok + r.failed} connections failed${counts ? ` (${counts})` : ""}`;
}
