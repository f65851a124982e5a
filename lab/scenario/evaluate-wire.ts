// Judging the assertions on the wire with lab/assert, on the captures the case took.
// Each verdict carries the evidence for a pass too (the segments matched, the time
// measured, who reset), and the connections it looked at, whose ladders the report draws.
import {
  bytesTransferred,
  countHolds,
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
import { chosenConnection, describeChoice, matchingConnections, noConnection } from "./select-connections.js";
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

/** What the assertion expects, in words (the same whether it holds or not). */
export function expectationOf(a: WireAssertion): string {
  switch (a.kind) {
    case "segments":
      return a.steps.join(", ");
    case "handshake":
      return "SYN, SYN-ACK, ACK";
    case "graceful-close":
      return `a graceful close: a FIN each way, both acknowledged, no RST${a.activeCloser ? `; ${a.activeCloser} closing first` : ""}`;
    case "reset":
      return `an RST from the ${a.by}${a.cause ? ` (${a.cause})` : ""}`;
    case "retransmission":
      return `a retransmission${a.side ? ` by the ${a.side}` : ""}`;
    case "handshake-rtt":
      return `SYN -> SYN-ACK ${describeDurationBounds(a)}`;
    case "syn-retransmissions":
      return `${describeCount(a.bounds)} SYN retransmission(s)`;
    case "segment-count":
      return `${describeCount(a.bounds)} segment(s) "${a.pattern}"`;
    case "bytes":
      return [a.toServer !== undefined ? `${a.toServer} bytes to the server` : "", a.toClient !== undefined ? `${a.toClient} bytes to the client` : ""].filter(Boolean).join(", ");
    case "connections":
      return `${describeCount(a.bounds)} TCP connection(s)${Object.keys(a.connection).length ? ` with ${describeChoice(a.connection)}` : ""}`;
    case "icmp-port-unreachable":
      return "an ICMP port unreachable quoting a datagram of the UDP flow";
  }
}

/** The check on one connection: throws TraceAssertionError, or returns what was seen. */
function checkConnection(a: WireAssertion, conn: TcpConnection): string {
  switch (a.kind) {
    case "segments":
      expectSegments(conn, a.steps);
      return flagsList(conn);
    case "handshake":
      handshakeCompleted(conn);
      return `complete (packets ${[conn.handshake.synIndex, conn.handshake.synAckIndex, conn.handshake.ackIndex].map((i) => (i ?? 0) + 1).join(", ")})`;
    case "graceful-close":
      gracefulClose(conn, a.activeCloser ? { activeCloser: a.activeCloser } : {});
      return closeText(conn);
    case "reset": {
      resetBy(conn, a.by, a.cause ? { cause: a.cause } : {});
      const r = conn.resets.find((x) => x.by === a.by && (!a.cause || x.cause === a.cause));
      return `RST by the ${r?.by} at packet ${(r?.index ?? 0) + 1}: ${r?.description}`;
    }
    case "retransmission":
      retransmissionSeen(conn, a.side ? { side: a.side } : {});
      return `${conn.retransmissions.length} retransmission(s)`;
    case "handshake-rtt":
      return `SYN -> SYN-ACK ${formatDuration(handshakeRtt(conn, a))}`;
    case "syn-retransmissions": {
      const n = synRetransmissions(conn, a.bounds);
      return `${n}${n ? ` (SYNs at ${synTimes(conn).join(", ")} s)` : ""}`;
    }
    case "segment-count":
      return String(segmentCount(conn, a.pattern, a.bounds));
    case "bytes": {
      const b = bytesTransferred(conn, a);
      return `${b.toServer} bytes to the server, ${b.toClient} to the client`;
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
      const found = matchingConnections(trace, a.connection);
      const seen = `${found.length}${found.length ? ` (${found.slice(0, 12).map((c) => c.id).join(", ")}${found.length > 12 ? ", ..." : ""})` : ""}`;
      if (countHolds(found.length, a.bounds)) return { judged: pass(expectationOf(a), seen), connections: found.slice(0, 1).map((c) => c.id) };
      return { judged: fail(expectationOf(a), seen, noConnection(trace, a.connection, found.length).message), connections: [] };
    }
    if (a.kind === "icmp-port-unreachable") {
      const hit = trace.icmpPortUnreachableSeen(a.flow);
      return { judged: pass(expectationOf(a), `${hit.summary} (packet ${hit.index + 1})`), connections: [] };
    }
    return a.each ? judgeEach(a, trace) : judgeOne(a, chosenConnection(trace, a.connection));
  } catch (err) {
    if (!(err instanceof TraceAssertionError)) throw err;
    return { judged: fail(expectationOf(a), firstSeen(err), err.message), connections: [] };
  }
}

function judgeOne(a: WireAssertion, conn: TcpConnection): WireJudgement {
  try {
    return { judged: pass(expectationOf(a), `connection ${conn.id}: ${checkConnection(a, conn)}`), connections: [conn.id] };
  } catch (err) {
    if (!(err instanceof TraceAssertionError)) throw err;
    return { judged: fail(expectationOf(a), `connection ${conn.id}: ${firstSeen(err)}`, err.message), connections: [conn.id] };
  }
}

function judgeEach(a: WireAssertion, trace: Trace): WireJudgement {
  const conns = matchingConnections(trace, a.connection);
  if (conns.length === 0) throw noConnection(trace, a.connection, 0);
  const failures: Array<{ conn: TcpConnection; err: TraceAssertionError }> = [];
  let seen = "";
  for (const conn of conns) {
    try {
      seen = checkConnection(a, conn);
    } catch (err) {
      if (!(err instanceof TraceAssertionError)) throw err;
      failures.push({ conn, err });
    }
  }
  const first = failures[0];
  if (!first) return { judged: pass(`on every connection: ${expectationOf(a)}`, `all ${conns.length}; the last: ${seen}`), connections: conns.slice(0, 2).map((c) => c.id) };
  return {
    judged: fail(
      `on every connection: ${expectationOf(a)}`,
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
