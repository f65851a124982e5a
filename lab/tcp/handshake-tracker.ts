// Follows the three-way handshake: client SYN, server SYN-ACK, client ACK of that SYN.
import { TcpFlag } from "../pcap/packet.js";
import type { Handshake, SegmentRecord } from "./tcp-connection.js";
import { hasFlag } from "./tcp-flags.js";

type Moment = Pick<SegmentRecord, "index" | "timeNs">;

export class HandshakeTracker {
  private syn?: Moment;
  private synAck?: Moment;
  private ack?: Moment;
  private synRetransmissions = 0;

  add(rec: SegmentRecord, server: { synAcked(ack: number): boolean }): void {
    const syn = hasFlag(rec.flags, TcpFlag.SYN);
    const ack = hasFlag(rec.flags, TcpFlag.ACK);
    if (rec.dir === "c>s" && syn && !ack && !this.synAck) {
      if (this.syn) this.synRetransmissions++;
      // Karn: time the handshake from the SYN that was actually answered, the last one.
      this.syn = rec;
    } else if (rec.dir === "s>c" && syn && ack && !this.synAck) {
      this.synAck = rec;
    } else if (rec.dir === "c>s" && ack && !syn && this.synAck && !this.ack && server.synAcked(rec.ack)) {
      this.ack = rec;
    }
  }

  result(): Handshake {
    const { syn, synAck, ack } = this;
    return {
      complete: Boolean(syn && synAck && ack),
      ...(syn ? { synIndex: syn.index } : {}),
      ...(synAck ? { synAckIndex: synAck.index } : {}),
      ...(ack ? { ackIndex: ack.index } : {}),
      ...(syn && synAck ? { synToSynAckNs: synAck.timeNs - syn.timeNs } : {}),
      ...(syn && ack ? { synToAckNs: ack.timeNs - syn.timeNs } : {}),
      synRetransmissions: this.synRetransmissions,
    };
  }
}
