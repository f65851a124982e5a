// What `lab trace` prints: decoding, analysing, selecting and rendering a capture file.
// Loaded only when the command runs (the CLI's start-up stays light).
import { statSync, writeFileSync } from "node:fs";
import { readCaptureMeta } from "../capture/meta.js";
import { PcapFormatError } from "../pcap/errors.js";
import { analyzeFile, type Analysis } from "../tcp/index.js";
import type { TcpConnection } from "../tcp/index.js";
import {
  captureNotes,
  connectionByNumber,
  formatDuration,
  parseConnectionFilter,
  renderAnalysisJson,
  renderMermaid,
  renderSvg,
  renderTextReport,
  selectConnections,
  timeWarning,
  type ConnectionFilter,
} from "../trace/index.js";
import { ExitCode, LabError, notFound, usageError } from "../errors.js";
import { progress, say } from "./output.js";

export interface TraceOptions {
  mermaid?: boolean;
  svg?: string;
  json?: boolean;
  connection?: number;
  filter?: string[];
  full?: boolean;
}

/**
 * Decodes and analyses a capture file. A file that breaks off after some packets gives those
 * packets and a warning; one with none readable is one LabError line (exit 2); a missing one exit 4.
 */
export async function analyzeCaptureFile(file: string): Promise<Analysis> {
  try {
    if (!statSync(file).isFile()) throw usageError(`${file}: not a file`);
  } catch (err) {
    if (err instanceof LabError) throw err;
    const code = (err as { code?: string }).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw notFound(`${file}: no such file`);
    throw usageError(`${file}: ${(err as Error).message}`);
  }
  const errors: PcapFormatError[] = [];
  let analysis: Analysis;
  try {
    analysis = await analyzeFile(file, { errors });
  } catch (err) {
    if (err instanceof PcapFormatError) errors.push(err);
    else throw new LabError(`${file}: ${(err as Error).message}`, ExitCode.USAGE);
  }
  const first = errors[0];
  if (!first) return analysis!;
  const where = `${file}: ${first.reason} at byte offset ${first.offset}`;
  // A capture cut short (tcpdump killed, disk full) still shows what it holds, with a warning.
  if (analysis! && analysis.packetCount > 0) {
    progress(`lab: warning: ${where}: showing the ${analysis.packetCount} packet(s) before it`);
    return analysis;
  }
  throw new LabError(where, ExitCode.USAGE);
}

function selection(analysis: Analysis, opts: TraceOptions): { conns: TcpConnection[]; filter?: ConnectionFilter } {
  let filter: ConnectionFilter | undefined;
  if (opts.filter?.length) {
    try {
      filter = parseConnectionFilter(opts.filter.join(","));
    } catch (err) {
      throw usageError(`--filter: ${(err as Error).message}`);
    }
  }
  if (opts.connection !== undefined) {
    try {
      connectionByNumber(analysis.tcp, opts.connection);
    } catch (err) {
      throw notFound((err as Error).message);
    }
    filter = { ...filter, number: opts.connection };
  }
  return { conns: filter ? selectConnections(analysis.tcp, filter) : analysis.tcp, ...(filter ? { filter } : {}) };
}

function header(file: string, analysis: Analysis): string[] {
  const lines = [`capture ${file}: ${analysis.packetCount} packet(s)`];
  if (analysis.firstNs !== undefined && analysis.lastNs !== undefined) {
    // Last minus first means nothing when the clock stepped back in between (see timeWarning).
    const span = analysis.backwardTimestamps ? "" : ` over ${formatDuration(analysis.lastNs - analysis.firstNs)}`;
    lines[0] += `${span}, from ${new Date(Number(analysis.firstNs / 1_000_000n)).toISOString()}`;
  }
  const meta = readCaptureMeta(file);
  if (meta) {
    const off = meta.offloads;
    lines.push(
      `taken in container ${meta.container} (lab ${meta.lab}, service ${meta.service}) on interface ${meta.interface}, address ${meta.address}` +
        `${meta.filter ? `, filter '${meta.filter}'` : ""}`,
      `offloads: tso ${off.tso}, gso ${off.gso}, gro ${off.gro}${off.requested === "kept" ? " (kept as they were)" : ""}; ` +
        `tcpdump: ${meta.tcpdump.captured ?? "?"} captured, ${meta.tcpdump.droppedByKernel ?? "?"} dropped by kernel`,
    );
  }
  const s = analysis.skipped;
  const skipped = s.notIp + s.decodeErrors + s.fragments + s.otherProtocols;
  lines.push(
    `${analysis.tcp.length} TCP connection(s), ${analysis.udp.length} UDP flow(s), ${analysis.icmpErrors.length} ICMP error(s)` +
      (skipped ? `; skipped: ${s.notIp} not IP, ${s.decodeErrors} undecodable, ${s.fragments} fragments, ${s.otherProtocols} other protocols` : ""),
    ...captureNotes(analysis),
  );
  return lines;
}

/** Several SVG ladders stacked in one document (each is a nested <svg> at its own y). */
export function stackSvgs(svgs: string[]): string {
  if (svgs.length === 1) return svgs[0] ?? "";
  let y = 0;
  let width = 0;
  const parts: string[] = [];
  for (const svg of svgs) {
    const w = Number(/width="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? 0);
    const h = Number(/height="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? 0);
    parts.push(svg.replace(/^<svg /, `<svg y="${y}" `).trimEnd());
    y += h;
    width = Math.max(width, w);
  }
  return [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">`, ...parts, "</svg>", ""].join("\n");
}

/** `lab trace`: the report (text, Mermaid, SVG or JSON) of one capture file. */
export async function runTrace(file: string, opts: TraceOptions): Promise<void> {
  const analysis = await analyzeCaptureFile(file);
  const warning = timeWarning(analysis);
  if (warning) progress(`lab: warning: ${file}: ${warning}`);
  const { conns, filter } = selection(analysis, opts);
  const ladder = { full: opts.full ?? false };
  if (opts.json) {
    say(renderAnalysisJson(filter ? { ...analysis, tcp: conns } : analysis));
    return;
  }
  if (opts.svg !== undefined) {
    if (conns.length === 0) throw notFound(`${file}: no TCP connection to draw`);
    try {
      writeFileSync(opts.svg, stackSvgs(conns.map((c) => renderSvg(c, ladder))));
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === "ENOENT") throw notFound(`--svg ${opts.svg}: no such directory`);
      throw new LabError(`--svg ${opts.svg}: ${(err as Error).message}`);
    }
    say(`wrote ${opts.svg} (${conns.length} connection(s))`);
    if (!opts.mermaid) return;
  }
  if (opts.mermaid) {
    if (conns.length === 0) throw notFound(`${file}: no TCP connection to draw`);
    process.stdout.write(conns.map((c) => renderMermaid(c, ladder)).join("\n"));
    return;
  }
  say(header(file, analysis).join("\n"));
  say("");
  process.stdout.write(renderTextReport(analysis, { ...(filter ? { filter } : {}), full: ladder.full }));
}
