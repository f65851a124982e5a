// Text for one segment: the tcpdump-style line and the short label drawn on arrows.
import type { TcpOptions } from "../pcap/packet.js";
import { formatTcpdumpEndpoint } from "../tcp/endpoint.js";
import type { SegmentRecord, TcpConnection } from "../tcp/tcp-connection.js";
import { hasFlag, tcpdumpFlags } from "../tcp/tcp-flags.js";
import { TcpFlag } from "../pcap/packet.js";
import { formatSeconds } from "./time-format.js";

/** tcpdump prints seq only for segments that occupy sequence space or reset. */
function showsSeq(seg: SegmentRecord): boolean {
  return seg.length > 0 || hasFlag(seg.flags, TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST);
}

function seqText(seg: SegmentRecord): string {
  return seg.length > 0 ? `${seg.relSeq}:${seg.relSeq + seg.length}` : `${seg.relSeq}`;
}

export function formatOptions(o: TcpOptions): string {
  const parts: string[] = [];
  if (o.mss !== undefined) parts.push(`mss ${o.mss}`);
  if (o.sackPermitted) parts.push("sackOK");
  if (o.timestamp) parts.push(`TS val ${o.timestamp.value} ecr ${o.timestamp.echo}`);
  if (o.windowScale !== undefined) parts.push(`wscale ${o.windowScale}`);
  if (o.sack?.length) parts.push(`sack ${o.sack.length} ${o.sack.map(([l, r]) => `{${l}:${r}}`).join("")}`);
  return parts.join(",");
}

/** Notes a reader needs that tcpdump itself does not print. */
export function annotations(seg: SegmentRecord): string[] {
  const notes: string[] = [];
  if (seg.retransmission) notes.push("retransmission");
  if (seg.zeroWindow) notes.push("zero window");
  return notes;
}

/**
 * `0.000000 10.0.0.2.40512 > 10.0.0.3.1234: Flags [S], seq 0, win 64240, options [mss 1460], length 0`
 * with relative seq/ack and time relative to the connection's first packet.
 */
export function tcpdumpLine(conn: TcpConnection, seg: SegmentRecord, annotate = true): string {
  const [from, to] = seg.dir === "c>s" ? [conn.client, conn.server] : [conn.server, conn.client];
  const parts = [`Flags [${tcpdumpFlags(seg.flags)}]`];
  if (showsSeq(seg)) parts.push(`seq ${seqText(seg)}`);
  if (seg.relAck !== undefined) parts.push(`ack ${seg.relAck}`);
  parts.push(`win ${seg.window}`);
  const opts = formatOptions(seg.options);
  if (opts) parts.push(`options [${opts}]`);
  parts.push(`length ${seg.length}`);
  const notes = annotate ? annotations(seg).map((n) => ` [${n}]`).join("") : "";
  const time = formatSeconds(seg.timeNs - conn.firstNs);
  return `${time} ${formatTcpdumpEndpoint(from)} > ${formatTcpdumpEndpoint(to)}: ${parts.join(", ")}${notes}`;
}

export function tcpdumpLines(conn: TcpConnection, annotate = true): string[] {
  return conn.segments.map((s) => tcpdumpLine(conn, s, annotate));
}

/** The short arrow label: `S seq 0 mss 1460`, `P. seq 1:101 ack 1 len 100`, `. ack 1`. */
export function arrowLabel(seg: SegmentRecord): string {
  const parts = [tcpdumpFlags(seg.flags)];
  if (showsSeq(seg)) parts.push(`seq ${seqText(seg)}`);
  if (seg.relAck !== undefined) parts.push(`ack ${seg.relAck}`);
  if (seg.length > 0) parts.push(`len ${seg.length}`);
  if (seg.options.mss !== undefined) parts.push(`mss ${seg.options.mss}`);
  if (seg.zeroWindow) parts.push("win 0");
  if (seg.retransmission) parts.push("(retransmission)");
  return parts.join(" ");
}
