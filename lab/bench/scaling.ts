// `lab bench scaling`: a fixed active load against a design while K idle connections are
// held open, K swept upwards: does the rate fall as the watched descriptors grow (select,
// poll scan them all on every call; epoll does not)?
import { loadavg } from "node:os";
import type { DockerClient } from "../docker/docker-client.js";
import { BenchLab } from "./bench-lab.js";
import { renderSvg, scalingChartSpec, type ScalingPoint } from "./charts.js";
import { connectionsPerSecond, describeFailures, type ClientResult } from "./client-result.js";
import { holdIdle, releaseIdle } from "./idle-holders.js";
import { describeMachine, loadAverageLine, machineLine, type Machine } from "./machine.js";
import { Progress, type Load } from "./plan.js";
import { KeptReport, writeResult } from "./results-files.js";
import type { BenchRow } from "./rows.js";
import { loadArgs, watchdogMs } from "./run-design.js";
import { spread } from "./statistics.js";
import { cell, markdownTable } from "./table.js";

export interface ScalingOptions {
  docker: DockerClient;
  rows: BenchRow[];
  idle: number[];
  load: Load;
  rounds: number;
  labPrefix: string;
  outDir: string;
  log: (line: string) => void;
}

export interface IdlePoint {
  idle: number;
  /** Idle connections established while the load ran. */
  held: number;
  /** loadAverage: the machine's 1-minute load average when the round ended. */
  rounds: Array<{ client: ClientResult; connPerS: number; loadAverage?: number }>;
  /** Why there is no number: the idle connections could not be held, or the load failed. */
  failure?: string;
}

export interface ScalingDesign {
  name: string;
  source: string;
  points: IdlePoint[];
  wallS: number;
}

export interface ScalingReport {
  kind: "scaling";
  machine: Machine;
  load: Load;
  rounds: number;
  idle: number[];
  startedAt: string;
  wallS: number;
  complete: boolean;
  designs: ScalingDesign[];
}

/** Room for the idle connections and the active load, above the topology's 1024. */
const nofileFor = (idle: number[]): number => Math.max(1024, Math.max(...idle) + 4096);

async function measurePoint(bench: BenchLab, opts: ScalingOptions, point: IdlePoint, progress: Progress, name: string): Promise<void> {
  for (let round = 1; round <= opts.rounds && !point.failure; round++) {
    progress.step(`${name}: ${point.idle} idle, round ${round} of ${opts.rounds}`);
    const client = await bench.client.run(loadArgs(opts.load), watchdogMs(opts.load));
    point.rounds.push({ client, connPerS: connectionsPerSecond(client), loadAverage: loadavg()[0] });
    if (client.failed > 0) point.failure = `active load: ${describeFailures(client)}`;
  }
}

async function runScalingDesign(row: BenchRow, opts: ScalingOptions, progress: Progress, save: (d: ScalingDesign) => void): Promise<ScalingDesign> {
  const started = Date.now();
  const design: ScalingDesign = { name: row.name, source: row.source, points: [], wallS: 0 };
  const bench = await BenchLab.start({
    docker: opts.docker, name: `${opts.labPrefix}${row.name}`, row, bytes: opts.load.bytes, nofile: nofileFor(opts.idle), log: opts.log,
  });
  try {
    const holder = await bench.holder();
    const quiet = { sockets: await holder.socketsInUse(), tasks: (await opts.docker.stats(bench.server.containerId)).tasks };
    for (const idle of opts.idle) {
      const point: IdlePoint = { idle, held: 0, rounds: [] };
      design.points.push(point);
      if (idle > 0) {
        const held = await holdIdle(holder, bench.server, idle, quiet.sockets);
        point.held = held.held;
        if (held.held < held.wanted) {
          point.failure = `held ${held.held} of ${idle} idle connections${held.reason ? `: ${held.reason}` : ""}`;
          progress.step(`${row.name}: ${idle} idle: ${point.failure}`);
          for (let r = 1; r < opts.rounds; r++) progress.step(`${row.name}: ${idle} idle, skipped`);
        }
      }
      if (!point.failure) await measurePoint(bench, opts, point, progress, row.name);
      save(design);
      if (idle > 0) await releaseIdle(holder, opts.docker, bench.server, quiet);
    }
  } finally {
    await bench.down();
    design.wallS = (Date.now() - started) / 1000;
    save(design);
  }
  return design;
}

