// RFC 793 connection states, the two ends of a connection and the state timeline entry.

export const TcpState = {
  CLOSED: "CLOSED",
  LISTEN: "LISTEN",
  SYN_SENT: "SYN_SENT",
  SYN_RECEIVED: "SYN_RECEIVED",
  ESTABLISHED: "ESTABLISHED",
  FIN_WAIT_1: "FIN_WAIT_1",
  FIN_WAIT_2: "FIN_WAIT_2",
  CLOSE_WAIT: "CLOSE_WAIT",
  CLOSING: "CLOSING",
  LAST_ACK: "LAST_ACK",
  TIME_WAIT: "TIME_WAIT",
} as const;
export type TcpState = (typeof TcpState)[keyof typeof TcpState];

export type Side = "client" | "server";

/** Direction of a segment, written as in the assertion notation: client to server or back. */
export type Direction = "c>s" | "s>c";

export function otherSide(side: Side): Side {
  return side === "client" ? "server" : "client";
}

export function senderOf(dir: Direction): Side {
  return dir === "c>s" ? "client" : "server";
}

export function directionFrom(sender: Side): Direction {
  return sender === "client" ? "c>s" : "s>c";
}

export interface StateChange {
  timeNs: bigint;
  state: TcpState;
  /** Packet index of the segment that caused it; absent for the assumed initial state. */
  cause?: number;
}
