// Hand-built DecodedPacket values for unit tests (of lab/tcp, lab/trace, lab/assert).
// A Conversation keeps each side's next sequence number so a test reads like a trace:
//   conv.send("c>s S"); conv.send("s>c S."); conv.send("c>s P.", { len: 100 });
import type { DecodedPacket, IcmpMessage, IpPacket, TcpOptions, Transport } from "../../pcap/packet.js";
import { seqAdd } from "../seq-math.js";
import { flagForChar, sequenceLength } from "../tcp-flags.js";

const MS = 1_000_000n;
export const BASE_NS = 1_700_000_000n * 1_000_000_000n;

export function packet(index: number, timeNs: bigint, ip: Omit<IpPacket, "ttl" | "totalLength" | "fragment" | "version"> & { transport: Transport }): DecodedPacket {
  return {
    index,
    timestampNs: timeNs,
    capturedLength: 64,
    originalLength: 64,
    linkType: 1,
    interfaceId: 0,
    ip: { version: ip.src.includes(":") ? 6 : 4, ttl: 64, totalLength: 64, fragment: false, ...ip },
  };
}

export function parseFlags(text: string): number {
  let flags = 0;
  for (const ch of text) {
    const bit = flagForChar(ch);
    if (bit === undefined) throw new Error(`bad flag ${ch}`);
    flags |= bit;
  }
  return flags;
}

export interface SendOptions {
  len?: number;
  /** Milliseconds after the previous packet (default 1). */
  dt?: number;
  seq?: number;
  ack?: number;
  win?: number;
  options?: TcpOptions;
}

interface Side {
  address: string;
  port: number;
  nextSeq: number;
}

export class Conversation {
  readonly packets: DecodedPacket[] = [];
  private readonly sides: { c: Side; s: Side };
  private timeNs: bigint;
  private index: number;

  constructor(opts: { client?: string; server?: string; clientIsn?: number; serverIsn?: number; startIndex?: number; startNs?: bigint } = {}) {
    const [ca, cp] = splitEndpoint(opts.client ?? "10.0.0.2:40512");
    const [sa, sp] = splitEndpoint(opts.server ?? "10.0.0.3:1234");
    this.sides = {
      c: { address: ca, port: cp, nextSeq: opts.clientIsn ?? 1000 },
      s: { address: sa, port: sp, nextSeq: opts.serverIsn ?? 5000 },
    };
    this.timeNs = opts.startNs ?? BASE_NS;
    this.index = opts.startIndex ?? 0;
  }

  /** spec is "c>s FLAGS" or "s>c FLAGS" with tcpdump flag letters. */
  send(spec: string, o: SendOptions = {}): DecodedPacket {
    const [dir, flagText = ""] = spec.split(" ");
    const from = dir === "c>s" ? this.sides.c : this.sides.s;
    const to = dir === "c>s" ? this.sides.s : this.sides.c;
    const flags = parseFlags(flagText === "none" ? "" : flagText);
    const len = o.len ?? 0;
    const seq = o.seq ?? from.nextSeq;
    if (this.packets.length > 0) this.timeNs += BigInt(Math.round((o.dt ?? 1) * 1000)) * (MS / 1000n);
    const p = packet(this.index++, this.timeNs, {
      src: from.address,
      dst: to.address,
      protocol: 6,
      transport: {
        kind: "tcp",
        srcPort: from.port,
        dstPort: to.port,
        seq,
        ack: o.ack ?? to.nextSeq,
        flags,
        window: o.win ?? 64240,
        headerLength: 20,
        options: o.options ?? {},
        payloadLength: len,
      },
    });
    const end = seqAdd(seq, sequenceLength(flags, len));
    if (o.seq === undefined || ((end - from.nextSeq) | 0) > 0) from.nextSeq = end;
    this.packets.push(p);
    return p;
  }

  /** A complete handshake: c>s S, s>c S., c>s . */
  handshake(): this {
    this.send("c>s S", { options: { mss: 1460, sackPermitted: true, windowScale: 7 } });
    this.send("s>c S.", { options: { mss: 1460, sackPermitted: true, windowScale: 7 } });
    this.send("c>s .");
    return this;
  }
}

function splitEndpoint(text: string): [string, number] {
  const i = text.lastIndexOf(":");
  return [text.slice(0, i).replace(/^\[|\]$/g, ""), Number(text.slice(i + 1))];
}

export function udpPacket(index: number, ms: number, src: string, dst: string, len: number): DecodedPacket {
  const [sa, sp] = splitEndpoint(src);
  const [da, dp] = splitEndpoint(dst);
  return packet(index, BASE_NS + BigInt(ms) * MS, {
    src: sa,
    dst: da,
    protocol: 17,
    transport: { kind: "udp", srcPort: sp, dstPort: dp, length: len + 8, payloadLength: len },
  });
}

/** ICMP (v4) error sent by `reporter`, quoting a UDP datagram src -> dst. */
export function icmpPortUnreachable(index: number, ms: number, reporter: string, quotedSrc: string, quotedDst: string): DecodedPacket {
  const [sa, sp] = splitEndpoint(quotedSrc);
  const [da, dp] = splitEndpoint(quotedDst);
  const msg: IcmpMessage = {
    kind: "icmp",
    version: 4,
    type: 3,
    code: 3,
    quoted: { version: 4, src: sa, dst: da, protocol: 17, srcPort: sp, dstPort: dp },
  };
  return packet(index, BASE_NS + BigInt(ms) * MS, { src: reporter, dst: sa, protocol: 1, transport: msg });
}
