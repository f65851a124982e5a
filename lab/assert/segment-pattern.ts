// The step notation of expectSegments, one string per step:
//
//   "c>s S"                 client to server, flags exactly SYN (tcpdump letters: F S R P . U E W e)
//   "s>c S."                server to client SYN-ACK
//   "* R."                  either direction
//   "c>s P?."               "?" after a letter: that flag may or may not be set (P?. = data with or without PSH)
//   "c>s *"                 any flags
//   "c>s P. len=4000"       payload length exactly; also len>N, len>=N, len<N
//   "s>c S. within 5ms"     at most 5 ms after the previous matched segment (the first step:
//                           after the connection's first packet); units ns, us, ms, s
//   "s>c . after 100ms..130ms"  between 100 and 130 ms after it ("after 100ms": at least)
//   "*"                     any one segment
//   "..."                   any number of segments, including none
//
// ECE and CWR are ignored unless the step names them. The whole connection must match:
// end with "..." to check only a prefix.
import { TcpFlag } from "../pcap/packet.js";
import type { Direction } from "../tcp/tcp-state.js";
import { flagForChar } from "../tcp/tcp-flags.js";

export type LengthTest = { op: "=" | ">" | ">=" | "<"; value: number };
export type TimeTest = { minNs: bigint; maxNs?: bigint };

export type SegmentStep =
  | { kind: "gap"; text: string }
  | { kind: "any"; text: string }
  | {
      kind: "segment";
      text: string;
      dir?: Direction;
      /** Flags that must equal `value` within `mask`; undefined = any flags. */
      flags?: { mask: number; value: number };
      length?: LengthTest;
      time?: TimeTest;
    };

const ALWAYS_COMPARED = TcpFlag.FIN | TcpFlag.SYN | TcpFlag.RST | TcpFlag.PSH | TcpFlag.ACK | TcpFlag.URG;
const UNITS: Record<string, bigint> = { ns: 1n, us: 1_000n, ms: 1_000_000n, s: 1_000_000_000n };

export function parseStep(text: string): SegmentStep {
  const words = text.trim().split(/\s+/);
  if (words.length === 1 && words[0] === "...") return { kind: "gap", text };
  if (words.length === 1 && words[0] === "*") return { kind: "any", text };
  const [dirWord = "", flagWord = "", ...rest] = words;
  const step: SegmentStep = { kind: "segment", text };
  if (dirWord === "c>s" || dirWord === "s>c") step.dir = dirWord;
  else if (dirWord !== "*") throw new SyntaxError(`step "${text}": direction must be c>s, s>c or *`);
  if (flagWord === "") throw new SyntaxError(`step "${text}": flags missing (e.g. "S.", "P.", "*")`);
  if (flagWord !== "*") step.flags = parseFlagPattern(flagWord, text);
  parseClauses(rest, step, text);
  return step;
}

function parseFlagPattern(word: string, text: string): { mask: number; value: number } {
  let mask = ALWAYS_COMPARED;
  let value = 0;
  for (let i = 0; i < word.length; i++) {
    const bit = flagForChar(word[i] ?? "");
    if (bit === undefined) throw new SyntaxError(`step "${text}": unknown flag "${word[i]}"`);
    mask |= bit;
    if (word[i + 1] === "?") {
      mask &= ~bit;
      i++;
    } else value |= bit;
  }
  return { mask, value };
}

function parseClauses(words: string[], step: Extract<SegmentStep, { kind: "segment" }>, text: string): void {
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? "";
    const len = /^len(=|>=|>|<)(\d+)$/.exec(w);
    if (len) step.length = { op: len[1] as LengthTest["op"], value: Number(len[2]) };
    else if (w === "within") step.time = { minNs: 0n, maxNs: parseDuration(words[++i], text) };
    else if (w === "after") step.time = parseRange(words[++i], text);
    else throw new SyntaxError(`step "${text}": cannot read "${w}"`);
  }
}

function parseRange(word: string | undefined, text: string): TimeTest {
  const [lo, hi] = (word ?? "").split("..");
  return hi === undefined ? { minNs: parseDuration(lo, text) } : { minNs: parseDuration(lo, text), maxNs: parseDuration(hi, text) };
}

function parseDuration(word: string | undefined, text: string): bigint {
  const m = /^(\d+(?:\.\d+)?)(ns|us|ms|s)$/.exec(word ?? "");
  if (!m) throw new SyntaxError(`step "${text}": bad duration "${word ?? ""}" (e.g. 5ms, 200us, 1.5s)`);
  const [whole = "0", frac = ""] = (m[1] ?? "0").split(".");
  const unit = UNITS[m[2] ?? "ns"] ?? 1n;
  const fracNs = frac ? (BigInt(frac) * unit) / 10n ** BigInt(frac.length) : 0n;
  return BigInt(whole) * unit + fracNs;
}
