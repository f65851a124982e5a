import { expect, test } from "vitest";
import type { ContainerStats, DockerClient, ProcessList } from "../docker/docker-client.js";
import { countProcesses, UsageMeter, usageBetween } from "./server-usage.js";

const stats = (cpuMs: number, peak: number): ContainerStats => ({
  cpuNs: cpuMs * 1e6, userNs: (cpuMs / 4) * 1e6, systemNs: ((3 * cpuMs) / 4) * 1e6, memoryBytes: 1, memoryPeakBytes: peak, tasks: 2,
});

test("processes and threads, without the container's init", () => {
  const rows = [["1", "1", "docker-init"], ["7", "1", "prefork-server"], ["8", "1", "prefork-server"], ["9", "5", "thread-server"]];
  expect(countProcesses(["PID", "NLWP", "COMMAND"], rows)).toEqual({ processes: 3, threads: 7 });
});

test("a round's CPU is the difference of the counters; memory is the high-water mark after it", () => {
  expect(usageBetween(stats(100, 5), stats(600, 9), { processes: 6, threads: 6 }, 3)).toEqual({
    cpuS: 0.5, userS: 0.125, systemS: 0.375, memoryPeakBytes: 9, processesPeak: 6, threadsPeak: 6, samples: 3,
  });
});

test("the meter samples the process table until it ends and keeps the peak", async () => {
  const tables: ProcessList[] = [
    { titles: ["PID", "NLWP", "COMMAND"], processes: [["1", "1", "docker-init"], ["5", "1", "fork-server"], ["6", "1", "fork-server"]] },
    { titles: ["PID", "NLWP", "COMMAND"], processes: [["5", "1", "fork-server"]] },
  ];
  let reads = 0;
  const docker = {
    stats: async () => stats(reads++ === 0 ? 0 : 40, 1000),
    top: async () => tables.shift() ?? { titles: ["PID", "NLWP", "COMMAND"], processes: [] },
  } as unknown as DockerClient;
  const meter = await UsageMeter.begin(docker, "c");
  await new Promise((r) => setTimeout(r, 50));
  const usage = await meter.end();
  expect(usage).toMatchObject({ cpuS: 0.04, processesPeak: 2, threadsPeak: 2, memoryPeakBytes: 1000 });
  expect(usage.samples).toBeGreaterThanOrEqual(1);
});
