// Named checks that measure something on the wire and compare it with bounds: the
// handshake's round trip, SYN retransmissions, segments of a kind, connections. Each
// returns what it measured (so a report can show it when the check holds) and throws
// TraceAssertionError, with the connection's segments and ladder, when it does not.
import type { TcpConnection } from "../tcp/tcp-connection.js";
import { formatEndpoint } from "../tcp/endpoint.js";
import { formatDuration, formatSeconds } from "../trace/time-format.js";
import { mismatch } from "./match-segments.js";
import { durationNs, parseStep } from "./segment-pattern.js";
import { connectionFailure, TraceAssertionError } from "./trace-assertion-error.js";
import type { FlowSelector, Trace } from "./trace.js";

/** A count that must be exactly `count`, or within [atLeast, atMost]. */
export interface CountBounds {
  count?: number;
  atLeast?: number;
  atMost?: number;
}

/** A duration as nanoseconds or text such as "100ms". */
export type Duration = bigint | string;

export interface DurationBounds {
  atLeast?: Duration;
  atMost?: Duration;
}

export function countHolds(n: number, b: CountBounds): boolean {
  return (b.count === undefined || n === b.count) && (b.atLeast === undefined || n >= b.atLeast) && (b.atMost === undefined || n <= b.atMost);
}

/** "exactly 2", "at least 1", "from 1 to 3", "any number". */
export function describeCount(b: CountBounds): string {
  if (b.count !== undefined) return `exactly ${b.count}`;
  if (b.atLeast !== undefined && b.atMost !== undefined) return `from ${b.atLeast} to ${b.atMost}`;
  if (b.atLeast !== undefined) return `at least ${b.atLeast}`;
  if (b.atMost !== undefined) return `at most ${b.atMost}`;
  return "any number";
}

const ns = (d: Duration): bigint => (typeof d === "bigint" ? d : durationNs(d));

export function describeDurationBounds(b: DurationBounds): string {
  const lo = b.atLeast !== undefined ? formatDuration(ns(b.atLeast)) : undefined;
  const hi = b.atMost !== undefined ? formatDuration(ns(b.atMost)) : undefined;
  if (lo && hi) return `from ${lo} to ${hi}`;
  return lo ? `at least ${lo}` : hi ? `at most ${hi}` : "any time";
}

/**
 * The handshake's round trip at the capture point: from the (last) SYN to the SYN-ACK.
 * On a capture taken at the client this is the round trip the client's connect() waited.
 */
export function handshakeRtt(conn: TcpConnection, bounds: DurationBounds): bigint {
  const rtt = conn.handshake.synToSynAckNs;
  const lo = bounds.atLeast !== undefined ? ns(bounds.atLeast) : undefined;
  const hi = bounds.atMost !== undefined ? ns(bounds.atMost) : undefined;
  if (rtt !== undefined && (lo === undefined || rtt >= lo) && (hi === undefined || rtt <= hi)) return rtt;
  throw connectionFailure(conn, {
    headline: "handshakeRtt failed",
    expected: [`SYN -> SYN-ACK ${describeDurationBounds(bounds)}`],
    detail: [rtt === undefined ? "no SYN and SYN-ACK pair was captured" : `SYN -> SYN-ACK took ${formatDuration(rtt)}`],
  });
}

/** When each SYN of the connection was sent, relative to the first: "0.000000, 1.004, 3.012". */
export function synTimes(conn: TcpConnection): string[] {
  return conn.segments.filter((s) => s.dir === "c>s" && (s.flags & 0x12) === 0x02).map((s) => formatSeconds(s.timeNs - conn.firstNs));
}

/** SYNs the client sent again because no SYN-ACK came. */
export function synRetransmissions(conn: TcpConnection, bounds: CountBounds): number {
  const n = conn.handshake.synRetransmissions;
  if (countHolds(n, bounds)) return n;
  throw connectionFailure(conn, {
    headline: "synRetransmissions failed",
    expected: [`${describeCount(bounds)} SYN retransmission(s)`],
    detail: [`SYN retransmissions seen: ${n}${n > 0 ? ` (SYNs at ${synTimes(conn).join(", ")} s)` : ""}`],
  });
}

/** Segments that match one step of the expectSegments notation, e.g. "c>s FP?.?" (every client FIN). */
export function segmentCount(conn: TcpConnection, pattern: string, bounds: CountBounds): number {
  const step = parseStep(pattern);
  if (step.kind === "gap") throw new SyntaxError(`segmentCount: "${pattern}" is not one segment`);
  const hits = conn.segments.filter((s) => mismatch(step, s, s.timeNs) === undefined).length;
  if (countHolds(hits, bounds)) return hits;
  throw connectionFailure(conn, {
    headline: "segmentCount failed",
    expected: [`${describeCount(bounds)} segment(s) matching "${pattern}"`],
    detail: [`segments matching "${pattern}": ${hits}`],
  });
}

/** How many TCP connections the selector matches (its index is ignored). */
export function connectionCount(trace: Trace, sel: FlowSelector, bounds: CountBounds): number {
  const found = trace.connectionsMatching(sel);
  if (countHolds(found.length, bounds)) return found.length;
  const list = trace.connections.map((c) => `  ${c.id}: ${formatEndpoint(c.client)} -> ${formatEndpoint(c.server)}`);
  const expected = `${describeCount(bounds)} TCP connection(s) matching ${JSON.stringify(sel)}`;
  throw new TraceAssertionError(
    [`connectionCount failed`, "expected:", `  ${expected}`, `seen: ${found.length}`, "TCP connections in the capture:", ...(list.length ? list : ["  (none)"])].join("\n"),
    expected,
    `${found.length} connection(s)`,
  );
}

/** Payload bytes each way (each byte once: retransmissions not counted twice). */
export function bytesTransferred(conn: TcpConnection, want: { toServer?: number; toClient?: number }): { toServer: number; toClient: number } {
  const seen = { toServer: conn.toServer.uniqueBytes, toClient: conn.toClient.uniqueBytes };
  if ((want.toServer === undefined || seen.toServer === want.toServer) && (want.toClient === undefined || seen.toClient === want.toClient)) return seen;
  const parts = (b: { toServer?: number; toClient?: number }) =>
    [b.toServer !== undefined ? `${b.toServer} bytes client->server` : "", b.toClient !== undefined ? `${b.toClient} bytes server->client` : ""].filter(Boolean).join(", ");
  throw connectionFailure(conn, {
    headline: "bytesTransferred failed",
    expected: [parts(want)],
    detail: [`transferred: ${parts(seen)}`],
  });
}