export function scalingPoints(report: ScalingReport): ScalingPoint[] {
  return report.designs.flatMap((d) =>
    d.points
      .filter((p) => !p.failure && p.rounds.length > 0)
      .map((p) => ({
        design: d.name,
        idle: p.idle,
        connPerS: spread(p.rounds.map((r) => r.connPerS)).median,
        replyP99Ms: spread(p.rounds.map((r) => r.client.replyP99Ms)).median,
      })),
  );
}

export function scalingMarkdown(report: ScalingReport): string {
  const header = ["design", ...report.idle.map((k) => `${k} idle`)];
  const rows = report.designs.map((d) => [
    d.name,
    ...report.idle.map((k) => {
      const p = d.points.find((q) => q.idle === k);
      if (!p) return "not run";
      if (p.failure) return `no number: ${p.failure}`;
      return `${cell(spread(p.rounds.map((r) => r.connPerS)), 4)} conn/s; p99 ${cell(spread(p.rounds.map((r) => r.client.replyP99Ms)), 2)} ms`;
    }),
  ]);
  const l = report.load;
  return [
    `Active load: ${l.children} client processes x ${l.connections} connections x ${l.bytes} bytes, ${report.rounds} round(s) per point, ` +
      `beside K idle connections (client_test --hold in a second container, each verified once)` +
      `${report.complete ? "" : " (INCOMPLETE: interrupted or stopped)"}.`,
    `Machine: ${machineLine(report.machine)}; ${loadAverageLine(report.designs.flatMap((d) => d.points.flatMap((p) => p.rounds.map((r) => r.loadAverage))))}.`,
    "",
    markdownTable(header, rows),
    "",
    "Medians with min–max over rounds; p99 is client_test's reply latency (first request written to the last byte of its reply).",
  ].join("\n");
}

async function writeAll(dir: string, report: ScalingReport): Promise<{ markdown: string; files: string[] }> {
  const markdown = scalingMarkdown(report);
  const title = `lab bench scaling: ${report.load.children} x ${report.load.connections} connections beside idle ones`;
  const files = [
    writeResult(dir, "scaling.json", `${JSON.stringify(report, null, 2)}\n`),
    writeResult(dir, "scaling.md", `${markdown}\n`),
    writeResult(dir, "scaling.svg", await renderSvg(scalingChartSpec(scalingPoints(report), report.idle, title))),
  ];
  return { markdown, files };
}

export async function benchScaling(opts: ScalingOptions): Promise<{ report: ScalingReport; markdown: string; files: string[] }> {
  const started = Date.now();
  const report: ScalingReport = {
    kind: "scaling", machine: await describeMachine(opts.docker), load: opts.load, rounds: opts.rounds, idle: opts.idle,
    startedAt: new Date(started).toISOString(), wallS: 0, complete: false, designs: [],
  };
  const kept = new KeptReport<ScalingDesign, ScalingReport>(report, opts.outDir, "scaling.json");
  const save = (d: ScalingDesign) => kept.save(d);
  const release = kept.keepOnInterrupt(() => writeAll(opts.outDir, report), opts.log, () => "the points measured so far");
  const progress = new Progress(opts.rows.length * opts.idle.length * opts.rounds, opts.log);
  try {
    for (const row of opts.rows) await runScalingDesign(row, opts, progress, save);
    report.complete = true;
    report.wallS = (Date.now() - started) / 1000;
    return { report, ...(await writeAll(opts.outDir, report)) };
  } finally {
    release();
  }
}
