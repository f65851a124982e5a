// The default `lab trace` text report: per connection its tcpdump-style lines and its
// ladder with summary, then UDP flows and ICMP errors.
import type { Analysis } from "../tcp/analyzer.js";
import { formatEndpoint } from "../tcp/endpoint.js";
import type { TcpConnection } from "../tcp/tcp-connection.js";
import { renderLadder } from "./ladder.js";
import { tcpdumpLines } from "./segment-text.js";
import { selectConnections, type ConnectionFilter } from "./select.js";

export interface TextReportOptions {
  filter?: ConnectionFilter;
  /** Show every segment in ladders. */
  full?: boolean;
  /** Include the tcpdump-style listing (default true). */
  lines?: boolean;
}

export function renderConnectionText(conn: TcpConnection, options: TextReportOptions = {}): string {
  const parts: string[] = [];
  if (options.lines ?? true) parts.push(tcpdumpLines(conn).join("\n"));
  if (conn.segmentsOmitted) parts.push("(segments not kept: summary only)");
  parts.push(renderLadder(conn, { full: options.full ?? false }));
  return parts.join("\n\n");
}

export function renderTextReport(analysis: Analysis, options: TextReportOptions = {}): string {
  const conns = options.filter ? selectConnections(analysis.tcp, options.filter) : analysis.tcp;
  const sections = conns.map((c) => renderConnectionText(c, options));
  if (!options.filter) {
    if (analysis.udp.length > 0) sections.push(udpSection(analysis));
    if (analysis.icmpErrors.length > 0) sections.push(["ICMP errors:", ...analysis.icmpErrors.map((e) => `  packet ${e.index + 1}: ${e.summary} (from ${e.reporter})`)].join("\n"));
  }
  if (sections.length === 0) sections.push("no matching TCP connections");
  return sections.join("\n\n") + "\n";
}

function udpSection(analysis: Analysis): string {
  const lines = analysis.udp.map(
    (f) =>
      `  ${f.id}: ${formatEndpoint(f.client)} -> ${formatEndpoint(f.server)}: ` +
      `${f.toServer.datagrams} datagram(s)/${f.toServer.bytes} bytes out, ${f.toClient.datagrams}/${f.toClient.bytes} back`,
  );
  return ["UDP flows:", ...lines].join("\n");
}
