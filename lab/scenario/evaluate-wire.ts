// Judging the assertions on the wire with lab/assert, on the captures the case took.
// Each verdict carries the evidence for a pass too (the segments matched, the time
// measured, who reset), and the connections it looked at, whose ladders the report draws.
import {
  bytesTransferred,
  connectionCount,
  describeCount,
  describeDurationBounds,
  expectSegments,
  gracefulClose,
  handshakeCompleted,
  handshakeRtt,
  resetBy,
  retransmissionSeen,
  segmentCount,
  synRetransmissions,
  synTimes,
  Trace,
  TraceAssertionError,
} from "../assert/index.js";
import type { TcpConnection } from "../tcp/tcp-connection.js";
import { tcpdumpFlags } from "../tcp/tcp-flags.js";
import { formatDuration } from "../trace/time-format.js";
import type { WireAssertion } from "./types.js";
import { fail, pass, type Verdict } from "./verdict.js";

type Judged = Pick<Verdict, "passed" | "expected" | "seen" | "detail">;

export interface WireJudgement {
  judged: Judged;
  /** Connection ids (of the assertion's capture) it looked at. */
  connections: number[];
}

/** The flags of a connection's segments, e.g. "c>s S, s>c S., c>s ., c>s P., ...". */
function flagsList(conn: TcpConnection, limit = 14): string {
  const all = conn.segments.map((s) => `${s.dir} ${tcpdumpFlags(s.flags)}${s.length ? ` len=${s.length}` : ""}`);
  return all.length > limit ? `${all.slice(0, limit).join(", ")}, ... (${all.length} segments)` : all.join(", ");
}

function closeText(conn: TcpConnection): string {
  const c = conn.close;
  if (conn.resets.length) return `reset by the ${conn.resets[0]?.by}`;
  if (c.simultaneous) return `simultaneous close; TIME_WAIT: ${c.timeWait.join(" and ")}`;
  return `${c.activeCloser ?? "nobody"} closed first${c.graceful ? ", both FINs acknowledged" : ""}; TIME_WAIT: ${c.timeWait.join(" and ") || "none"}`;
}

/** The check on one connection: throws TraceAssertionError, or returns [expected, seen]. */
function checkConnection(a: WireAssertion, conn: TcpConnection): [string, string] {
  switch (a.kind) {
    case "segments":
      expectSegments(conn, a.steps);
      return [a.steps.join(", "), flagsList(conn)];
    case "handshake":
      handshakeCompleted(conn);
      return ["SYN, SYN-ACK, ACK", `complete (packets ${[conn.handshake.synIndex, conn.handshake.synAckIndex, conn.handshake.ackIndex].map((i) => (i ?? 0) + 1).join(", ")})`];
    case "graceful-close":
      gracefulClose(conn, a.activeCloser ? { activeCloser: a.activeCloser } : {});
      return [`a graceful close${a.activeCloser ? `, ${a.activeCloser} closing first` : ""}`, closeText(conn)];
    case "reset": {
      resetBy(conn, a.by, a.cause ? { cause: a.cause } : {});
      const r = conn.resets.find((x) => x.by === a.by && (!a.cause || x.cause === a.cause));
      return [`RST from the ${a.by}${a.cause ? ` (${a.cause})` : ""}`, `RST by the ${r?.by} at packet ${(r?.index ?? 0) + 1}: ${r?.description}`];
    }
    case "retransmission":
      retransmissionSeen(conn, a.side ? { side: a.side } : {});
      return [`a retransmission${a.side ? ` by the ${a.side}` : ""}`, `${conn.retransmissions.length} retransmission(s)`];
    case "handshake-rtt":
      return [`SYN -> SYN-ACK ${describeDurationBounds(a)}`, formatDuration(handshakeRtt(conn, a))];
    case "syn-retransmissions": {
      const n = synRetransmissions(conn, a.bounds);
      return [`${describeCount(a.bounds)} SYN retransmission(s)`, `${n}${n ? ` (SYNs at ${synTimes(conn).join(", ")} s)` : ""}`];
    }
    case "segment-count":
      return [`${describeCount(a.bounds)} segment(s) "${a.pattern}"`, String(segmentCount(conn, a.pattern, a.bounds))];
    case "bytes": {
      const b = bytesTransferred(conn, a);
      const want = [a.toServer !== undefined ? `${a.toServer} to the server` : "", a.toClient !== undefined ? `${a.toClient} to the client` : ""].filter(Boolean).join(", ");
      return [`${want} bytes`, `${b.toServer} to the server, ${b.toClient} to the client`];
    }
    case "connections":
    case "icmp-port-unreachable":
      throw new Error(`${a.kind} is not a per-connection check`);
  }
}

