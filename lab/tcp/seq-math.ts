// Sequence-number arithmetic modulo 2^32 (RFC 793 section 3.3): comparisons are made
// on the signed 32-bit difference so that a connection crossing 2^32 still orders right.

const MOD = 0x1_0000_0000;

export function seqAdd(seq: number, n: number): number {
  return (seq + n) % MOD >>> 0;
}

/** b - a as a signed 32-bit distance. */
export function seqDiff(a: number, b: number): number {
  return (b - a) | 0;
}

export function seqLt(a: number, b: number): boolean {
  return seqDiff(a, b) > 0;
}

export function seqLeq(a: number, b: number): boolean {
  return seqDiff(a, b) >= 0;
}

export function seqGeq(a: number, b: number): boolean {
  return seqLeq(b, a);
}

/** Offset of seq from base, as an unsigned 32-bit number (what tcpdump prints). */
export function relativeSeq(seq: number, base: number): number {
  return (seq - base) >>> 0;
}
