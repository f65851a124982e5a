// From a link layer's protocol field (an EtherType) or a raw IP frame to the IP decoders.
import { LayerError, requireBytes } from "./errors.js";
import { decodeIpv4 } from "./ipv4.js";
import type { IpSink } from "./packet.js";
import { decodeIpv6 } from "./ipv6.js";
import { EtherType } from "./link-type.js";

/** Decodes the network layer named by `etherType`; other protocols (ARP, LLC...) leave `out.ip` unset. */
export function decodeByEtherType(etherType: number, buf: Uint8Array, off: number, end: number, out: IpSink): void {
  if (etherType === EtherType.IPV4) decodeIpv4(buf, off, end, out);
  else if (etherType === EtherType.IPV6) decodeIpv6(buf, off, end, out);
}

/** Raw IP: the version nibble says which. */
export function decodeRawIp(buf: Uint8Array, off: number, end: number, out: IpSink): void {
  requireBytes("ip", off, end, 1, "raw IP version");
  const version = buf[off]! >> 4;
  if (version === 4) decodeIpv4(buf, off, end, out);
  else if (version === 6) decodeIpv6(buf, off, end, out);
  else throw new LayerError("ip", off, `raw IP frame with version ${version}`);
}
