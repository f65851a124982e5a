// Flag helpers and tcpdump's flag string ("S", "S.", "P.", "F.", "R.", ...).
import { TcpFlag } from "../pcap/packet.js";

export function hasFlag(flags: number, flag: number): boolean {
  return (flags & flag) !== 0;
}

// tcpdump's tcp_flag_values table order, which is also the order it prints them in;
// newer tcpdump (4.99.3 does not) prints AccECN's AE bit as "e" after W, and no reserved bit.
const TCPDUMP_ORDER: ReadonlyArray<readonly [number, string]> = [
  [TcpFlag.FIN, "F"],
  [TcpFlag.SYN, "S"],
  [TcpFlag.RST, "R"],
  [TcpFlag.PSH, "P"],
  [TcpFlag.ACK, "."],
  [TcpFlag.URG, "U"],
  [TcpFlag.ECE, "E"],
  [TcpFlag.CWR, "W"],
  [TcpFlag.AE, "e"],
];

export function tcpdumpFlags(flags: number): string {
  const text = TCPDUMP_ORDER.filter(([bit]) => hasFlag(flags, bit))
    .map(([, ch]) => ch)
    .join("");
  return text === "" ? "none" : text;
}

/** Inverse of tcpdumpFlags for one character; undefined when it is not a flag letter. */
export function flagForChar(ch: string): number | undefined {
  return TCPDUMP_ORDER.find(([, c]) => c === ch)?.[0];
}

/** Sequence space a segment occupies: payload plus one each for SYN and FIN. */
export function sequenceLength(flags: number, payloadLength: number): number {
  return payloadLength + (hasFlag(flags, TcpFlag.SYN) ? 1 : 0) + (hasFlag(flags, TcpFlag.FIN) ? 1 : 0);
}
