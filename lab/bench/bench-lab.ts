// One bench row in its own lab: the server, started the way `lab up` starts it, and a
// client container beside it. Stopping the server (SIGTERM) makes it print its report.
import type { DockerClient } from "../docker/docker-client.js";
import { startLab, type StartedLab } from "../lab/lab.js";
import type { StartedService } from "../lab/service.js";
import { ensureNginxImage } from "../image/nginx-image.js";
import { onInterrupt } from "../util/interrupt.js";
import { LoadClient } from "./load-client.js";
import { parseServerReport, type ServerReport } from "./server-report.js";
import type { BenchRow } from "./rows.js";
import { DEFAULT_PORT } from "../programs/programs.js";

export const BENCH_PORT = DEFAULT_PORT;

export interface BenchLabOptions {
  docker: DockerClient;
  name: string;
  row: BenchRow;
  /** Workers for the pool designs (their own default where undefined). */
  workers?: number;
  /** The reply size nginx sends whatever it is asked. */
  bytes: number;
  /** Descriptor limit of the server (the topology's default is 1024). */
  nofile?: number;
  log: (line: string) => void;
}

export const rowCommand = (row: BenchRow, workers: number | undefined, bytes: number): string[] =>
  row.command({ port: BENCH_PORT, workers, bytes });

export class BenchLab {
  private releaseInterrupt: () => void = () => {};

  private constructor(
    readonly lab: StartedLab,
    readonly server: StartedService,
    readonly client: LoadClient,
  ) {}

  static async start(opts: BenchLabOptions): Promise<BenchLab> {
    const { row, docker } = opts;
    const variables: Record<string, string> = { PORT: String(BENCH_PORT) };
    if (row.topology === "nginx") variables.NGINX_IMAGE = (await ensureNginxImage(docker, opts.log)).tag;
    const lab = await startLab({
      name: opts.name,
      topology: row.topology,
      variables,
      overrides: {
        server: {
          // The command as a list, as `lab up` gives it.
          command: rowCommand(row, opts.workers, opts.bytes),
          ...(opts.nofile !== undefined ? { ulimits: [{ name: "nofile", soft: opts.nofile, hard: opts.nofile }] } : {}),
        },
      },
      docker,
      log: opts.log,
    });
    // From here until down(), Ctrl-C removes the lab (the rounds measured are already saved).
    const release = onInterrupt(() => lab.down());
    try {
      const client = await LoadClient.start(lab, "client", BENCH_PORT);
      const bench = new BenchLab(lab, lab.service("server"), client);
      bench.releaseInterrupt = release;
      return bench;
    } catch (err) {
      release();
      await lab.down().catch(() => {});
      throw err;
    }
  }

  /** A second client container, e.g. for idle connections held open. */
  holder(): Promise<LoadClient> {
    return LoadClient.start(this.lab, "hold", BENCH_PORT);
  }

  /** SIGTERM to the server (through init) and what it printed, if anything. */
  async stopServer(): Promise<{ report: ServerReport; lastLines: string[] }> {
    await this.lab.docker.stopContainer(this.server.containerId, 10);
    const { stdout, stderr } = await this.server.logs();
    const text = `${stdout}\n${stderr}`;
    return { report: parseServerReport(text), lastLines: text.trim().split("\n").filter(Boolean).slice(-3) };
  }

  async down(): Promise<void> {
    try {
      await this.lab.down();
    } finally {
      this.releaseInterrupt();
    }
  }
}
