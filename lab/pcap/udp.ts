// UDP header (RFC 768).
import { u16be } from "./bytes.js";
import { LayerError, requireBytes } from "./errors.js";
import type { UdpDatagram } from "./packet.js";

/** `length` is the datagram length the IP header claims; `capEnd` bounds captured bytes. */
export function decodeUdp(buf: Uint8Array, off: number, capEnd: number, length: number): UdpDatagram {
  requireBytes("udp", off, capEnd, 8, "UDP header");
  if (length < 8) throw new LayerError("udp", off, `IP payload of ${length} bytes is shorter than a UDP header`);
  return {
    kind: "udp",
    srcPort: u16be(buf, off),
    dstPort: u16be(buf, off + 2),
    length: u16be(buf, off + 4),
    // From the IP length (like TCP): the UDP length field is 0 in jumbograms and may lie.
    payloadLength: length - 8,
  };
}
