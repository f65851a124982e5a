// Mermaid sequenceDiagram of one connection: arrows for segments, notes for states.
import { formatEndpoint } from "../tcp/endpoint.js";
import type { TcpConnection } from "../tcp/tcp-connection.js";
import type { TcpState } from "../tcp/tcp-state.js";
import { buildLadder, collapsedText, type LadderOptions, type LadderRow } from "./ladder-model.js";
import { formatSeconds } from "./time-format.js";

/**
 * Mermaid reads `;` as a statement break, `#` as an entity start and `<`/`>` as HTML. Its
 * entity codes (`#59;`) came out garbled when rendered with mermaid 11 in Chromium, so
 * these become look-alikes instead. A `:` after the message separator is plain text
 * (addresses like 10.0.0.3:1234 and IPv6 render as they are).
 */
const MERMAID_ENTITIES: Record<string, string> = { "#": "no.", ";": ",", "<": "‹", ">": "›" };

export function escapeMermaid(text: string): string {
  return text.replace(/[#;<>]/g, (ch) => MERMAID_ENTITIES[ch] ?? ch);
}

const ALIAS = { client: "C", server: "S" } as const;

export function renderMermaid(conn: TcpConnection, options: LadderOptions = {}): string {
  const model = buildLadder(conn, options);
  const lines = [
    "sequenceDiagram",
    `    participant C as ${escapeMermaid(`client ${formatEndpoint(conn.client)}`)}`,
    `    participant S as ${escapeMermaid(`server ${formatEndpoint(conn.server)}`)}`,
    note("client", model.initial.client),
    note("server", model.initial.server),
  ];
  for (const row of model.rows) lines.push(...rowLines(row, conn.firstNs));
  return lines.join("\n") + "\n";
}

function note(side: "client" | "server", state: TcpState | string): string {
  return `    Note over ${ALIAS[side]}: ${escapeMermaid(state)}`;
}

function rowLines(row: LadderRow, originNs: bigint): string[] {
  if (row.kind === "collapsed") return [`    Note over C,S: ${escapeMermaid(collapsedText(row))}`];
  const [from, to] = row.seg.dir === "c>s" ? ["C", "S"] : ["S", "C"];
  const label = `${formatSeconds(row.seg.timeNs - originNs)} ${row.label}`;
  return [
    `    ${from}->>${to}: ${escapeMermaid(label)}`,
    ...row.states.client.map((s) => note("client", s)),
    ...row.states.server.map((s) => note("server", s)),
  ];
}
