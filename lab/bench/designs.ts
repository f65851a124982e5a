// `lab bench designs`: every design under the same load, R rounds each, as UNP chapter 30
// measures them; results saved after every round.
//
// The rows' labs are up together and the rounds interleaved (round 1 of every row, then
// round 2, each time in a rotated order): a machine's state drifts over a run (another
// job, the host's own load), and rounds run back to back would all see the same moment of
// it, giving one row a tight range that a later run contradicts. Spread over the run, each
// row's min–max shows that drift, and every two rows are measured at nearly the same time.
import type { DockerClient } from "../docker/docker-client.js";
import { LabError } from "../errors.js";
import { designsChartSpec, renderSvg } from "./charts.js";
import { summarizeDesigns, type DesignSummary } from "./designs-summary.js";
import { describeMachine, loadAverageLine, machineLine, type Machine } from "./machine.js";
import { Progress, type Load } from "./plan.js";
import { KeptReport, writeResult } from "./results-files.js";
import type { BenchRow } from "./rows.js";
import { DesignRun, type DesignResult } from "./run-design.js";
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
  const runs: DesignRun[] = [];
  try {
    await startRuns(opts, runs, (r) => kept.save(r));
    for (let round = 1; round <= opts.rounds; round++) {
      for (const run of rotate(runs, round - 1)) {
        progress.step(`${run.result.name}: round ${round} of ${opts.rounds}`);
        if (!(await run.round())) {
          await finishAll(runs);
          await writeAll(opts.outDir, report);
          throw new LabError(
            `${run.result.name}, ${run.result.failure}: a load this client or kernel cannot hold (the rounds measured so far are in ${opts.outDir})`,
          );
        }
      }
    }
    // report.designs is already in the order asked for: round 1 saved the rows in that order.
    await finishAll(runs);
    report.complete = true;
    report.wallS = (Date.now() - started) / 1000;
    return await writeAll(opts.outDir, report);
  } finally {
    await finishAll(runs).catch(() => {});
    release();
  }
}

/** Labs starting at once on a 2-core engine: a few together, not all fifteen. */
const STARTING_AT_ONCE = 3;

async function startRuns(opts: DesignsOptions, runs: DesignRun[], onChange: (r: DesignResult) => void): Promise<void> {
  const queue = [...opts.rows];
  opts.log(`bench: starting ${queue.length} lab(s), ${STARTING_AT_ONCE} at a time; their rounds then take turns`);
  const starter = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      try {
        runs.push(await DesignRun.start({ docker: opts.docker, row, labName: `${opts.labPrefix}${row.name}`, load: opts.load, workers: opts.workers, log: opts.log, onChange }));
      } catch (err) {
        queue.length = 0; // the others start no more labs: the caller removes those that are up
        throw err;
      }
    }
  };
  const started = await Promise.allSettled(Array.from({ length: STARTING_AT_ONCE }, starter));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  // Started in whatever order the labs came up: back to the order asked for.
  const asked = (run: DesignRun) => opts.rows.findIndex((r) => r.name === run.result.name);
  runs.sort((a, b) => asked(a) - asked(b));
}

/** Each row's server stopped for its report and its lab removed, once. */
async function finishAll(runs: DesignRun[]): Promise<void> {
  const finished = await Promise.allSettled(runs.splice(0).map((run) => run.finish()));
  const failed = finished.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

/** The list starting at its k-th element: each round starts with another row. */
export const rotate = <T>(list: readonly T[], k: number): T[] => list.map((_, i) => list[(i + k) % list.length] as T);

const countRounds = (r: DesignsReport): number => r.designs.reduce((n, d) => n + d.rounds.length, 0);
