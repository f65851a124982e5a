// One row of `lab bench designs`: its own lab, R rounds of the same load from the client
// container, each measured on the server's cgroup, then SIGTERM for the server's report.
import { loadavg } from "node:os";
import type { DockerClient } from "../docker/docker-client.js";
import { BenchLab, rowCommand } from "./bench-lab.js";
import { connectionsPerSecond, describeFailures, type ClientResult } from "./client-result.js";
import type { Load, Progress } from "./plan.js";
import type { BenchRow } from "./rows.js";
import type { ServerReport } from "./server-report.js";
import { UsageMeter, type RoundUsage } from "./server-usage.js";

export interface DesignRound {
  round: number;
  connPerS: number;
  client: ClientResult;
  usage: RoundUsage;
  /** Wall time of the load, as the client measured it, plus the measuring around it. */
  wallS: number;
  /** The machine's 1-minute load average when the round ended: other jobs share the cores. */
  loadAverage: number;
}

export interface DesignResult {
  name: string;
  source: string;
  reference: boolean;
  protocolNote?: string;
  /** The server's command line. */
  command: string[];
  rounds: DesignRound[];
  /** What the server printed on SIGTERM: CPU over all rounds, connections per worker. */
  report?: ServerReport;
  /** Where a count disagrees (the server saw fewer connections than the client made). */
  check?: string;
  /** Why the row stopped early, with the client's errno counts. */
  failure?: string;
  wallS: number;
}

export interface RunDesignOptions {
  docker: DockerClient;
  row: BenchRow;
  labName: string;
  load: Load;
  rounds: number;
  workers?: number;
  progress: Progress;
  log: (line: string) => void;
  /** Called after every round (and at the end): the caller saves what there is. */
  onChange: (result: DesignResult) => void;
}

/** Generous: the load's own timeouts (client_test -w) end a stuck connection long before. */
export const watchdogMs = (load: Load): number => 120_000 + load.connections * load.children * 20;

export const loadArgs = (load: Load): string[] => ["-c", String(load.connections), "-t", String(load.children), "-n", String(load.bytes)];

export async function runDesign(opts: RunDesignOptions): Promise<DesignResult> {
  const { row, load } = opts;
  const started = Date.now();
  const result: DesignResult = {
    name: row.name,
    source: row.source,
    reference: row.reference,
    ...(row.protocolNote ? { protocolNote: row.protocolNote } : {}),
    command: rowCommand(row, opts.workers, load.bytes),
    rounds: [],
    wallS: 0,
  };
  const bench = await BenchLab.start({ docker: opts.docker, name: opts.labName, row, workers: opts.workers, bytes: load.bytes, log: opts.log });
  try {
    for (let round = 1; round <= opts.rounds && !result.failure; round++) {
      opts.progress.step(`${row.name}: round ${round} of ${opts.rounds}`);
      const t0 = Date.now();
      const meter = await UsageMeter.begin(opts.docker, bench.server.containerId);
      const client = await bench.client.run(loadArgs(load), watchdogMs(load));
      const usage = await meter.end();
      result.rounds.push({ round, connPerS: connectionsPerSecond(client), client, usage, wallS: (Date.now() - t0) / 1000, loadAverage: loadavg()[0] ?? Number.NaN });
      if (client.failed > 0 || client.stopped) {
        const stopped = client.stopped ? `, stopped after ${Math.round(watchdogMs(load) / 1000)} s` : "";
        result.failure = `round ${round}: ${describeFailures(client)}${stopped}`;
      }
      opts.onChange(result);
    }
    const { report } = await bench.stopServer();
    result.report = report;
    const made = result.rounds.reduce((n, r) => n + r.client.ok + r.client.failed, 0);
    if (report.handled !== undefined && report.handled < result.rounds.reduce((n, r) => n + r.client.ok, 0)) {
      result.check = `the server counted ${report.handled} connections, the client ${made}`;
    }
  } finally {
    await bench.down();
    result.wallS = (Date.now() - started) / 1000;
    opts.onChange(result);
  }
  return result;
}