export function judgeWire(a: WireAssertion, trace: Trace | undefined, captureProblem?: string): WireJudgement {
  if (!trace) return { judged: fail(`a capture at ${a.capture}`, captureProblem ?? "no capture was saved"), connections: [] };
  try {
    if (a.kind === "connections") {
      const n = connectionCount(trace, a.connection, a.bounds);
      return { judged: pass(`${describeCount(a.bounds)} TCP connection(s)`, String(n)), connections: [] };
    }
    if (a.kind === "icmp-port-unreachable") {
      const hit = trace.icmpPortUnreachableSeen(a.flow);
      return { judged: pass(`ICMP port unreachable quoting the UDP flow`, `${hit.summary} (packet ${hit.index + 1})`), connections: [] };
    }
    return a.each ? judgeEach(a, trace) : judgeOne(a, trace.connection(a.connection));
  } catch (err) {
    if (!(err instanceof TraceAssertionError)) throw err;
    return { judged: fail(err.expected || a.kind, firstSeen(err), err.message), connections: [] };
  }
}

function judgeOne(a: WireAssertion, conn: TcpConnection): WireJudgement {
  try {
    const [expected, seen] = checkConnection(a, conn);
    return { judged: pass(expected, `connection ${conn.id}: ${seen}`), connections: [conn.id] };
  } catch (err) {
    if (!(err instanceof TraceAssertionError)) throw err;
    return { judged: fail(err.expected, `connection ${conn.id}: ${firstSeen(err)}`, err.message), connections: [conn.id] };
  }
}

function judgeEach(a: WireAssertion, trace: Trace): WireJudgement {
  const conns = trace.connectionsMatching(a.connection);
  if (conns.length === 0) trace.connection(a.connection); // throws, listing what there is
  const failures: Array<{ conn: TcpConnection; err: TraceAssertionError }> = [];
  let expected = "";
  let seen = "";
  for (const conn of conns) {
    try {
      [expected, seen] = checkConnection(a, conn);
    } catch (err) {
      if (!(err instanceof TraceAssertionError)) throw err;
      failures.push({ conn, err });
    }
  }
  const first = failures[0];
  if (!first) return { judged: pass(`on every connection: ${expected}`, `all ${conns.length}; the last: ${seen}`), connections: conns.slice(0, 2).map((c) => c.id) };
  return {
    judged: fail(
      `on every connection: ${first.err.expected}`,
      `${failures.length} of ${conns.length} did not (connections ${failures.map((f) => f.conn.id).join(", ")}); connection ${first.conn.id}: ${firstSeen(first.err)}`,
      first.err.message,
    ),
    connections: failures.slice(0, 3).map((f) => f.conn.id),
  };
}

/** The line of a failure message that says what was seen (after "expected:"). */
function firstSeen(err: TraceAssertionError): string {
  const lines = err.message.split("\n");
  const afterExpected = lines.findIndex((l) => l === "expected:");
  const rest = lines.slice(afterExpected + 1);
  const i = rest.findIndex((l) => !l.startsWith(" ") && !l.startsWith(">>"));
  const said = rest[i] === "seen:" ? rest[i + 1] : rest[i];
  return (said ?? lines[0] ?? "").trim();
}
