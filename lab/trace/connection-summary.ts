// Plain-language facts about a connection, one per line, under its ladder.
import { formatEndpoint } from "../tcp/endpoint.js";
import type { TcpConnection } from "../tcp/tcp-connection.js";
import { formatDuration } from "./time-format.js";

export function connectionTitle(conn: TcpConnection): string {
  const guessed = conn.rolesGuessed ? " (roles guessed by port: capture started mid-connection)" : "";
  return `Connection ${conn.id}: client ${formatEndpoint(conn.client)} -> server ${formatEndpoint(conn.server)}${guessed}`;
}

function handshakeLine(conn: TcpConnection): string {
  const h = conn.handshake;
  if (!h.complete) return `handshake: incomplete${h.synIndex === undefined ? " (SYN not captured)" : ""}`;
  const rtts = [
    h.synToSynAckNs !== undefined ? `SYN->SYN-ACK ${formatDuration(h.synToSynAckNs)}` : undefined,
    h.synToAckNs !== undefined ? `SYN->ACK ${formatDuration(h.synToAckNs)}` : undefined,
  ].filter(Boolean);
  const retrans = h.synRetransmissions > 0 ? `, ${h.synRetransmissions} SYN retransmission(s)` : "";
  return `handshake: complete, ${rtts.join(", ")}${retrans}`;
}

function dataLine(conn: TcpConnection): string {
  const c = conn.toServer;
  const s = conn.toClient;
  return `data: client->server ${c.bytes} bytes in ${c.dataSegments} segment(s); server->client ${s.bytes} bytes in ${s.dataSegments} segment(s)`;
}

function closeLine(conn: TcpConnection): string {
  const c = conn.close;
  if (c.simultaneous) return `close: simultaneous close; TIME_WAIT: ${c.timeWait.join(" and ") || "none"}`;
  if (!c.activeCloser) return "close: no FIN seen";
  const how = c.graceful ? "graceful" : "not completed";
  return `close: ${c.activeCloser} closed first (active close), ${how}; TIME_WAIT: ${c.timeWait.join(" and ") || "none"}`;
}

export function connectionSummary(conn: TcpConnection): string[] {
  const lines = [handshakeLine(conn), dataLine(conn), closeLine(conn)];
  for (const r of conn.resets) lines.push(`reset: RST by ${r.by} at packet ${r.index + 1}, ${r.description}`);
  if (conn.retransmissions.length > 0) {
    const by = (side: string) => conn.retransmissions.filter((r) => r.side === side).length;
    lines.push(`retransmissions: ${conn.retransmissions.length} (client ${by("client")}, server ${by("server")})`);
  }
  if (conn.zeroWindows.length > 0) {
    const sides = [...new Set(conn.zeroWindows.map((z) => z.side))].join(", ");
    lines.push(`zero windows: ${conn.zeroWindows.length} (advertised by ${sides})`);
  }
  lines.push(`duration: ${formatDuration(conn.durationNs)}, ${conn.packetCount} packet(s)`);
  return lines;
}
