// ICMP (RFC 792) and ICMPv6 (RFC 4443). Error messages quote the offending datagram;
// its addresses, protocol and first 8 transport bytes (ports, TCP seq) say which flow
// the error is about.
import { formatIpv4, formatIpv6 } from "./address.js";
import { u16be, u32be } from "./bytes.js";
import { requireBytes } from "./errors.js";
import { walkIpv6Extensions } from "./ipv6-extension.js";
import { IpProtocol } from "./link-type.js";
import type { IcmpMessage, IpVersion, QuotedDatagram } from "./packet.js";

export const IcmpType = {
  ECHO_REPLY: 0,
  DEST_UNREACHABLE: 3,
  SOURCE_QUENCH: 4,
  REDIRECT: 5,
  ECHO_REQUEST: 8,
  TIME_EXCEEDED: 11,
  PARAMETER_PROBLEM: 12,
} as const;

export const Icmpv6Type = {
  DEST_UNREACHABLE: 1,
  PACKET_TOO_BIG: 2,
  TIME_EXCEEDED: 3,
  PARAMETER_PROBLEM: 4,
  ECHO_REQUEST: 128,
  ECHO_REPLY: 129,
} as const;

/** Destination-unreachable codes worth naming (port unreachable is what a closed UDP port sends). */
export const IcmpUnreachableCode = { NET: 0, HOST: 1, PROTOCOL: 2, PORT: 3, FRAG_NEEDED: 4 } as const;

const QUOTING_V4 = new Set<number>([
  IcmpType.DEST_UNREACHABLE,
  IcmpType.SOURCE_QUENCH,
  IcmpType.REDIRECT,
  IcmpType.TIME_EXCEEDED,
  IcmpType.PARAMETER_PROBLEM,
]);

/** Decodes ICMP (`version` 4) or ICMPv6 (`version` 6) at `off`, captured up to `capEnd`. */
export function decodeIcmp(buf: Uint8Array, off: number, capEnd: number, version: IpVersion): IcmpMessage {
  const layer = version === 4 ? "icmp" : "icmpv6";
  requireBytes(layer, off, capEnd, 4, "ICMP header");
  const type = buf[off]!;
  const message: IcmpMessage = { kind: "icmp", version, type, code: buf[off + 1]! };
  const quotes = version === 4 ? QUOTING_V4.has(type) : type < 128;
  if (quotes) {
    // The quote is informative only: a short or odd quote leaves `quoted` absent, not an error.
    const quoted = decodeQuoted(buf, off + 8, capEnd);
    if (quoted) message.quoted = quoted;
  }
  return message;
}

/** The quoted IP header (+ up to 8 transport bytes) at `off`, or undefined if not decodable. */
export function decodeQuoted(buf: Uint8Array, off: number, end: number): QuotedDatagram | undefined {
  if (end - off < 1) return undefined;
  const version = buf[off]! >> 4;
  if (version === 4) return quotedIpv4(buf, off, end);
  if (version === 6) return quotedIpv6(buf, off, end);
  return undefined;
}

function quotedIpv4(buf: Uint8Array, off: number, end: number): QuotedDatagram | undefined {
  const ihl = (buf[off]! & 15) * 4;
  if (ihl < 20 || end - off < ihl) return undefined;
  const quoted: QuotedDatagram = {
    version: 4,
    src: formatIpv4(buf, off + 12),
    dst: formatIpv4(buf, off + 16),
    protocol: buf[off + 9]!,
  };
  // Only the first fragment carries the transport header.
  if ((u16be(buf, off + 6) & 0x1fff) === 0) addPorts(buf, off + ihl, end, quoted);
  return quoted;
}

function quotedIpv6(buf: Uint8Array, off: number, end: number): QuotedDatagram | undefined {
  if (end - off < 40) return undefined;
  const chain = walkIpv6Extensions(buf, off + 40, end, buf[off + 6]!);
  const quoted: QuotedDatagram = {
    version: 6,
    src: formatIpv6(buf, off + 8),
    dst: formatIpv6(buf, off + 24),
    protocol: chain.protocol,
  };
  if (chain.complete && chain.fragmentOffset === 0) addPorts(buf, chain.offset, end, quoted);
  return quoted;
}

function addPorts(buf: Uint8Array, off: number, end: number, quoted: QuotedDatagram): void {
  const proto = quoted.protocol;
  if (proto !== IpProtocol.TCP && proto !== IpProtocol.UDP) return;
  if (end - off < 4) return;
  quoted.srcPort = u16be(buf, off);
  quoted.dstPort = u16be(buf, off + 2);
  if (proto === IpProtocol.TCP && end - off >= 8) quoted.tcpSeq = u32be(buf, off + 4);
}
