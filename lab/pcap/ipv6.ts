// IPv6 header (RFC 8200). Extension headers (hop-by-hop, routing, fragment,
// destination options, AH) are skipped; `protocol` is the header after them.
import { formatIpv6 } from "./address.js";
import { u16be } from "./bytes.js";
import { LayerError, requireBytes } from "./errors.js";
import { cappedLength, wireEnd } from "./ip-length.js";
import type { IpSink } from "./packet.js";
import { walkIpv6Extensions } from "./ipv6-extension.js";
import type { IpPacket } from "./packet.js";
import { decodeTransport } from "./transport.js";

const HEADER = 40;

/** Decodes the IPv6 datagram at `off` (captured up to `end`) into `out.ip`. */
export function decodeIpv6(buf: Uint8Array, off: number, end: number, out: IpSink): void {
  requireBytes("ipv6", off, end, HEADER, "IPv6 header");
  const version = buf[off]! >> 4;
  if (version !== 6) throw new LayerError("ipv6", off, `IP version ${version} in an IPv6 header`);
  const held = wireEnd(out, end) - off;
  let payloadLength = u16be(buf, off + 4);
  // 0 is a jumbogram or segmentation offload: take what the frame holds.
  if (payloadLength === 0) payloadLength = held - HEADER;
  // A length past the frame's end is a lie (or a broken capture): never analyse bytes that were not sent.
  const datagramEnd = off + cappedLength(HEADER + payloadLength, held, out);
  const capEnd = Math.min(end, datagramEnd);
  const chain = walkIpv6Extensions(buf, off + HEADER, capEnd, buf[off + 6]!);
  const ip: IpPacket = {
    version: 6,
    src: formatIpv6(buf, off + 8),
    dst: formatIpv6(buf, off + 24),
    protocol: chain.protocol,
    ttl: buf[off + 7]!,
    totalLength: HEADER + payloadLength,
    fragment: chain.fragment,
  };
  out.ip = ip;
  if (!chain.complete) throw new LayerError("ipv6", chain.offset, "IPv6 extension headers run past the captured bytes");
  if (chain.fragmentOffset !== 0) return;
  if (chain.offset > datagramEnd) {
    throw new LayerError("ipv6", off + 4, `IPv6 extension headers exceed payload length ${datagramEnd - off - HEADER}`);
  }
  ip.transport = decodeTransport(chain.protocol, 6, buf, chain.offset, capEnd, datagramEnd - chain.offset, out);
}
