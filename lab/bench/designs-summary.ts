// From every round to one line per design: medians with their range, and UNP's "process
// control" column (CPU time minus the iterative server's, Figure 30.1).
import { BASELINE } from "./rows.js";
import type { DesignResult, DesignRound } from "./run-design.js";
import { workerShare, type WorkerShare } from "./server-report.js";
import { spread, type Spread } from "./statistics.js";

export interface DesignSummary {
  name: string;
  source: string;
  reference: boolean;
  protocolNote?: string;
  /** Rounds that completed with every connection verified. */
  rounds: number;
  connPerS: Spread;
  connectP50Ms: Spread;
  connectP99Ms: Spread;
  replyP50Ms: Spread;
  replyP99Ms: Spread;
  cpuS: Spread;
  userS: Spread;
  systemS: Spread;
  /** Median CPU minus the baseline's median CPU; undefined without the baseline. */
  processControlS?: number;
  memoryPeakMiB: Spread;
  processesPeak: Spread;
  threadsPeak: Spread;
  workers?: WorkerShare;
  handled?: number;
  failure?: string;
  check?: string;
}

const good = (r: DesignRound) => r.client.failed === 0;
const over = (rounds: DesignRound[], f: (r: DesignRound) => number): Spread => spread(rounds.map(f));

export function summarizeDesigns(results: readonly DesignResult[]): DesignSummary[] {
  const summaries = results.map((d): DesignSummary => {
    const rounds = d.rounds.filter(good);
    return {
      name: d.name,
      source: d.source,
      reference: d.reference,
      ...(d.protocolNote ? { protocolNote: d.protocolNote } : {}),
      rounds: rounds.length,
      connPerS: over(rounds, (r) => r.connPerS),
      connectP50Ms: over(rounds, (r) => r.client.connectP50Ms),
      connectP99Ms: over(rounds, (r) => r.client.connectP99Ms),
      replyP50Ms: over(rounds, (r) => r.client.replyP50Ms),
      replyP99Ms: over(rounds, (r) => r.client.replyP99Ms),
      cpuS: over(rounds, (r) => r.usage.cpuS),
      userS: over(rounds, (r) => r.usage.userS),
      systemS: over(rounds, (r) => r.usage.systemS),
      memoryPeakMiB: over(rounds, (r) => r.usage.memoryPeakBytes / 2 ** 20),
      processesPeak: over(rounds, (r) => r.usage.processesPeak),
      threadsPeak: over(rounds, (r) => r.usage.threadsPeak),
      ...(workerShare(d.report?.workers) ? { workers: workerShare(d.report?.workers) } : {}),
      ...(d.report?.handled !== undefined ? { handled: d.report.handled } : {}),
      ...(d.failure ? { failure: d.failure } : {}),
      ...(d.check ? { check: d.check } : {}),
    };
  });
  const baseline = summaries.find((s) => s.name === BASELINE && s.rounds > 0);
  if (baseline) for (const s of summaries) if (s.rounds > 0) s.processControlS = s.cpuS.median - baseline.cpuS.median;
  return summaries;
}
