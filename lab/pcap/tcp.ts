// TCP header (RFC 9293) and its options. The payload length comes from the IP length,
// not from the captured bytes: a snaplen-truncated capture still reports the true
// length, which is what tshark's tcp.len shows.
import { u16be, u32be } from "./bytes.js";
import { LayerError, requireBytes } from "./errors.js";
import type { IpSink } from "./packet.js";
import type { TcpOptions, TcpSegment } from "./packet.js";

/** TCP option kinds the decoder understands. */
export const TcpOptionKind = {
  END: 0,
  NOP: 1,
  MSS: 2,
  WINDOW_SCALE: 3,
  SACK_PERMITTED: 4,
  SACK: 5,
  TIMESTAMP: 8,
} as const;

/**
 * Decodes the TCP header at `off`; `capEnd` bounds the captured bytes and `length`
 * is the segment length the IP header claims (header + payload).
 */
export function decodeTcp(buf: Uint8Array, off: number, capEnd: number, length: number, out?: IpSink): TcpSegment {
  requireBytes("tcp", off, capEnd, 20, "TCP header");
  const headerLength = (buf[off + 12]! >> 4) * 4;
  if (headerLength < 20) throw new LayerError("tcp", off + 12, `TCP data offset ${headerLength} < 20`);
  if (headerLength > length) {
    throw new LayerError("tcp", off + 12, `TCP header length ${headerLength} exceeds segment length ${length}`);
  }
  const optionsEnd = Math.min(off + headerLength, capEnd);
  if (optionsEnd < off + headerLength && out) {
    // A small snaplen can cut the options: keep the fixed header (as tshark does) and say so.
    out.error = { layer: "tcp", offset: optionsEnd, message: `TCP options cut at ${optionsEnd - off} of ${headerLength} header bytes` };
  }
  return {
    kind: "tcp",
    srcPort: u16be(buf, off),
    dstPort: u16be(buf, off + 2),
    seq: u32be(buf, off + 4),
    ack: u32be(buf, off + 8),
    // The low nibble of byte 12 holds AE (AccECN) and three reserved bits: keep all 12.
    flags: ((buf[off + 12]! & 0x0f) << 8) | buf[off + 13]!,
    window: u16be(buf, off + 14),
    headerLength,
    options: headerLength === 20 ? {} : decodeTcpOptions(buf, off + 20, optionsEnd, optionsEnd < off + headerLength, out),
    payloadLength: length - headerLength,
  };
}

/**
 * Options between `off` and `end` (captured bytes); `cut` = the header continues past
 * `end`. A malformed option ends the parse and is noted in `out.error`: the fixed header
 * is still good, so the segment is kept (tshark does the same).
 */
export function decodeTcpOptions(buf: Uint8Array, off: number, end: number, cut = false, out?: IpSink): TcpOptions {
  const options: TcpOptions = {};
  let p = off;
  while (p < end) {
    const kind = buf[p]!;
    if (kind === TcpOptionKind.END) break;
    if (kind === TcpOptionKind.NOP) {
      p++;
      continue;
    }
    const len = end - p >= 2 ? buf[p + 1]! : 0;
    if (cut && (len === 0 || len > end - p)) break; // the rest was not captured
    // A length below 2 would not advance; past the header it would read the payload.
    if (len < 2 || len > end - p) {
      if (out) out.error = { layer: "tcp", offset: p, message: `TCP option ${kind} has bad length ${len}` };
      break;
    }
    readOption(buf, p, kind, len, options);
    p += len;
  }
  return options;
}

function readOption(buf: Uint8Array, p: number, kind: number, len: number, options: TcpOptions): void {
  switch (kind) {
    case TcpOptionKind.MSS:
      if (len === 4) options.mss = u16be(buf, p + 2);
      break;
    case TcpOptionKind.WINDOW_SCALE:
      if (len === 3) options.windowScale = buf[p + 2]!;
      break;
    case TcpOptionKind.SACK_PERMITTED:
      if (len === 2) options.sackPermitted = true;
      break;
    case TcpOptionKind.SACK: {
      const blocks: Array<[number, number]> = [];
      for (let q = p + 2; q + 8 <= p + len; q += 8) blocks.push([u32be(buf, q), u32be(buf, q + 4)]);
      options.sack = blocks;
      break;
    }
    case TcpOptionKind.TIMESTAMP:
      if (len === 10) options.timestamp = { value: u32be(buf, p + 2), echo: u32be(buf, p + 6) };
      break;
    default:
      break; // unknown options are skipped by their length
  }
}
