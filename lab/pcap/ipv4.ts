// IPv4 header (RFC 791). Options are skipped by IHL; fragments are flagged, and only
// the offset-0 fragment (which holds the transport header) has its transport decoded.
import { formatIpv4 } from "./address.js";
import { u16be } from "./bytes.js";
import { LayerError, requireBytes } from "./errors.js";
import { cappedLength, wireEnd } from "./ip-length.js";
import type { IpPacket, IpSink } from "./packet.js";
import { decodeTransport } from "./transport.js";

const MORE_FRAGMENTS = 0x2000;
const OFFSET_MASK = 0x1fff;

/** Decodes the IPv4 datagram at `off` (captured up to `end`) into `out.ip`. */
export function decodeIpv4(buf: Uint8Array, off: number, end: number, out: IpSink): void {
  requireBytes("ipv4", off, end, 20, "IPv4 header");
  const first = buf[off]!;
  if (first >> 4 !== 4) throw new LayerError("ipv4", off, `IP version ${first >> 4} in an IPv4 header`);
  const ihl = (first & 15) * 4;
  if (ihl < 20) throw new LayerError("ipv4", off, `IPv4 header length ${ihl} < 20`);
  requireBytes("ipv4", off, end, ihl, "IPv4 header with options");
  const held = wireEnd(out, end) - off;
  let totalLength = u16be(buf, off + 2);
  // 0 means TCP segmentation offload on the capturing host: the frame holds the datagram.
  if (totalLength === 0) totalLength = held;
  if (totalLength < ihl) {
    throw new LayerError("ipv4", off + 2, `IPv4 total length ${totalLength} < header length ${ihl}`);
  }
  const fragField = u16be(buf, off + 6);
  const fragmentOffset = fragField & OFFSET_MASK;
  const protocol = buf[off + 9]!;
  const ip: IpPacket = {
    version: 4,
    src: formatIpv4(buf, off + 12),
    dst: formatIpv4(buf, off + 16),
    protocol,
    ttl: buf[off + 8]!,
    totalLength,
    fragment: fragmentOffset !== 0 || (fragField & MORE_FRAGMENTS) !== 0,
  };
  out.ip = ip;
  // A length past the frame's end is a lie (or a broken capture): never analyse bytes that were not sent.
  const length = cappedLength(totalLength, held, out);
  if (fragmentOffset !== 0) return;
  // Ethernet pads short frames: the datagram ends at its length, not at the frame's end.
  const capEnd = Math.min(end, off + length);
  ip.transport = decodeTransport(protocol, 4, buf, off + ihl, capEnd, length - ihl, out);
}
