// Why an RST was sent, judged from the sender's state and what the peer sent just before.
import { TcpState, type TcpState as State } from "./tcp-state.js";

export type RstCause = "connection-refused" | "data-after-close" | "abortive-close" | "unknown";

export interface RstContext {
  senderState: State;
  receiverState: State;
  /** The sender had sent a FIN earlier on this connection. */
  senderSentFin: boolean;
  /** The last segment the sender received carried payload. */
  peerSentDataLast: boolean;
}

const DESCRIPTIONS: Record<RstCause, string> = {
  "connection-refused": "in answer to a SYN to a closed port (connection refused)",
  "data-after-close": "after data arrived for a socket that had already been closed",
  "abortive-close": "abortive close (SO_LINGER 0, or close with unread data)",
  unknown: "for an unknown reason",
};

export function describeRstCause(cause: RstCause): string {
  return DESCRIPTIONS[cause];
}

export function classifyRst(ctx: RstContext): RstCause {
  const neverAnswered = ctx.senderState === TcpState.LISTEN || ctx.senderState === TcpState.CLOSED;
  if (neverAnswered && ctx.receiverState === TcpState.SYN_SENT) return "connection-refused";
  if (ctx.senderSentFin && ctx.peerSentDataLast) return "data-after-close";
  if (ctx.senderSentFin) return "unknown";
  const open: State[] = [TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, TcpState.SYN_RECEIVED];
  return open.includes(ctx.senderState) ? "abortive-close" : "unknown";
}
