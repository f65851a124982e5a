// Builders of synthetic IP datagrams (IPv4/IPv6 with extension headers) carrying TCP
// (with options), UDP or ICMP/ICMPv6 (with a quoted datagram). Checksums are correct.
// Used by the tests and by the benchmark; not on the decoding path.
import { parseIpv4, parseIpv6 } from "../address.js";
import { internetChecksum, pseudoHeader } from "../checksum.js";
import { IpProtocol } from "../link-type.js";
import type { TcpOptions } from "../packet.js";

/** A transport header + payload, built once the IP addresses (for the checksum) are known. */
export interface TransportBuilder {
  protocol: number;
  build(src: Uint8Array, dst: Uint8Array): Uint8Array;
}

export interface TcpSpec {
  srcPort: number;
  dstPort: number;
  seq?: number;
  ack?: number;
  /** All 12 flag bits (TcpFlag), AE and the reserved ones included. */
  flags?: number;
  window?: number;
  options?: TcpOptions;
  /** Payload bytes, or a length of zero-filled payload. */
  payload?: Uint8Array | number;
}

export function tcp(spec: TcpSpec): TransportBuilder {
  return {
    protocol: IpProtocol.TCP,
    build(src, dst) {
      const options = encodeTcpOptions(spec.options ?? {});
      const payload = toBytes(spec.payload);
      const seg = new Uint8Array(20 + options.length + payload.length);
      const v = view(seg);
      v.setUint16(0, spec.srcPort);
      v.setUint16(2, spec.dstPort);
      v.setUint32(4, (spec.seq ?? 0) >>> 0);
      v.setUint32(8, (spec.ack ?? 0) >>> 0);
      const flags = spec.flags ?? 0;
      seg[12] = (((20 + options.length) / 4) << 4) | ((flags >> 8) & 0x0f);
      seg[13] = flags & 0xff;
      v.setUint16(14, spec.window ?? 65535);
      seg.set(options, 20);
      seg.set(payload, 20 + options.length);
      v.setUint16(16, internetChecksum(pseudoHeader(src, dst, IpProtocol.TCP, seg.length), seg));
      return seg;
    },
  };
}

/** Options in the order Linux sends them in a SYN, padded with NOPs/EOL to 4 bytes. */
export function encodeTcpOptions(o: TcpOptions): Uint8Array {
  const out: number[] = [];
  if (o.mss !== undefined) out.push(2, 4, o.mss >> 8, o.mss & 0xff);
  if (o.sackPermitted) out.push(4, 2);
  if (o.timestamp) out.push(8, 10, ...be32(o.timestamp.value), ...be32(o.timestamp.echo));
  if (o.windowScale !== undefined) out.push(1, 3, 3, o.windowScale);
  if (o.sack) {
    out.push(1, 1, 5, 2 + 8 * o.sack.length);
    for (const [l, r] of o.sack) out.push(...be32(l), ...be32(r));
  }
  while (out.length % 4 !== 0) out.push(0);
  return Uint8Array.from(out);
}

export interface UdpSpec {
  srcPort: number;
  dstPort: number;
  payload?: Uint8Array | number;
}

export function udp(spec: UdpSpec): TransportBuilder {
  return {
    protocol: IpProtocol.UDP,
    build(src, dst) {
      const payload = toBytes(spec.payload);
      const dgram = new Uint8Array(8 + payload.length);
      const v = view(dgram);
      v.setUint16(0, spec.srcPort);
      v.setUint16(2, spec.dstPort);
      v.setUint16(4, dgram.length);
      dgram.set(payload, 8);
      v.setUint16(6, internetChecksum(pseudoHeader(src, dst, IpProtocol.UDP, dgram.length), dgram) || 0xffff);
      return dgram;
    },
  };
}

export interface IcmpSpec {
  type: number;
  code?: number;
  /** The 4 bytes after the checksum (id/sequence, MTU, pointer...). */
  rest?: number;
  /** For errors: the offending datagram, already cut (see quoteDatagram). */
  quoted?: Uint8Array;
}

/** ICMP over IPv4 (version 4) or ICMPv6 (version 6, checksummed with the pseudo-header). */
export function icmp(spec: IcmpSpec, version: 4 | 6 = 4): TransportBuilder {
  const protocol = version === 4 ? IpProtocol.ICMP : IpProtocol.ICMPV6;
  return {
    protocol,
    build(src, dst) {
      const body = spec.quoted ?? new Uint8Array(0);
      const msg = new Uint8Array(8 + body.length);
      const v = view(msg);
      msg[0] = spec.type;
      msg[1] = spec.code ?? 0;
      v.setUint32(4, (spec.rest ?? 0) >>> 0);
      msg.set(body, 8);
      const pseudo = version === 6 ? [pseudoHeader(src, dst, protocol, msg.length)] : [];
      v.setUint16(2, internetChecksum(...pseudo, msg));
      return msg;
    },
  };
}

/** What an RFC 792 router quotes: the IP header plus the first `transportBytes` bytes. */
export function quoteDatagram(datagram: Uint8Array, transportBytes = 8): Uint8Array {
  const version = datagram[0]! >> 4;
  const header = version === 4 ? (datagram[0]! & 15) * 4 : 40;
  return datagram.slice(0, Math.min(datagram.length, header + transportBytes));
}

