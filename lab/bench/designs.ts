// `lab bench designs`: every design under the same load, one lab at a time, R rounds
// each, as UNP chapter 30 measures them; results saved after every round.
import type { DockerClient } from "../docker/docker-client.js";
import { LabError } from "../errors.js";
import { designsChartSpec, renderSvg } from "./charts.js";
import { summarizeDesigns, type DesignSummary } from "./designs-summary.js";
import { describeMachine, loadAverageLine, machineLine, type Machine } from "./machine.js";
import { Progress, type Load } from "./plan.js";
import { KeptReport, writeResult } from "./results-files.js";
import type { BenchRow } from "./rows.js";
import { runDesign, type DesignResult } from "./run-design.js";
import { designsTable } from "./table.js";

export const HOW_MEASURED =
  "CPU: the server container's cgroup (cpuacct.usage, exact; user/system split from cpuacct.stat, " +
  "10 ms ticks) across each round, read through the Docker API so nothing runs inside the container; " +
  "peak memory: memory.max_usage_in_bytes (since the server started); processes/threads: docker top, " +
  "sampled every 500 ms (short-lived children are mostly missed); conn/s, connect and reply latency (first request written to the last byte of its reply): client_test " +
  "--json, every byte verified; connections per worker: the server's own SIGTERM report, over all rounds.";

export interface DesignsOptions {
  docker: DockerClient;
  rows: BenchRow[];
  load: Load;
  rounds: number;
  workers?: number;
  labPrefix: string;
  outDir: string;
  /** Progress and build lines (stderr). */
  log: (line: string) => void;
}

export interface DesignsReport {
  kind: "designs";
  machine: Machine;
  load: Load;
  rounds: number;
  workers: number | "server default";
  howMeasured: string;
  startedAt: string;
  wallS: number;
  complete: boolean;
  designs: DesignResult[];
}

export interface DesignsOutcome {
  report: DesignsReport;
  summaries: DesignSummary[];
  markdown: string;
  files: string[];
}

export function designsMarkdown(report: DesignsReport, summaries: DesignSummary[]): string {
  const l = report.load;
  return [
    `Load: ${l.children} client processes x ${l.connections} connections x ${l.bytes} bytes, ${report.rounds} round(s) per design` +
      `${report.complete ? "" : " (INCOMPLETE: interrupted or stopped)"}; workers: ${report.workers}.`,
    `Machine: ${machineLine(report.machine)}; ${loadAverageLine(report.designs.flatMap((d) => d.rounds.map((r) => r.loadAverage)))}.`,
    "",
    designsTable(summaries),
    "",
    `Medians with min–max over rounds. ${report.howMeasured}`,
  ].join("\n");
}

async function writeAll(dir: string, report: DesignsReport): Promise<DesignsOutcome> {
  const summaries = summarizeDesigns(report.designs);
  const markdown = designsMarkdown(report, summaries);
  const title = `lab bench designs: ${report.load.children} x ${report.load.connections} connections x ${report.load.bytes} bytes`;
  const files = [
    writeResult(dir, "designs.json", `${JSON.stringify(report, null, 2)}\n`),
    writeResult(dir, "designs.md", `${markdown}\n`),
    writeResult(dir, "designs.svg", await renderSvg(designsChartSpec(summaries, title))),
  ];
  return { report, summaries, markdown, files };
}

export async function benchDesigns(opts: DesignsOptions): Promise<DesignsOutcome> {
  const started = Date.now();
  const report: DesignsReport = {
    kind: "designs",
    machine: await describeMachine(opts.docker),
    load: opts.load,
    rounds: opts.rounds,
    workers: opts.workers ?? "server default",
    howMeasured: HOW_MEASURED,
    startedAt: new Date(started).toISOString(),
    wallS: 0,
    complete: false,
    designs: [],
  };
  const kept = new KeptReport<DesignResult, DesignsReport>(report, opts.outDir, "designs.json");
  const release = kept.keepOnInterrupt(() => writeAll(opts.outDir, report), opts.log, () => `${countRounds(report)} round(s)`);
  const progress = new Progress(opts.rows.length * opts.rounds, opts.log);
  try {
    for (const row of opts.rows) {
      const result = await runDesign({
        docker: opts.docker, row, labName: `${opts.labPrefix}${row.name}`, load: opts.load, rounds: opts.rounds,
        workers: opts.workers, progress, log: opts.log, onChange: (r) => kept.save(r),
      });
      if (result.failure) {
        await writeAll(opts.outDir, report);
        throw new LabError(
          `${row.name}, ${result.failure}: a load this client or kernel cannot hold (the rounds measured so far are in ${opts.outDir})`,
        );
      }
    }
    report.complete = true;
    report.wallS = (Date.now() - started) / 1000;
    return await writeAll(opts.outDir, report);
  } finally {
    release();
  }
}

const countRounds = (r: DesignsReport): number => r.designs.reduce((n, d) => n + d.rounds.length, 0);
