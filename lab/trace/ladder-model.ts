// The rows of a time-sequence ("ladder") diagram, shared by the text, Mermaid and SVG
// renderings: one row per segment with the states each end enters because of it, and
// long runs of uneventful data/ACK segments optionally folded into one row.
import { TcpFlag } from "../pcap/packet.js";
import type { SegmentRecord, TcpConnection } from "../tcp/tcp-connection.js";
import { hasFlag } from "../tcp/tcp-flags.js";
import { TcpState, type Side } from "../tcp/tcp-state.js";
import { arrowLabel } from "./segment-text.js";

export interface SegmentRow {
  kind: "segment";
  seg: SegmentRecord;
  label: string;
  /** States entered because of this segment, in order. */
  states: Record<Side, TcpState[]>;
}

export interface CollapsedRow {
  kind: "collapsed";
  count: number;
  toServer: { segments: number; bytes: number };
  toClient: { segments: number; bytes: number };
  firstNs: bigint;
  lastNs: bigint;
}

export type LadderRow = SegmentRow | CollapsedRow;

export interface LadderModel {
  conn: TcpConnection;
  initial: Record<Side, TcpState>;
  rows: LadderRow[];
}

export interface LadderOptions {
  /** Show every segment (no folding). */
  full?: boolean;
  /** Fold runs longer than this many uneventful segments (default 8). */
  foldAbove?: number;
}

/** Keep this many segments at each end of a folded run. */
const KEEP_HEAD = 3;
const KEEP_TAIL = 2;

export function buildLadder(conn: TcpConnection, options: LadderOptions = {}): LadderModel {
  const changes = changesByPacket(conn);
  const rows: SegmentRow[] = conn.segments.map((seg) => ({
    kind: "segment",
    seg,
    label: arrowLabel(seg),
    states: changes.get(seg.index) ?? { client: [], server: [] },
  }));
  const initial = {
    client: conn.states.client[0]?.state ?? TcpState.CLOSED,
    server: conn.states.server[0]?.state ?? TcpState.CLOSED,
  };
  return { conn, initial, rows: options.full ? rows : fold(rows, options.foldAbove ?? 8) };
}

function changesByPacket(conn: TcpConnection): Map<number, Record<Side, TcpState[]>> {
  const map = new Map<number, Record<Side, TcpState[]>>();
  for (const side of ["client", "server"] as const) {
    for (const change of conn.states[side]) {
      if (change.cause === undefined) continue;
      const entry = map.get(change.cause) ?? { client: [], server: [] };
      entry[side].push(change.state);
      map.set(change.cause, entry);
    }
  }
  return map;
}

/** Nothing a reader would look for: no SYN/FIN/RST, state change, retransmission or zero window. */
function uneventful(row: SegmentRow): boolean {
  const s = row.seg;
  return (
    !hasFlag(s.flags, TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST) &&
    !s.retransmission &&
    !s.zeroWindow &&
    row.states.client.length === 0 &&
    row.states.server.length === 0
  );
}

function fold(rows: SegmentRow[], foldAbove: number): LadderRow[] {
  const out: LadderRow[] = [];
  let run: SegmentRow[] = [];
  const flush = () => {
    if (run.length > Math.max(foldAbove, KEEP_HEAD + KEEP_TAIL + 1)) {
      out.push(...run.slice(0, KEEP_HEAD), collapse(run.slice(KEEP_HEAD, -KEEP_TAIL)), ...run.slice(-KEEP_TAIL));
    } else out.push(...run);
    run = [];
  };
  for (const row of rows) {
    if (uneventful(row)) run.push(row);
    else {
      flush();
      out.push(row);
    }
  }
  flush();
  return out;
}

function collapse(rows: SegmentRow[]): CollapsedRow {
  const tally = (dir: string) => {
    const segs = rows.filter((r) => r.seg.dir === dir);
    return { segments: segs.length, bytes: segs.reduce((n, r) => n + r.seg.length, 0) };
  };
  return {
    kind: "collapsed",
    count: rows.length,
    toServer: tally("c>s"),
    toClient: tally("s>c"),
    firstNs: rows[0]?.seg.timeNs ?? 0n,
    lastNs: rows[rows.length - 1]?.seg.timeNs ?? 0n,
  };
}

export function collapsedText(row: CollapsedRow): string {
  return `... ${row.count} segments: c>s ${row.toServer.segments} (${row.toServer.bytes} B), s>c ${row.toClient.segments} (${row.toClient.bytes} B) ...`;
}