export interface Ipv4Spec {
  src: string;
  dst: string;
  ttl?: number;
  id?: number;
  /** Raw option bytes, padded with zeros to a multiple of 4. */
  options?: Uint8Array;
  dontFragment?: boolean;
  moreFragments?: boolean;
  /** In 8-byte units. */
  fragmentOffset?: number;
  /** The total length to write instead of the true one (a lying or broken header). */
  totalLength?: number;
  payload: TransportBuilder;
}

export function ipv4(spec: Ipv4Spec): Uint8Array {
  const src = parseIpv4(spec.src);
  const dst = parseIpv4(spec.dst);
  const options = padTo4(spec.options ?? new Uint8Array(0));
  const body = spec.payload.build(src, dst);
  const ihl = 20 + options.length;
  const d = new Uint8Array(ihl + body.length);
  const v = view(d);
  d[0] = 0x40 | (ihl / 4);
  v.setUint16(2, spec.totalLength ?? d.length);
  v.setUint16(4, spec.id ?? 0x1234);
  const flags = (spec.dontFragment ? 0x4000 : 0) | (spec.moreFragments ? 0x2000 : 0);
  v.setUint16(6, flags | (spec.fragmentOffset ?? 0));
  d[8] = spec.ttl ?? 64;
  d[9] = spec.payload.protocol;
  d.set(src, 12);
  d.set(dst, 16);
  d.set(options, 20);
  v.setUint16(10, internetChecksum(d.subarray(0, ihl)));
  d.set(body, ihl);
  return d;
}

export type Ipv6ExtensionKind = "hop-by-hop" | "routing" | "fragment" | "destination" | "ah";

export interface Ipv6Extension {
  kind: Ipv6ExtensionKind;
  /** For "fragment": offset in 8-byte units and the M flag. */
  fragmentOffset?: number;
  more?: boolean;
}

export interface Ipv6Spec {
  src: string;
  dst: string;
  hopLimit?: number;
  extensions?: Ipv6Extension[];
  /** The payload length to write instead of the true one (a lying or broken header). */
  payloadLength?: number;
  payload: TransportBuilder;
}

const EXTENSION_PROTOCOL: Record<Ipv6ExtensionKind, number> = {
  "hop-by-hop": IpProtocol.HOPOPTS,
  routing: IpProtocol.ROUTING,
  fragment: IpProtocol.FRAGMENT,
  destination: IpProtocol.DSTOPTS,
  ah: IpProtocol.AH,
};

export function ipv6(spec: Ipv6Spec): Uint8Array {
  const src = parseIpv6(spec.src);
  const dst = parseIpv6(spec.dst);
  const exts = spec.extensions ?? [];
  const body = spec.payload.build(src, dst);
  const extBytes = exts.map((e, i) => encodeExtension(e, exts[i + 1] ? EXTENSION_PROTOCOL[exts[i + 1]!.kind] : spec.payload.protocol));
  const extLength = extBytes.reduce((n, e) => n + e.length, 0);
  const d = new Uint8Array(40 + extLength + body.length);
  const v = view(d);
  v.setUint32(0, 0x60000000);
  v.setUint16(4, spec.payloadLength ?? extLength + body.length);
  d[6] = exts[0] ? EXTENSION_PROTOCOL[exts[0].kind] : spec.payload.protocol;
  d[7] = spec.hopLimit ?? 64;
  d.set(src, 8);
  d.set(dst, 24);
  let p = 40;
  for (const e of extBytes) {
    d.set(e, p);
    p += e.length;
  }
  d.set(body, p);
  return d;
}

/** Minimal, valid-looking extension headers: PadN-filled options, an empty type-0-free routing header. */
function encodeExtension(e: Ipv6Extension, next: number): Uint8Array {
  switch (e.kind) {
    case "fragment": {
      const h = new Uint8Array(8);
      h[0] = next;
      view(h).setUint16(2, ((e.fragmentOffset ?? 0) << 3) | (e.more ? 1 : 0));
      view(h).setUint32(4, 0xabcdef01);
      return h;
    }
    case "ah": {
      // 12 bytes of fixed fields + 12 bytes of ICV: length field = 24/4 - 2 = 4.
      const h = new Uint8Array(24);
      h[0] = next;
      h[1] = 4;
      view(h).setUint32(4, 0x100); // SPI
      view(h).setUint32(8, 1); // sequence
      return h;
    }
    case "routing": {
      // Type 4 (segment routing) with no segments left would still be parsed by tshark; use
      // an unknown routing type 253 (RFC 4727 experiment) and segments left 0, 16 bytes.
      const h = new Uint8Array(16);
      h[0] = next;
      h[1] = 1;
      h[2] = 253;
      return h;
    }
    default: {
      // Hop-by-hop / destination options: 2 bytes + PadN option filling to 16 bytes.
      const h = new Uint8Array(16);
      h[0] = next;
      h[1] = 1;
      h[2] = 1; // PadN
      h[3] = 12;
      return h;
    }
  }
}

function toBytes(payload: Uint8Array | number | undefined): Uint8Array {
  if (payload === undefined) return new Uint8Array(0);
  if (typeof payload === "number") return new Uint8Array(payload).fill(0x61);
  return payload;
}

function padTo4(b: Uint8Array): Uint8Array {
  if (b.length % 4 === 0) return b;
  const out = new Uint8Array(b.length + 4 - (b.length % 4));
  out.set(b);
  return out;
}

function be32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}
