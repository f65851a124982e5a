// What every server prints on SIGTERM (images/src/lib/server.c): its CPU time as UNP's
// pr_cpu_time (getrusage of itself plus its reaped children) and the connections each
// worker handled (Figure 30.2's distribution), or the total for designs without workers.
import { coefficientOfVariation } from "./statistics.js";

export interface ServerReport {
  userS?: number;
  systemS?: number;
  /** Connections per worker, for the pool designs. */
  workers?: number[];
  /** Connections handled, for the others (or the workers' sum). */
  handled?: number;
}

export function parseServerReport(stderr: string): ServerReport {
  const report: ServerReport = {};
  for (const line of stderr.split("\n")) {
    const cpu = /user time = ([\d.e+-]+), sys time = ([\d.e+-]+)/.exec(line);
    if (cpu) {
      report.userS = Number(cpu[1]);
      report.systemS = Number(cpu[2]);
    }
    const workers = /connections per worker:((?: \d+)*)\s*$/.exec(line);
    if (workers) report.workers = (workers[1] ?? "").trim().split(/\s+/).filter(Boolean).map(Number);
    const handled = /connections handled: (\d+)/.exec(line);
    if (handled) report.handled = Number(handled[1]);
  }
  if (report.workers && report.handled === undefined) report.handled = report.workers.reduce((a, b) => a + b, 0);
  return report;
}

export interface WorkerShare {
  min: number;
  max: number;
  /** Standard deviation over mean: 0 is an even share. */
  cv: number;
}

export function workerShare(workers: readonly number[] | undefined): WorkerShare | undefined {
  if (!workers || workers.length === 0) return undefined;
  return { min: Math.min(...workers), max: Math.max(...workers), cv: coefficientOfVariation(workers) };
}
