// What a round costs the server's container, from its cgroup (v1) as the engine reports it
// (`docker stats`, read from outside the container so that measuring runs nothing inside):
//  - CPU: the difference of cpuacct.usage across the round, exact (the scheduler's own
//    nanosecond accounting of every task in the container, children and threads included,
//    reaped or not); its user/system split comes from cpuacct.stat, counted in 10 ms ticks,
//    so it is sampled;
//  - memory: memory.max_usage_in_bytes after the round, the exact high-water mark since
//    the server started;
//  - processes and threads: `docker top` every SAMPLE_MS during the round, so a sampled peak
//    (a fork-per-connection child that lives 1 ms is mostly missed).
import type { ContainerStats, DockerClient } from "../docker/docker-client.js";

export const SAMPLE_MS = 500;
/** The container's init (HostConfig.Init) is not the server. */
const INIT_COMMANDS = new Set(["docker-init", "tini"]);

export interface RoundUsage {
  cpuS: number;
  userS: number;
  systemS: number;
  memoryPeakBytes: number;
  processesPeak: number;
  threadsPeak: number;
  samples: number;
}

export interface ProcessCount {
  processes: number;
  threads: number;
}

/** Processes and threads in a `ps -o pid,nlwp,comm` listing, the container's init left out. */
export function countProcesses(titles: string[], rows: string[][]): ProcessCount {
  const nlwp = titles.indexOf("NLWP");
  const comm = titles.findIndex((t) => t === "COMMAND" || t === "CMD");
  const server = rows.filter((r) => !INIT_COMMANDS.has(r[comm] ?? ""));
  return { processes: server.length, threads: server.reduce((n, r) => n + (Number(r[nlwp]) || 1), 0) };
}

export class UsageMeter {
  private peak: ProcessCount = { processes: 0, threads: 0 };
  private samples = 0;
  private running = true;
  private wake: () => void = () => {};
  private readonly loop: Promise<void>;

  private constructor(
    private readonly docker: DockerClient,
    private readonly id: string,
    private readonly before: ContainerStats,
  ) {
    this.loop = this.sample();
  }

  /** Reads the counters, then samples the process table until end(). */
  static async begin(docker: DockerClient, containerId: string): Promise<UsageMeter> {
    return new UsageMeter(docker, containerId, await docker.stats(containerId));
  }

  private async sample(): Promise<void> {
    while (this.running) {
      try {
        const top = await this.docker.top(this.id, "-e -o pid,nlwp,comm");
        const now = countProcesses(top.titles, top.processes);
        this.peak = { processes: Math.max(this.peak.processes, now.processes), threads: Math.max(this.peak.threads, now.threads) };
        this.samples++;
      } catch {
        // a sample missed (the engine busy): the next one counts
      }
      if (this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, SAMPLE_MS);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  /** Stops sampling and reads the counters again: the round's usage. */
  async end(): Promise<RoundUsage> {
    this.running = false;
    this.wake();
    const after = await this.docker.stats(this.id);
    await this.loop;
    return usageBetween(this.before, after, this.peak, this.samples);
  }
}

export function usageBetween(before: ContainerStats, after: ContainerStats, peak: ProcessCount, samples: number): RoundUsage {
  return {
    cpuS: (after.cpuNs - before.cpuNs) / 1e9,
    userS: (after.userNs - before.userNs) / 1e9,
    systemS: (after.systemNs - before.systemNs) / 1e9,
    memoryPeakBytes: after.memoryPeakBytes,
    processesPeak: peak.processes,
    threadsPeak: peak.threads,
    samples,
  };
}
