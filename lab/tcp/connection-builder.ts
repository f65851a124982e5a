// Builds one TcpConnection incrementally, one segment at a time.
import { TcpFlag, type TcpSegment } from "../pcap/packet.js";
import { ConnectionStates } from "./connection-states.js";
import { DirectionTracker } from "./direction-tracker.js";
import { sameEndpoint, type Endpoint } from "./endpoint.js";
import { HandshakeTracker } from "./handshake-tracker.js";
import { classifyRst, describeRstCause } from "./rst-cause.js";
import type { Roles } from "./roles.js";
import type { CloseInfo, ResetInfo, Retransmission, SegmentEvent, SegmentRecord, TcpConnection } from "./tcp-connection.js";
import { hasFlag } from "./tcp-flags.js";
import { directionFrom, otherSide, TcpState, type Side } from "./tcp-state.js";

export interface PacketMeta {
  index: number;
  timeNs: bigint;
  src: Endpoint;
}

export class ConnectionBuilder {
  private readonly trackers: Record<Side, DirectionTracker> = {
    client: new DirectionTracker(),
    server: new DirectionTracker(),
  };
  private readonly states: ConnectionStates;
  private readonly handshake = new HandshakeTracker();
  private readonly segments: SegmentRecord[] = [];
  private readonly resets: ResetInfo[] = [];
  private readonly retransmissions: Retransmission[] = [];
  private readonly zeroWindows: SegmentEvent[] = [];
  private readonly finIndex: Partial<Record<Side, number>> = {};
  private lastDataFrom?: Side;
  private lastNs: bigint;
  private lastIndex: number;
  private packetCount = 0;

  constructor(
    readonly id: number,
    readonly roles: Roles,
    private readonly first: PacketMeta,
    private readonly keepSegments: boolean,
  ) {
    const midCapture = roles.source === "port-guess";
    const initial = midCapture
      ? { client: TcpState.ESTABLISHED, server: TcpState.ESTABLISHED }
      : { client: TcpState.CLOSED, server: TcpState.LISTEN };
    this.states = new ConnectionStates(initial, first.timeNs);
    this.lastNs = first.timeNs;
    this.lastIndex = first.index;
  }

  /** Closed by RST, or both ends are past their FIN exchange. */
  get closed(): boolean {
    const done: TcpState[] = [TcpState.CLOSED, TcpState.TIME_WAIT];
    return this.resets.length > 0 || (done.includes(this.states.current("client")) && done.includes(this.states.current("server")));
  }

  /** A SYN without ACK belongs here only if it repeats this connection's opening SYN. */
  acceptsSyn(src: Endpoint, seg: TcpSegment): boolean {
    if (this.closed) return false;
    if (sameEndpoint(src, this.roles.client)) return this.trackers.client.isn === seg.seq;
    // Simultaneous open: the server side sends its own SYN while the client waits.
    return this.trackers.server.isn === undefined && this.states.current("client") === TcpState.SYN_SENT;
  }

  add(meta: PacketMeta, seg: TcpSegment): void {
    const sender: Side = sameEndpoint(meta.src, this.roles.client) ? "client" : "server";
    const receiver = otherSide(sender);
    const obs = this.trackers[sender].observe(seg);
    const hasAck = hasFlag(seg.flags, TcpFlag.ACK);
    if (hasAck) this.trackers[receiver].learnBaseFromAck(seg.ack);
    const record: SegmentRecord = {
      index: meta.index,
      timeNs: meta.timeNs,
      dir: directionFrom(sender),
      flags: seg.flags,
      seq: seg.seq,
      ack: seg.ack,
      relSeq: obs.relSeq,
      ...(hasAck ? { relAck: this.trackers[receiver].relative(seg.ack) } : {}),
      length: seg.payloadLength,
      window: seg.window,
      options: seg.options,
      retransmission: obs.retransmission,
      zeroWindow: seg.window === 0 && !hasFlag(seg.flags, TcpFlag.RST),
    };
    this.noteEvents(record, sender);
    this.states.apply({ index: meta.index, timeNs: meta.timeNs, sender, flags: seg.flags, ack: seg.ack }, this.trackers);
    this.handshake.add(record, this.trackers.server);
    if (seg.payloadLength > 0) this.lastDataFrom = sender;
    if (this.keepSegments) this.segments.push(record);
    this.lastNs = meta.timeNs;
    this.lastIndex = meta.index;
    this.packetCount++;
  }

  private noteEvents(rec: SegmentRecord, sender: Side): void {
    const event = { index: rec.index, timeNs: rec.timeNs, side: sender };
    if (rec.retransmission) this.retransmissions.push({ ...event, relSeq: rec.relSeq, length: rec.length });
    if (rec.zeroWindow) this.zeroWindows.push(event);
    if (hasFlag(rec.flags, TcpFlag.FIN)) this.finIndex[sender] ??= rec.index;
    if (hasFlag(rec.flags, TcpFlag.RST)) this.resets.push(this.describeReset(rec, sender));
  }

  private describeReset(rec: SegmentRecord, by: Side): ResetInfo {
    const cause = classifyRst({
      senderState: this.states.current(by),
      receiverState: this.states.current(otherSide(by)),
      senderSentFin: this.finIndex[by] !== undefined,
      peerSentDataLast: this.lastDataFrom === otherSide(by),
    });
    return { index: rec.index, timeNs: rec.timeNs, by, cause, description: describeRstCause(cause) };
  }

  finish(): TcpConnection {
    return {
      id: this.id,
      client: this.roles.client,
      server: this.roles.server,
      roleSource: this.roles.source,
      rolesGuessed: this.roles.source === "port-guess",
      firstIndex: this.first.index,
      lastIndex: this.lastIndex,
      firstNs: this.first.timeNs,
      lastNs: this.lastNs,
      durationNs: this.lastNs - this.first.timeNs,
      packetCount: this.packetCount,
      handshake: this.handshake.result(),
      toServer: { ...this.trackers.client.stats },
      toClient: { ...this.trackers.server.stats },
      close: this.closeInfo(),
      resets: [...this.resets],
      retransmissions: [...this.retransmissions],
      zeroWindows: [...this.zeroWindows],
      states: { client: [...this.states.timelines.client], server: [...this.states.timelines.server] },
      segments: [...this.segments],
      segmentsOmitted: !this.keepSegments,
    };
  }

  private closeInfo(): CloseInfo {
    const { client, server } = this.finIndex;
    const activeCloser: Side | undefined =
      client === undefined ? (server === undefined ? undefined : "server") : server === undefined || client < server ? "client" : "server";
    const timeWait = (["client", "server"] as const).filter((s) =>
      this.states.timelines[s].some((c) => c.state === TcpState.TIME_WAIT),
    );
    const bothAcked = this.trackers.client.finSeq !== undefined && this.trackers.server.finSeq !== undefined && this.bothFinsAcked();
    return {
      ...(client !== undefined ? { clientFinIndex: client } : {}),
      ...(server !== undefined ? { serverFinIndex: server } : {}),
      ...(activeCloser ? { activeCloser } : {}),
      simultaneous: this.states.simultaneousClose,
      graceful: bothAcked && this.resets.length === 0,
      timeWait,
    };
  }

  private bothFinsAcked(): boolean {
    const ended = (s: Side) => {
      const st = this.states.current(s);
      return st === TcpState.CLOSED || st === TcpState.TIME_WAIT;
    };
    return ended("client") && ended("server");
  }
}
