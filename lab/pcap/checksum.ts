// The Internet checksum (RFC 1071), for the frame builders.

/** One's-complement sum of `parts` taken as one byte string, folded and inverted. */
export function internetChecksum(...parts: Uint8Array[]): number {
  let sum = 0;
  let odd = false;
  let carry = 0;
  for (const part of parts) {
    for (const byte of part) {
      // Parts may have odd lengths: track the byte's position in the overall stream.
      if (odd) sum += carry | byte;
      else carry = byte << 8;
      odd = !odd;
    }
  }
  if (odd) sum += carry;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** The TCP/UDP/ICMPv6 pseudo-header for IPv4 (4-byte addresses) or IPv6 (16-byte). */
export function pseudoHeader(src: Uint8Array, dst: Uint8Array, protocol: number, length: number): Uint8Array {
  if (src.length === 4) {
    const h = new Uint8Array(12);
    h.set(src, 0);
    h.set(dst, 4);
    h[9] = protocol;
    h[10] = length >> 8;
    h[11] = length & 0xff;
    return h;
  }
  const h = new Uint8Array(40);
  h.set(src, 0);
  h.set(dst, 16);
  new DataView(h.buffer).setUint32(32, length);
  h[39] = protocol;
  return h;
}
