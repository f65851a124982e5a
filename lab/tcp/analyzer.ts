// Streaming analysis of decoded packets into TCP connections, UDP flows and ICMP errors.
// Memory grows with the number of flows (plus one small record per TCP segment unless
// keepSegments is false), never with the raw packets.
import { isSupportedLinkType } from "../pcap/link-layer.js";
import { linkTypeName } from "../pcap/link-type-names.js";
import { TcpFlag, type DecodedPacket, type IcmpMessage, type IpPacket, type TcpSegment, type UdpDatagram } from "../pcap/packet.js";
import { ConnectionBuilder } from "./connection-builder.js";
import { flowKey, type Endpoint } from "./endpoint.js";
import { classifyIcmp, summarizeIcmpError, type FlowRef, type IcmpError } from "./icmp-error.js";
import { decideRoles } from "./roles.js";
import type { TcpConnection } from "./tcp-connection.js";
import { hasFlag } from "./tcp-flags.js";
import { UdpFlowBuilder, type UdpFlow } from "./udp-flow.js";

export interface AnalyzeOptions {
  /** Keep a record per TCP segment for rendering and assertions (default true). */
  keepSegments?: boolean;
}

export interface SkippedCounts {
  notIp: number;
  decodeErrors: number;
  fragments: number;
  otherProtocols: number;
}

/** Packets of a link type the decoder does not read (counted among the undecodable). */
export interface UnsupportedLinkType {
  linkType: number;
  /** libpcap's name and description, where known ("IEEE802_11", "802.11"). */
  name?: string;
  description?: string;
  packets: number;
}

/** Packets stamped earlier than the packet before them (a clock step, merged captures). */
export interface BackwardTimestamps {
  count: number;
  /** The first such packet (0-based index). */
  firstIndex: number;
  /** The largest step back, in ns (positive). */
  largestStepNs: bigint;
}

export interface Analysis {
  tcp: TcpConnection[];
  udp: UdpFlow[];
  icmpErrors: IcmpError[];
  packetCount: number;
  firstNs?: bigint;
  lastNs?: bigint;
  skipped: SkippedCounts;
  /** Packets whose IP length claims more than the frame holds: analysed capped at the frame. */
  truncated: number;
  unsupportedLinkTypes: UnsupportedLinkType[];
  /** Present when timestamps go backwards: durations across such a step mean nothing. */
  backwardTimestamps?: BackwardTimestamps;
}

const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;

export class TraceAnalyzer {
  private readonly connections: ConnectionBuilder[] = [];
  private readonly openTcp = new Map<string, ConnectionBuilder>();
  private readonly udpFlows: UdpFlowBuilder[] = [];
  private readonly udpByKey = new Map<string, UdpFlowBuilder>();
  private readonly icmpErrors: IcmpError[] = [];
  private readonly skipped: SkippedCounts = { notIp: 0, decodeErrors: 0, fragments: 0, otherProtocols: 0 };
  private readonly keepSegments: boolean;
  private readonly unsupportedLinkTypes = new Map<number, number>();
  private packetCount = 0;
  private truncated = 0;
  private firstNs?: bigint;
  private lastNs?: bigint;
  private backward?: BackwardTimestamps;

  constructor(options: AnalyzeOptions = {}) {
    this.keepSegments = options.keepSegments ?? true;
  }

  add(packet: DecodedPacket): void {
    this.packetCount++;
    this.noteTime(packet);
    this.firstNs ??= packet.timestampNs;
    this.lastNs = packet.timestampNs;
    if (packet.truncated) this.truncated++;
    const ip = packet.ip;
    if (!ip) {
      this.skipped[packet.error ? "decodeErrors" : "notIp"]++;
      if (packet.error && !isSupportedLinkType(packet.linkType)) {
        this.unsupportedLinkTypes.set(packet.linkType, (this.unsupportedLinkTypes.get(packet.linkType) ?? 0) + 1);
      }
      return;
    }
    const t = ip.transport;
    if (!t) this.skipped[ip.fragment ? "fragments" : "decodeErrors"]++;
    else if (t.kind === "tcp") this.addTcp(packet, ip, t);
    else if (t.kind === "udp") this.addUdp(packet, ip, t);
    else if (t.kind === "icmp") this.addIcmp(packet, ip, t);
    else this.skipped.otherProtocols++;
  }

