// Per-direction sequence bookkeeping: ISN, the base for relative numbers, the highest
// sequence sent so far (to spot retransmissions) and where this side's FIN sits.
import { TcpFlag, type TcpSegment } from "../pcap/packet.js";
import { ByteRanges } from "./byte-ranges.js";
import { relativeSeq, seqAdd, seqLt } from "./seq-math.js";
import type { DirectionStats } from "./tcp-connection.js";
import { hasFlag, sequenceLength } from "./tcp-flags.js";

export interface Observation {
  relSeq: number;
  retransmission: boolean;
}

export class DirectionTracker {
  isn?: number;
  /** Base for relative numbers: the ISN, else the first seq (or ack) seen for this side. */
  base?: number;
  /** One past the highest sequence number this side has sent. */
  nextSeq?: number;
  /** Sequence number of this side's FIN. */
  finSeq?: number;
  readonly stats: DirectionStats = {
    segments: 0,
    dataSegments: 0,
    bytes: 0,
    retransmissions: 0,
    retransmittedBytes: 0,
    uniqueBytes: 0,
  };
  private readonly payload = new ByteRanges();

  /** Record a segment this side sent. */
  observe(seg: TcpSegment): Observation {
    if (hasFlag(seg.flags, TcpFlag.SYN) && this.isn === undefined) {
      this.isn = seg.seq;
      this.base = seg.seq;
      this.stats.isn = seg.seq;
    }
    this.base ??= seg.seq;
    const retransmission = this.isRetransmission(seg);
    this.advance(seg);
    this.count(seg, retransmission);
    return { relSeq: relativeSeq(seg.seq, this.base), retransmission };
  }

  /** The peer acknowledged this side before this side was seen sending (mid-capture start). */
  learnBaseFromAck(ack: number): void {
    this.base ??= ack;
  }

  relative(seq: number): number {
    return relativeSeq(seq, this.base ?? seq);
  }

  /** Whether ack (sent by the peer) covers this side's SYN. */
  synAcked(ack: number): boolean {
    return this.isn !== undefined && !seqLt(ack, seqAdd(this.isn, 1));
  }

  /** Whether ack (sent by the peer) covers this side's FIN. */
  finAcked(ack: number): boolean {
    return this.finSeq !== undefined && !seqLt(ack, seqAdd(this.finSeq, 1));
  }

  private isRetransmission(seg: TcpSegment): boolean {
    if (hasFlag(seg.flags, TcpFlag.RST) || this.nextSeq === undefined) return false;
    const len = sequenceLength(seg.flags, seg.payloadLength);
    // Zero-length segments (pure ACKs, Linux keep-alives at nextSeq - 1) occupy no sequence
    // space, so only segments re-sending payload, SYN or FIN below nextSeq count.
    return len > 0 && seqLt(seg.seq, this.nextSeq);
  }

  private advance(seg: TcpSegment): void {
    if (hasFlag(seg.flags, TcpFlag.RST)) return;
    const end = seqAdd(seg.seq, sequenceLength(seg.flags, seg.payloadLength));
    if (this.nextSeq === undefined || seqLt(this.nextSeq, end)) this.nextSeq = end;
    if (hasFlag(seg.flags, TcpFlag.FIN)) this.finSeq ??= seqAdd(seg.seq, seg.payloadLength);
  }

  private count(seg: TcpSegment, retransmission: boolean): void {
    this.stats.segments++;
    if (seg.payloadLength > 0) {
      this.stats.dataSegments++;
      this.stats.bytes += seg.payloadLength;
      // A SYN takes one sequence number before the payload.
      const start = seqAdd(seg.seq, hasFlag(seg.flags, TcpFlag.SYN) ? 1 : 0);
      this.payload.add(relativeSeq(start, this.base ?? seg.seq), seg.payloadLength);
      this.stats.uniqueBytes = this.payload.size;
    }
    if (retransmission) {
      this.stats.retransmissions++;
      this.stats.retransmittedBytes += seg.payloadLength;
    }
  }
}
