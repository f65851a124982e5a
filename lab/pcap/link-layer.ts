// Dispatch from a capture's link type to the link-layer decoder.
import { LayerError } from "./errors.js";
import { decodeEthernet } from "./ethernet.js";
import { decodeIpv4 } from "./ipv4.js";
import type { IpSink } from "./packet.js";
import { decodeIpv6 } from "./ipv6.js";
import { LinkType } from "./link-type.js";
import { decodeLoop, decodeNull } from "./loopback.js";
import { decodeRawIp } from "./network.js";
import { decodeSll, decodeSll2 } from "./sll.js";

/** true for the link types this decoder understands. */
export function isSupportedLinkType(linkType: number): boolean {
  return (Object.values(LinkType) as number[]).includes(linkType);
}

/** Decodes the frame at `off..end` of `linkType`, attaching what it finds to `out`. */
export function decodeLink(linkType: number, buf: Uint8Array, off: number, end: number, out: IpSink): void {
  switch (linkType) {
    case LinkType.ETHERNET:
      return decodeEthernet(buf, off, end, out);
    case LinkType.LINUX_SLL:
      return decodeSll(buf, off, end, out);
    case LinkType.LINUX_SLL2:
      return decodeSll2(buf, off, end, out);
    case LinkType.RAW:
    case LinkType.RAW_DLT12:
    case LinkType.RAW_DLT14:
      return decodeRawIp(buf, off, end, out);
    case LinkType.IPV4:
      return decodeIpv4(buf, off, end, out);
    case LinkType.IPV6:
      return decodeIpv6(buf, off, end, out);
    case LinkType.NULL:
      return decodeNull(buf, off, end, out);
    case LinkType.LOOP:
      return decodeLoop(buf, off, end, out);
    default:
      throw new LayerError("link", off, `unsupported link type ${linkType}`);
  }
}