  finish(): Analysis {
    return {
      tcp: this.connections.map((c) => c.finish()),
      udp: this.udpFlows.map((f) => f.finish()),
      icmpErrors: [...this.icmpErrors],
      packetCount: this.packetCount,
      ...(this.firstNs !== undefined ? { firstNs: this.firstNs } : {}),
      ...(this.lastNs !== undefined ? { lastNs: this.lastNs } : {}),
      skipped: { ...this.skipped },
      truncated: this.truncated,
      unsupportedLinkTypes: [...this.unsupportedLinkTypes].map(([linkType, packets]) => ({ linkType, ...linkTypeName(linkType), packets })),
      ...(this.backward ? { backwardTimestamps: { ...this.backward } } : {}),
    };
  }

  private noteTime(packet: DecodedPacket): void {
    if (this.lastNs === undefined || packet.timestampNs >= this.lastNs) return;
    const step = this.lastNs - packet.timestampNs;
    if (!this.backward) this.backward = { count: 0, firstIndex: packet.index, largestStepNs: 0n };
    this.backward.count++;
    if (step > this.backward.largestStepNs) this.backward.largestStepNs = step;
  }

  private addTcp(packet: DecodedPacket, ip: IpPacket, seg: TcpSegment): void {
    const src = { address: ip.src, port: seg.srcPort };
    const dst = { address: ip.dst, port: seg.dstPort };
    const key = flowKey(src, dst);
    let conn = this.openTcp.get(key);
    const opening = hasFlag(seg.flags, TcpFlag.SYN) && !hasFlag(seg.flags, TcpFlag.ACK);
    if (!conn || (opening && !conn.acceptsSyn(src, seg))) {
      const meta = { index: packet.index, timeNs: packet.timestampNs, src };
      conn = new ConnectionBuilder(this.connections.length + 1, decideRoles(src, dst, seg), meta, this.keepSegments);
      this.connections.push(conn);
      this.openTcp.set(key, conn);
    }
    conn.add({ index: packet.index, timeNs: packet.timestampNs, src }, seg);
  }

  private addUdp(packet: DecodedPacket, ip: IpPacket, dgram: UdpDatagram): void {
    const src = { address: ip.src, port: dgram.srcPort };
    const dst = { address: ip.dst, port: dgram.dstPort };
    const key = flowKey(src, dst);
    let flow = this.udpByKey.get(key);
    if (!flow) {
      flow = new UdpFlowBuilder(this.udpFlows.length + 1, src, dst, packet.index, packet.timestampNs);
      this.udpFlows.push(flow);
      this.udpByKey.set(key, flow);
    }
    flow.add(src, dgram.payloadLength, packet.index, packet.timestampNs);
  }

  private addIcmp(packet: DecodedPacket, ip: IpPacket, msg: IcmpMessage): void {
    const kind = classifyIcmp(msg);
    if (!kind) return;
    const flow = msg.quoted ? this.quotedFlow(msg.quoted) : undefined;
    this.icmpErrors.push({
      index: packet.index,
      timeNs: packet.timestampNs,
      reporter: ip.src,
      version: msg.version,
      type: msg.type,
      code: msg.code,
      kind,
      ...(msg.quoted ? { quoted: msg.quoted } : {}),
      ...(flow ? { flow } : {}),
      summary: summarizeIcmpError(msg.version, kind, msg.quoted),
    });
  }

  /** The flow (current connection for TCP) that sent the datagram an ICMP error quotes. */
  private quotedFlow(q: NonNullable<IcmpMessage["quoted"]>): FlowRef | undefined {
    if (q.srcPort === undefined || q.dstPort === undefined) return undefined;
    const src: Endpoint = { address: q.src, port: q.srcPort };
    const key = flowKey(src, { address: q.dst, port: q.dstPort });
    if (q.protocol === IPPROTO_UDP) {
      const flow = this.udpByKey.get(key);
      return flow ? { protocol: "udp", id: flow.id } : undefined;
    }
    if (q.protocol === IPPROTO_TCP) {
      const conn = this.openTcp.get(key);
      return conn ? { protocol: "tcp", id: conn.id } : undefined;
    }
    return undefined;
  }
}

export function analyzeSync(packets: Iterable<DecodedPacket>, options?: AnalyzeOptions): Analysis {
  const analyzer = new TraceAnalyzer(options);
  for (const p of packets) analyzer.add(p);
  return analyzer.finish();
}

export async function analyze(
  packets: Iterable<DecodedPacket> | AsyncIterable<DecodedPacket>,
  options?: AnalyzeOptions,
): Promise<Analysis> {
  const analyzer = new TraceAnalyzer(options);
  for await (const p of packets) analyzer.add(p);
  return analyzer.finish();
}
