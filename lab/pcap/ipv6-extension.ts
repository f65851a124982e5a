// Walking IPv6 extension headers (RFC 8200 section 4), shared by the IPv6 decoder and
// by ICMPv6, which walks the quoted datagram the same way.
import { u16be } from "./bytes.js";
import { IpProtocol } from "./link-type.js";

export interface ExtensionChain {
  /** The first header that is not an extension header (the transport protocol). */
  protocol: number;
  /** Offset of that header. */
  offset: number;
  fragment: boolean;
  fragmentOffset: number;
  /** false when the chain ran past the captured bytes (protocol/offset are then unreliable). */
  complete: boolean;
}

/** Walks extension headers starting with next header `next` at `off`, within `end`. */
export function walkIpv6Extensions(buf: Uint8Array, off: number, end: number, next: number): ExtensionChain {
  const chain: ExtensionChain = { protocol: next, offset: off, fragment: false, fragmentOffset: 0, complete: true };
  let p = off;
  let proto = next;
  while (isExtension(proto)) {
    if (end - p < 8) {
      chain.complete = false;
      break;
    }
    const len = extensionLength(proto, buf[p + 1]!);
    if (proto === IpProtocol.FRAGMENT) {
      const field = u16be(buf, p + 2);
      chain.fragment = true;
      chain.fragmentOffset = field >> 3;
    }
    if (end - p < len) {
      chain.complete = false; // p stays at the header that overruns, for the error offset
      break;
    }
    proto = buf[p]!;
    p += len; // len >= 8, so the walk always advances
    if (chain.fragmentOffset !== 0) break; // later fragments carry no transport header
  }
  chain.protocol = proto;
  chain.offset = p;
  return chain;
}

function isExtension(proto: number): boolean {
  return (
    proto === IpProtocol.HOPOPTS ||
    proto === IpProtocol.ROUTING ||
    proto === IpProtocol.FRAGMENT ||
    proto === IpProtocol.DSTOPTS ||
    proto === IpProtocol.AH
  );
}

function extensionLength(proto: number, lengthField: number): number {
  if (proto === IpProtocol.FRAGMENT) return 8;
  // AH counts 4-byte words minus 2 (RFC 4302); the others count 8-byte words minus 1.
  if (proto === IpProtocol.AH) return (lengthField + 2) * 4;
  return (lengthField + 1) * 8;
}
