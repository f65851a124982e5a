// The decoded view of one captured packet: what the flow analysis (lab/tcp) consumes.
// The decoder (this folder) produces it; everything here is plain data so it can be
// built by hand in tests of the analysis.

export type IpVersion = 4 | 6;

/** TCP flag bits, as in the header's flags byte (plus NS is not tracked). */
export const TcpFlag = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
} as const;

export interface TcpOptions {
  mss?: number;
  windowScale?: number;
  sackPermitted?: boolean;
  /** SACK blocks as [left, right) absolute sequence numbers. */
  sack?: Array<[number, number]>;
  timestamp?: { value: number; echo: number };
}

export interface TcpSegment {
  kind: "tcp";
  srcPort: number;
  dstPort: number;
  seq: number; // absolute, unsigned 32-bit
  ack: number; // absolute, unsigned 32-bit
  flags: number; // TcpFlag bits
  window: number; // raw window field (unscaled)
  headerLength: number; // bytes
  options: TcpOptions;
  payloadLength: number;
}

export interface UdpDatagram {
  kind: "udp";
  srcPort: number;
  dstPort: number;
  length: number; // UDP length field
  payloadLength: number;
}

/** The IP datagram an ICMP error quotes, with its transport ports where present. */
export interface QuotedDatagram {
  version: IpVersion;
  src: string;
  dst: string;
  protocol: number;
  srcPort?: number;
  dstPort?: number;
  tcpSeq?: number;
}

export interface IcmpMessage {
  kind: "icmp";
  version: IpVersion; // 4 = ICMP, 6 = ICMPv6
  type: number;
  code: number;
  quoted?: QuotedDatagram;
}

export interface OtherTransport {
  kind: "other";
  protocol: number;
}

export type Transport = TcpSegment | UdpDatagram | IcmpMessage | OtherTransport;

export interface IpPacket {
  version: IpVersion;
  src: string; // dotted quad or RFC 5952 text
  dst: string;
  protocol: number; // next header after extension headers
  ttl: number; // hop limit for IPv6
  totalLength: number;
  /** true when this is a fragment (MF set or offset != 0); transport is then absent unless offset 0 */
  fragment: boolean;
  transport?: Transport;
}

/** Where decoded layers are attached (a DecodedPacket), so a failing inner layer keeps the outer ones. */
export interface IpSink {
  ip?: IpPacket;
  /** A layer that decoded only partly notes why here (offset into the buffer; rebased by decodePacket). */
  error?: { layer: string; offset: number; message: string };
}

export interface DecodedPacket {
  /** 0-based index in the file (frame number - 1). */
  index: number;
  /** Seconds since the epoch as a bigint of nanoseconds, exact for both resolutions. */
  timestampNs: bigint;
  /** Captured and original lengths from the record header. */
  capturedLength: number;
  originalLength: number;
  linkType: number;
  /** Interface id for pcapng, 0 for classic pcap. */
  interfaceId: number;
  ip?: IpPacket;
  /** When a layer could not be decoded: which, and why (the packet is still listed). */
  error?: { layer: string; offset: number; message: string };
}
