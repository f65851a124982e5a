// BSD loopback (LINKTYPE_NULL, family in the capturing host's byte order) and OpenBSD
// loop (LINKTYPE_LOOP, network byte order). AF_INET6 differs per OS, so all are listed.
import { swap32, u32be } from "./bytes.js";
import { LayerError, requireBytes } from "./errors.js";
import type { IpSink } from "./packet.js";
import { decodeIpv4 } from "./ipv4.js";
import { decodeIpv6 } from "./ipv6.js";

export const AddressFamily = {
  INET: 2,
  INET6_LINUX: 10,
  INET6_WINDOWS: 23,
  INET6_BSD: 24, // NetBSD, OpenBSD, BSD/OS
  INET6_FREEBSD: 28,
  INET6_DARWIN: 30,
} as const;

const INET6 = new Set<number>([
  AddressFamily.INET6_LINUX,
  AddressFamily.INET6_WINDOWS,
  AddressFamily.INET6_BSD,
  AddressFamily.INET6_FREEBSD,
  AddressFamily.INET6_DARWIN,
]);

/** LINKTYPE_NULL: the family is in unknown byte order; real families are < 65536, so swap if it is not. */
export function decodeNull(buf: Uint8Array, off: number, end: number, out: IpSink): void {
  requireBytes("null", off, end, 4, "loopback family");
  let family = u32be(buf, off);
  if (family > 0xffff) family = swap32(family);
  decodeFamily("null", family, buf, off, end, out);
}

/** LINKTYPE_LOOP: family in network byte order. */
export function decodeLoop(buf: Uint8Array, off: number, end: number, out: IpSink): void {
  requireBytes("loop", off, end, 4, "loopback family");
  decodeFamily("loop", u32be(buf, off), buf, off, end, out);
}

function decodeFamily(layer: string, family: number, buf: Uint8Array, off: number, end: number, out: IpSink): void {
  if (family === AddressFamily.INET) decodeIpv4(buf, off + 4, end, out);
  else if (INET6.has(family)) decodeIpv6(buf, off + 4, end, out);
  else throw new LayerError(layer, off, `unknown loopback address family ${family}`);
}
