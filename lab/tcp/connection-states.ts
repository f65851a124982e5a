// Infers each end's RFC 793 state from the segments seen at the capture point.
//
// A change is attributed to the segment that triggers it, as in UNP Figure 2.5: the
// sender's state changes when it sends SYN/FIN/RST, the receiver's when the segment
// passes the capture point (client ESTABLISHED on the SYN-ACK, server CLOSE_WAIT on the
// client's FIN, client TIME_WAIT on the server's FIN). One exception: LISTEN ->
// SYN_RECEIVED is recorded at the SYN-ACK, because a SYN alone does not prove a listener.
import { TcpFlag } from "../pcap/packet.js";
import { hasFlag } from "./tcp-flags.js";
import { otherSide, TcpState, type Side, type StateChange } from "./tcp-state.js";

export interface SegmentFacts {
  index: number;
  timeNs: bigint;
  sender: Side;
  flags: number;
  ack: number;
}

/** What the state machine needs to know about each side's sequence space. */
export interface SequenceView {
  synAcked(ack: number): boolean;
  finAcked(ack: number): boolean;
}

export class ConnectionStates {
  readonly timelines: Record<Side, StateChange[]>;
  simultaneousClose = false;

  constructor(initial: Record<Side, TcpState>, timeNs: bigint) {
    this.timelines = {
      client: [{ timeNs, state: initial.client }],
      server: [{ timeNs, state: initial.server }],
    };
  }

  current(side: Side): TcpState {
    const list = this.timelines[side];
    return list[list.length - 1]?.state ?? TcpState.CLOSED;
  }

  apply(seg: SegmentFacts, seq: Record<Side, SequenceView>): void {
    if (hasFlag(seg.flags, TcpFlag.RST)) return this.onRst(seg);
    if (hasFlag(seg.flags, TcpFlag.SYN)) this.onSyn(seg);
    else if (hasFlag(seg.flags, TcpFlag.ACK)) this.onAck(seg, seq[otherSide(seg.sender)]);
    if (hasFlag(seg.flags, TcpFlag.FIN)) this.onFin(seg, seq);
  }

  private set(side: Side, state: TcpState, seg: SegmentFacts): void {
    if (this.current(side) === state) return;
    this.timelines[side].push({ timeNs: seg.timeNs, state, cause: seg.index });
  }

  private onSyn(seg: SegmentFacts): void {
    const sender = seg.sender;
    const receiver = otherSide(sender);
    const from = this.current(sender);
    if (!hasFlag(seg.flags, TcpFlag.ACK)) {
      if (from === TcpState.CLOSED) this.set(sender, TcpState.SYN_SENT, seg);
      // Simultaneous open: a SYN crossing our own SYN.
      if (this.current(receiver) === TcpState.SYN_SENT && from !== TcpState.CLOSED) {
        this.set(receiver, TcpState.SYN_RECEIVED, seg);
      }
      return;
    }
    const opening: TcpState[] = [TcpState.LISTEN, TcpState.CLOSED, TcpState.SYN_SENT];
    if (opening.includes(from)) this.set(sender, TcpState.SYN_RECEIVED, seg);
    if (this.current(receiver) === TcpState.SYN_SENT) this.set(receiver, TcpState.ESTABLISHED, seg);
  }

  /** The receiver processes the acknowledgement in a segment without SYN. */
  private onAck(seg: SegmentFacts, receiverSeq: SequenceView): void {
    const receiver = otherSide(seg.sender);
    const state = this.current(receiver);
    if (state === TcpState.SYN_RECEIVED && receiverSeq.synAcked(seg.ack)) {
      this.set(receiver, TcpState.ESTABLISHED, seg);
    } else if (receiverSeq.finAcked(seg.ack)) {
      const next = AFTER_FIN_ACKED[state];
      if (next) this.set(receiver, next, seg);
    }
  }

  private onFin(seg: SegmentFacts, seq: Record<Side, SequenceView>): void {
    const sender = seg.sender;
    const receiver = otherSide(sender);
    const acksPeerFin = hasFlag(seg.flags, TcpFlag.ACK) && seq[receiver].finAcked(seg.ack);
    this.finSent(seg, acksPeerFin);
    this.finReceived(seg, receiver);
  }

  private finSent(seg: SegmentFacts, acksPeerFin: boolean): void {
    const sender = seg.sender;
    const from = this.current(sender);
    if (from === TcpState.ESTABLISHED || from === TcpState.SYN_RECEIVED) {
      this.set(sender, TcpState.FIN_WAIT_1, seg);
    } else if (from === TcpState.CLOSE_WAIT && acksPeerFin) {
      this.set(sender, TcpState.LAST_ACK, seg);
    } else if (from === TcpState.CLOSE_WAIT) {
      // It sent its FIN before the peer's FIN reached it (its ack does not cover it): a
      // simultaneous close. Undo CLOSE_WAIT; the peer's FIN, in flight, makes it CLOSING.
      this.timelines[sender].pop();
      this.set(sender, TcpState.FIN_WAIT_1, seg);
      this.set(sender, TcpState.CLOSING, seg);
      this.simultaneousClose = true;
    }
  }

  private finReceived(seg: SegmentFacts, receiver: Side): void {
    const list = this.timelines[receiver];
    const state = this.current(receiver);
    if (state === TcpState.ESTABLISHED) this.set(receiver, TcpState.CLOSE_WAIT, seg);
    else if (state === TcpState.FIN_WAIT_1) {
      this.set(receiver, TcpState.CLOSING, seg);
      this.simultaneousClose = true;
    } else if (state === TcpState.FIN_WAIT_2) {
      // FIN_WAIT_1 -> FIN_WAIT_2 -> TIME_WAIT within one FIN+ACK: show it as the single
      // FIN_WAIT_1 -> TIME_WAIT transition of UNP Figure 2.4.
      if (list[list.length - 1]?.cause === seg.index) list.pop();
      this.set(receiver, TcpState.TIME_WAIT, seg);
    }
  }

  private onRst(seg: SegmentFacts): void {
    const sender = seg.sender;
    const receiver = otherSide(sender);
    if (this.current(sender) === TcpState.LISTEN) {
      // Never answered with SYN-ACK: there was no listener, the port was closed all along.
      const first = this.timelines[sender][0];
      this.timelines[sender] = [{ timeNs: first?.timeNs ?? seg.timeNs, state: TcpState.CLOSED }];
    }
    this.set(sender, TcpState.CLOSED, seg);
    // RFC 793: an RST aborts any synchronized or SYN_SENT state, TIME_WAIT included
    // (Linux default; RFC 1337 would ignore it there). A listener ignores it.
    if (this.current(receiver) !== TcpState.LISTEN) this.set(receiver, TcpState.CLOSED, seg);
  }
}

/** Where the ACK of our FIN takes us. */
const AFTER_FIN_ACKED: Partial<Record<TcpState, TcpState>> = {
  [TcpState.FIN_WAIT_1]: TcpState.FIN_WAIT_2,
  [TcpState.CLOSING]: TcpState.TIME_WAIT,
  [TcpState.LAST_ACK]: TcpState.CLOSED,
};
