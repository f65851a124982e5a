// Named checks over one connection; each throws TraceAssertionError with the trace.
import type { TcpConnection } from "../tcp/tcp-connection.js";
import type { RstCause } from "../tcp/rst-cause.js";
import type { Side } from "../tcp/tcp-state.js";
import { connectionFailure } from "./trace-assertion-error.js";

export function handshakeCompleted(conn: TcpConnection): void {
  if (conn.handshake.complete) return;
  const h = conn.handshake;
  const missing = [h.synIndex === undefined && "the client's SYN", h.synAckIndex === undefined && "the server's SYN-ACK", h.ackIndex === undefined && "the client's ACK of it"]
    .filter(Boolean)
    .join(", ");
  throw connectionFailure(conn, {
    headline: "handshakeCompleted failed",
    expected: ["a three-way handshake: c>s S, s>c S., c>s ."],
    detail: [`missing: ${missing}`],
  });
}

export type CloserExpectation = Side | "simultaneous";

export function gracefulClose(conn: TcpConnection, opts: { activeCloser?: CloserExpectation } = {}): void {
  const c = conn.close;
  const actual: CloserExpectation | undefined = c.simultaneous ? "simultaneous" : c.activeCloser;
  const problems: string[] = [];
  if (!c.graceful) problems.push(closeProblem(conn));
  if (opts.activeCloser && actual !== opts.activeCloser) {
    problems.push(`the active closer was ${actual ?? "nobody (no FIN)"}, not ${opts.activeCloser}`);
  }
  if (problems.length === 0) return;
  const who = opts.activeCloser === "simultaneous" ? ", closed by both at once (both TIME_WAIT)" : opts.activeCloser ? `, ${opts.activeCloser} closing first (${opts.activeCloser} enters TIME_WAIT)` : "";
  throw connectionFailure(conn, {
    headline: "gracefulClose failed",
    expected: [`a graceful close: a FIN each way, both acknowledged, no RST${who}`],
    detail: problems,
  });
}

function closeProblem(conn: TcpConnection): string {
  if (conn.resets.length > 0) return `the connection was reset (RST by ${conn.resets[0]?.by})`;
  const c = conn.close;
  if (c.clientFinIndex === undefined && c.serverFinIndex === undefined) return "no FIN was seen";
  if (c.clientFinIndex === undefined) return "the client never sent a FIN";
  if (c.serverFinIndex === undefined) return "the server never sent a FIN";
  return "not every FIN was acknowledged";
}

export function resetBy(conn: TcpConnection, side: Side, opts: { cause?: RstCause } = {}): void {
  const hit = conn.resets.find((r) => r.by === side && (!opts.cause || r.cause === opts.cause));
  if (hit) return;
  const seen = conn.resets.map((r) => `RST by ${r.by} at packet ${r.index + 1} (${r.cause})`);
  throw connectionFailure(conn, {
    headline: "resetBy failed",
    expected: [`an RST sent by the ${side}${opts.cause ? ` (${opts.cause})` : ""}`],
    detail: [seen.length > 0 ? `resets seen: ${seen.join("; ")}` : "no RST was seen"],
  });
}

export function retransmissionSeen(conn: TcpConnection, opts: { side?: Side } = {}): void {
  if (conn.retransmissions.some((r) => !opts.side || r.side === opts.side)) return;
  throw connectionFailure(conn, {
    headline: "retransmissionSeen failed",
    expected: [`a retransmission${opts.side ? ` by the ${opts.side}` : ""} (a sequence range sent again)`],
    detail: [`retransmissions seen: ${conn.retransmissions.length}`],
  });
}
