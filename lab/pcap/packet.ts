// The decoded view of one captured packet: what the flow analysis (lab/tcp) consumes.
// The decoder (this folder) produces it; everything here is plain data so it can be
// built by hand in tests of the analysis.

export type IpVersion = 4 | 6;

/**
 * TCP flag bits: the header's 12 flag bits (bytes 12-13 below the data offset), as
 * tshark's tcp.flags shows them. AE is the old NS bit (RFC 3540, historic), now
 * AccECN's (RFC 9768); the three bits above it are reserved and kept as they came.
 */
export const TcpFlag = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
  AE: 0x100,
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

/**
 * The IP header claims more bytes than the frame held on the wire (not a snaplen cut:
 * those bytes were never sent). The decoder caps the datagram at the frame, as tshark
 * does, so a lying length cannot turn a 66-byte frame into 768 bytes of payload.
 */
export interface IpTruncation {
  /** The datagram length the IP header claims (IPv4 total length, IPv6 40 + payload length). */
  claimed: number;
  /** The bytes of it the frame held on the wire: what the lengths were computed from. */
  held: number;
}

/** Where decoded layers are attached (a DecodedPacket), so a failing inner layer keeps the outer ones. */
export interface IpSink {
  ip?: IpPacket;
  /** A layer that decoded only partly notes why here (offset into the buffer; rebased by decodePacket). */
  error?: { layer: string; offset: number; message: string };
  /** Set by the IP decoders when the IP length claims more than the frame held. */
  truncated?: IpTruncation;
  /**
   * The record's lengths: the bytes a snaplen cut (original - captured) were on the wire,
   * so an IP length may count them. Absent: the frame was captured whole.
   */
  readonly capturedLength?: number;
  readonly originalLength?: number;
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
  /** Present when the IP length claims more than the frame holds (lengths are capped). */
  truncated?: IpTruncation;
  /** When a layer could not be decoded: which, and why (the packet is still listed). */
  error?: { layer: string; offset: number; message: string };
}
