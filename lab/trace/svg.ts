// A self-contained SVG ladder: two lifelines, one slanted arrow per segment (evenly
// spaced, or placed by time), labels, and state boxes beside the lifelines.
import { TcpFlag } from "../pcap/packet.js";
import { formatEndpoint } from "../tcp/endpoint.js";
import type { TcpConnection } from "../tcp/tcp-connection.js";
import { hasFlag } from "../tcp/tcp-flags.js";
import type { Side } from "../tcp/tcp-state.js";
import { connectionTitle } from "./connection-summary.js";
import { buildLadder, collapsedText, type LadderOptions, type LadderRow } from "./ladder-model.js";
import { formatSeconds } from "./time-format.js";
import { escapeXml } from "./xml-escape.js";

export interface SvgOptions extends LadderOptions {
  /** "even" (default): one row per segment; "time": vertical position follows time. */
  spacing?: "even" | "time";
}

const WIDTH = 820;
const X = { client: 260, server: 620 } as const;
const TOP = 90;
const ROW = 34;
const SLANT = 14;

export function renderSvg(conn: TcpConnection, options: SvgOptions = {}): string {
  const model = buildLadder(conn, options);
  const ys = rowPositions(model.rows, options.spacing ?? "even");
  const bottom = (ys[ys.length - 1] ?? TOP) + ROW + 20;
  const body = [
    text(20, 24, connectionTitle(conn), 'font-weight="bold"'),
    text(X.client, 50, `client ${formatEndpoint(conn.client)}`, 'text-anchor="middle"'),
    text(X.server, 50, `server ${formatEndpoint(conn.server)}`, 'text-anchor="middle"'),
    line(X.client, 58, X.client, bottom, "#444"),
    line(X.server, 58, X.server, bottom, "#444"),
    stateBox("client", model.initial.client, 62),
    stateBox("server", model.initial.server, 62),
    ...model.rows.flatMap((row, i) => rowShapes(row, ys[i] ?? TOP, conn.firstNs)),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${bottom + 10}" viewBox="0 0 ${WIDTH} ${bottom + 10}" font-family="monospace" font-size="11">`,
    "<defs>",
    '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">',
    '<path d="M 0 0 L 10 5 L 0 10 z" fill="#333"/>',
    "</marker>",
    "</defs>",
    '<rect width="100%" height="100%" fill="white"/>',
    ...body,
    "</svg>",
    "",
  ].join("\n");
}

function rowPositions(rows: LadderRow[], spacing: "even" | "time"): number[] {
  if (spacing === "even" || rows.length === 0) return rows.map((_, i) => TOP + i * ROW);
  const time = (r: LadderRow) => Number(r.kind === "segment" ? r.seg.timeNs : r.firstNs);
  const t0 = time(rows[0]!);
  const span = Math.max(1, time(rows[rows.length - 1]!) - t0);
  const height = rows.length * ROW * 2;
  const ys: number[] = [];
  for (const r of rows) {
    const byTime = TOP + ((time(r) - t0) / span) * height;
    ys.push(Math.max(byTime, (ys[ys.length - 1] ?? TOP - ROW) + ROW));
  }
  return ys;
}

function rowShapes(row: LadderRow, y: number, originNs: bigint): string[] {
  if (row.kind === "collapsed") return [text((X.client + X.server) / 2, y + 10, collapsedText(row), 'text-anchor="middle" fill="#666"')];
  const [x1, x2] = row.seg.dir === "c>s" ? [X.client, X.server] : [X.server, X.client];
  const shapes = [
    text(20, y + 4, formatSeconds(row.seg.timeNs - originNs)),
    `<line x1="${x1}" y1="${y}" x2="${x2}" y2="${y + SLANT}" stroke="${colour(row.seg.flags, row.seg.retransmission)}" marker-end="url(#arrow)"/>`,
    text((X.client + X.server) / 2, y + SLANT / 2 - 5, row.label, 'text-anchor="middle"'),
  ];
  for (const side of ["client", "server"] as const) {
    row.states[side].forEach((s, i) => shapes.push(stateBox(side, s, y + SLANT - 8 + i * 18)));
  }
  return shapes;
}

function colour(flags: number, retransmission: boolean): string {
  if (hasFlag(flags, TcpFlag.RST)) return "#c00";
  if (retransmission) return "#d70";
  if (hasFlag(flags, TcpFlag.SYN | TcpFlag.FIN)) return "#06c";
  return "#000";
}

function stateBox(side: Side, state: string, y: number): string {
  const w = state.length * 7 + 10;
  const x = side === "client" ? X.client - 8 - w : X.server + 8;
  return `<rect x="${x}" y="${y}" width="${w}" height="16" rx="3" fill="#eef" stroke="#88a"/>\n${text(x + 5, y + 12, state)}`;
}

function text(x: number, y: number, content: string, attrs = ""): string {
  return `<text x="${x}" y="${y}"${attrs ? ` ${attrs}` : ""}>${escapeXml(content)}</text>`;
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string): string {
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${stroke}"/>`;
}
