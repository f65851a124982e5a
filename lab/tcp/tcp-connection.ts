// The result of analysing one TCP connection: plain data, times as bigint nanoseconds
// since the epoch (lab/trace/json converts them).
import type { TcpOptions } from "../pcap/packet.js";
import type { Endpoint } from "./endpoint.js";
import type { RstCause } from "./rst-cause.js";
import type { Direction, Side, StateChange } from "./tcp-state.js";

/** One segment as kept for rendering and assertions. */
export interface SegmentRecord {
  index: number;
  timeNs: bigint;
  dir: Direction;
  flags: number;
  seq: number;
  ack: number;
  /** seq relative to the sender's ISN (or first seq seen when the SYN was not captured). */
  relSeq: number;
  /** ack relative to the receiver's ISN; present only when ACK is set. */
  relAck?: number;
  length: number;
  window: number;
  options: TcpOptions;
  retransmission: boolean;
  zeroWindow: boolean;
}

export interface DirectionStats {
  segments: number;
  dataSegments: number;
  bytes: number;
  retransmissions: number;
  retransmittedBytes: number;
  /** Payload bytes, each counted once (a retransmission may carry bytes the capture missed the first time). */
  uniqueBytes: number;
  isn?: number;
}

export interface Handshake {
  complete: boolean;
  synIndex?: number;
  synAckIndex?: number;
  ackIndex?: number;
  /** SYN to SYN-ACK as seen at the capture point (from the last SYN before it). */
  synToSynAckNs?: bigint;
  /** SYN to the client's final ACK: the whole handshake at the capture point. */
  synToAckNs?: bigint;
  synRetransmissions: number;
}

export interface CloseInfo {
  clientFinIndex?: number;
  serverFinIndex?: number;
  /** The side whose FIN passed the capture point first. */
  activeCloser?: Side;
  /** Both FINs were sent before either was acknowledged: both ends go through CLOSING. */
  simultaneous: boolean;
  /** Both FINs sent and acknowledged, no RST. */
  graceful: boolean;
  /** Sides whose inferred timeline reaches TIME_WAIT. */
  timeWait: Side[];
}

export interface ResetInfo {
  index: number;
  timeNs: bigint;
  by: Side;
  cause: RstCause;
  description: string;
}

export interface SegmentEvent {
  index: number;
  timeNs: bigint;
  side: Side;
}

export interface Retransmission extends SegmentEvent {
  relSeq: number;
  length: number;
}

export type RoleSource = "syn" | "syn-ack" | "port-guess";

export interface TcpConnection {
  /** 1-based, in order of each connection's first packet. */
  id: number;
  client: Endpoint;
  server: Endpoint;
  /** How the client/server roles were decided; "port-guess" when the capture starts mid-connection. */
  roleSource: RoleSource;
  rolesGuessed: boolean;
  firstIndex: number;
  lastIndex: number;
  firstNs: bigint;
  lastNs: bigint;
  durationNs: bigint;
  packetCount: number;
  handshake: Handshake;
  toServer: DirectionStats;
  toClient: DirectionStats;
  close: CloseInfo;
  resets: ResetInfo[];
  retransmissions: Retransmission[];
  zeroWindows: SegmentEvent[];
  states: Record<Side, StateChange[]>;
  /** Empty when the analysis ran with keepSegments: false. */
  segments: SegmentRecord[];
  segmentsOmitted: boolean;
}
