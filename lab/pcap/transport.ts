// Dispatch from the IP protocol number to the transport decoder.
import { decodeIcmp } from "./icmp.js";
import type { IpSink } from "./packet.js";
import { IpProtocol } from "./link-type.js";
import type { IpVersion, Transport } from "./packet.js";
import { decodeTcp } from "./tcp.js";
import { decodeUdp } from "./udp.js";

/**
 * `off..capEnd` are the captured transport bytes; `length` is the transport length the
 * IP header claims (it may exceed the captured bytes when the snaplen cut the packet).
 */
export function decodeTransport(
  protocol: number,
  version: IpVersion,
  buf: Uint8Array,
  off: number,
  capEnd: number,
  length: number,
  out: IpSink,
): Transport {
  switch (protocol) {
    case IpProtocol.TCP:
      return decodeTcp(buf, off, capEnd, length, out);
    case IpProtocol.UDP:
      return decodeUdp(buf, off, capEnd, length);
    case IpProtocol.ICMP:
      return decodeIcmp(buf, off, capEnd, 4);
    case IpProtocol.ICMPV6:
      return decodeIcmp(buf, off, capEnd, 6);
    default:
      return { kind: "other", protocol };
  }
}
