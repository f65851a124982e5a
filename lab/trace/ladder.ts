// Text time-sequence diagram in the manner of UNP Figure 2.5: client column on the left,
// server on the right, one arrow per segment, states written beside each lifeline when
// they change. At most 96 columns wide.
import { formatEndpoint } from "../tcp/endpoint.js";
import type { TcpConnection } from "../tcp/tcp-connection.js";
import { connectionSummary, connectionTitle } from "./connection-summary.js";
import { buildLadder, collapsedText, type LadderOptions, type LadderRow } from "./ladder-model.js";
import { formatSeconds } from "./time-format.js";

const TIME_W = 9;
const STATE_W = 12;
const ARROW_W = 58;
/** Column of the client lifeline; the server's is ARROW_W + 1 further right. */
const LEFT = TIME_W + 1 + STATE_W + 1;
const RIGHT = LEFT + 1 + ARROW_W;

export interface LadderTextOptions extends LadderOptions {
  /** Add the plain-language summary under the diagram (default true). */
  summary?: boolean;
}

export function renderLadder(conn: TcpConnection, options: LadderTextOptions = {}): string {
  const model = buildLadder(conn, options);
  const lines = [connectionTitle(conn), ...header(conn)];
  lines.push(row("", model.initial.client, " ".repeat(ARROW_W), model.initial.server));
  for (const r of model.rows) lines.push(...rowLines(r, conn.firstNs));
  if (options.summary ?? true) lines.push("", ...connectionSummary(conn));
  return lines.map((l) => l.trimEnd()).join("\n");
}

function header(conn: TcpConnection): string[] {
  const names = placeOverLifelines("client", "server");
  const ends = placeOverLifelines(formatEndpoint(conn.client), formatEndpoint(conn.server));
  return ["time (s)".padStart(TIME_W) + names.slice(TIME_W), ends];
}

/** Center each text on its lifeline, never overlapping. */
function placeOverLifelines(left: string, right: string): string {
  const start = Math.max(0, LEFT - Math.floor(left.length / 2));
  const leftPart = " ".repeat(start) + left;
  const rightStart = Math.max(leftPart.length + 2, RIGHT - Math.floor(right.length / 2));
  return leftPart.padEnd(rightStart) + right;
}

function row(time: string, clientState: string, middle: string, serverState: string): string {
  return `${time.padStart(TIME_W)} ${clientState.padStart(STATE_W)} |${middle}| ${serverState}`;
}

function rowLines(r: LadderRow, originNs: bigint): string[] {
  if (r.kind === "collapsed") return [row("", "", center(collapsedText(r), ARROW_W), "")];
  const time = formatSeconds(r.seg.timeNs - originNs);
  const c = r.states.client;
  const s = r.states.server;
  const out = [row(time, c[0] ?? "", arrow(r.label, r.seg.dir === "c>s"), s[0] ?? "")];
  // A segment that moves one end through two states (simultaneous close) gets extra lines.
  for (let i = 1; i < Math.max(c.length, s.length); i++) out.push(row("", c[i] ?? "", " ".repeat(ARROW_W), s[i] ?? ""));
  return out;
}

function arrow(label: string, rightward: boolean): string {
  const text = label.length > ARROW_W - 6 ? `${label.slice(0, ARROW_W - 9)}...` : label;
  const fill = "-".repeat(ARROW_W - text.length - 5);
  return rightward ? `-- ${text} ${fill}>` : `<${fill} ${text} --`;
}

function center(text: string, width: number): string {
  if (text.length >= width) return text;
  const left = Math.floor((width - text.length) / 2);
  return " ".repeat(left) + text + " ".repeat(width - text.length - left);
}
