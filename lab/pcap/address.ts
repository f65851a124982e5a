// Address text. IPv4 strings are cached by their 32-bit value because captures repeat
// the same few addresses millions of times; IPv6 follows RFC 5952 (as inet_ntop does).
import { u16be, u32be } from "./bytes.js";

const ipv4Cache = new Map<number, string>();
const IPV4_CACHE_MAX = 1 << 16;

/** Dotted quad of the 4 bytes at `o` (caller checked they exist). */
export function formatIpv4(b: Uint8Array, o: number): string {
  const key = u32be(b, o);
  let text = ipv4Cache.get(key);
  if (text === undefined) {
    text = `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
    // A scan of random addresses must not grow memory without bound.
    if (ipv4Cache.size >= IPV4_CACHE_MAX) ipv4Cache.clear();
    ipv4Cache.set(key, text);
  }
  return text;
}

/** RFC 5952 text of the 16 bytes at `o`: lower-case, longest zero run (>= 2 groups) as "::". */
export function formatIpv6(b: Uint8Array, o: number): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(u16be(b, o + 2 * i));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestStart = -1;
  // Like inet_ntop: IPv4-compatible (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d) keep the dotted tail.
  if (bestStart === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
    return (bestLen === 5 ? "::ffff:" : "::") + formatIpv4(b, o + 12);
  }
  let text = "";
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += "::";
      i += bestLen - 1;
      continue;
    }
    if (text !== "" && !text.endsWith(":")) text += ":";
    text += words[i]!.toString(16);
  }
  return text;
}

/** Parses dotted-quad text into 4 bytes (for builders and tests). */
export function parseIpv4(text: string): Uint8Array {
  const parts = text.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`not an IPv4 address: ${text}`);
  }
  return Uint8Array.from(parts);
}

/** Parses IPv6 text (with optional "::" and dotted IPv4 tail) into 16 bytes. */
export function parseIpv6(text: string): Uint8Array {
  const [head = "", tail, extra] = text.split("::");
  if (extra !== undefined) throw new Error(`not an IPv6 address: ${text}`);
  const groups = (s: string): number[] => {
    if (s === "") return [];
    const out: number[] = [];
    for (const g of s.split(":")) {
      if (g.includes(".")) {
        const v4 = parseIpv4(g);
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw new Error(`not an IPv6 address: ${text}`);
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const fill = 8 - left.length - right.length;
  if (fill < 0 || (tail === undefined && fill !== 0)) throw new Error(`not an IPv6 address: ${text}`);
  const words = [...left, ...new Array<number>(fill).fill(0), ...right];
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}
