// The files of a scenario run: captures/<scenario>/<UTC time>/ (or under --out), each
// case's pcaps with their capture-point JSON, the ladders of the connections that
// matter as text, Mermaid and SVG, and result.json + report.html for the whole scenario.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { SavedCapture } from "../capture/capture.js";
import { fileStamp } from "../capture/sidecar.js";
import type { TcpConnection } from "../tcp/tcp-connection.js";
import { connectionTitle, renderLadder, renderMermaid, renderSvg } from "../trace/index.js";
import { renderReport } from "./report.js";
import type { LadderRecord, ScenarioResult } from "./result.js";

/** A new folder `<root>/<scenario>/<UTC time>` (with -2, -3... when that second is taken). */
export function makeResultDir(root: string, scenario: string, at: Date = new Date()): string {
  const base = join(root, scenario, fileStamp(at));
  let dir = base;
  for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Moves a saved capture (which lab/capture writes under `<dir>/<lab>/`) to `<dir>/<service>.pcap`
 * and its JSON beside it, and records the new name in the JSON.
 */
export function placeCapture(saved: SavedCapture, dir: string): { pcap: string; meta: string } {
  const pcap = join(dir, `${saved.meta.service}.pcap`);
  const meta = join(dir, `${saved.meta.service}.json`);
  renameSync(saved.path, pcap);
  writeFileSync(meta, `${JSON.stringify({ ...saved.meta, file: `${saved.meta.service}.pcap` }, null, 2)}\n`);
  rmSync(saved.metaPath, { force: true });
  const labDir = dirname(saved.path);
  if (readdirSync(labDir).length === 0) rmdirSync(labDir);
  return { pcap, meta };
}

/** Writes one connection's ladder as text, Mermaid and SVG under `<dir>/ladders/`. */
export function writeLadder(resultDir: string, caseDir: string, capture: string, conn: TcpConnection): LadderRecord {
  const dir = join(caseDir, "ladders");
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${capture}-connection-${conn.id}`);
  writeFileSync(`${base}.txt`, `${renderLadder(conn, { full: false })}\n`);
  writeFileSync(`${base}.mmd`, renderMermaid(conn));
  writeFileSync(`${base}.svg`, renderSvg(conn));
  const rel = (ext: string) => relative(resultDir, `${base}.${ext}`);
  return { capture, connection: conn.id, title: connectionTitle(conn), text: rel("txt"), mermaid: rel("mmd"), svg: rel("svg") };
}

/** result.json and report.html of the scenario, as far as it has run (rewritten after each case). */
export function writeResult(result: ScenarioResult, readme: string): void {
  writeFileSync(join(result.dir, "result.json"), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(result.dir, "report.html"), renderReport(result, readme, (rel) => readFileSync(join(result.dir, rel), "utf8")));
}
