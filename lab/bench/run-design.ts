// One row of `lab bench designs`: its own lab, rounds of the same load from the client
// container (the caller interleaves them with the other rows'), each measured on the
// server's cgroup, then SIGTERM for the server's report.
import { loadavg } from "node:os";
import type { DockerClient } from "../docker/docker-client.js";
import { BenchLab, rowCommand } from "./bench-lab.js";
import { connectionsPerSecond, describeFailures, type ClientResult } from "./client-result.js";
import type { Load } from "./plan.js";
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
  /** From its lab's start to its removal (the rows' labs are up together). */
  wallS: number;
}

export interface DesignRunOptions {
  docker: DockerClient;
  row: BenchRow;
  labName: string;
  load: Load;
  workers?: number;
  log: (line: string) => void;
  /** Called after every round (and at the end): the caller saves what there is. */
  onChange: (result: DesignResult) => void;
}

/** Generous: the load's own timeouts (client_test -w) end a stuck connection long before. */
export const watchdogMs = (load: Load): number => 120_000 + load.connections * load.children * 20;

export const loadArgs = (load: Load): string[] => ["-c", String(load.connections), "-t", String(load.children), "-n", String(load.bytes)];

/** A row whose lab is up: round() as often as wanted, then finish() (always, it removes the lab). */
export class DesignRun {
  private constructor(
    private readonly opts: DesignRunOptions,
    private readonly bench: BenchLab,
    readonly result: DesignResult,
    private readonly started: number,
  ) {}

  static async start(opts: DesignRunOptions): Promise<DesignRun> {
    const { row, load } = opts;
    const started = Date.now();
    const bench = await BenchLab.start({ docker: opts.docker, name: opts.labName, row, workers: opts.workers, bytes: load.bytes, log: opts.log });
    const result: DesignResult = {
      name: row.name,
      source: row.source,
      reference: row.reference,
      ...(row.protocolNote ? { protocolNote: row.protocolNote } : {}),
      command: rowCommand(row, opts.workers, load.bytes),
      rounds: [],
      wallS: 0,
    };
    return new DesignRun(opts, bench, result, started);
  }

  /** One load from the client container, measured on the server's cgroup; false once the row failed. */
  async round(): Promise<boolean> {
    const { docker, load } = this.opts;
    const round = this.result.rounds.length + 1;
    const t0 = Date.now();
    const meter = await UsageMeter.begin(docker, this.bench.server.containerId);
    const client = await this.bench.client.run(loadArgs(load), watchdogMs(load));
    const usage = await meter.end();
    this.result.rounds.push({ round, connPerS: connectionsPerSecond(client), client, usage, wallS: (Date.now() - t0) / 1000, loadAverage: loadavg()[0] ?? Number.NaN });
    if (client.failed > 0 || client.stopped) {
      const stopped = client.stopped ? `, stopped after ${Math.round(watchdogMs(load) / 1000)} s` : "";
      this.result.failure = `round ${round}: ${describeFailures(client)}${stopped}`;
    }
    this.opts.onChange(this.result);
    return !this.result.failure;
  }

  /** SIGTERM for the server's report (after at least one round), then the lab goes. */
  async finish(): Promise<DesignResult> {
    const result = this.result;
    try {
      if (result.rounds.length > 0) {
        const { report } = await this.bench.stopServer();
        result.report = report;
        const ok = result.rounds.reduce((n, r) => n + r.client.ok, 0);
        const made = result.rounds.reduce((n, r) => n + r.client.ok + r.client.failed, 0);
        if (report.handled !== undefined && report.handled < ok) result.check = `the server counted ${report.handled} connections, the client ${made}`;
      }
    } finally {
      await this.bench.down();
      result.wallS = (Date.now() - this.started) / 1000;
      if (result.rounds.length > 0) this.opts.onChange(result);
    }
    return result;
  }
}
