// The machine a bench ran on, recorded beside its numbers: they mean little without it.
import { cpus, totalmem, release, platform } from "node:os";
import type { DockerClient } from "../docker/docker-client.js";
import { spread } from "./statistics.js";
import { fmt } from "./table.js";

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  /** The kernel the containers share (the engine's). */
  kernel: string;
  os: string;
  docker: string;
  dockerApi: string;
  node: string;
}

export async function describeMachine(docker: DockerClient): Promise<Machine> {
  const [version, engine] = await Promise.all([docker.serverVersion(), docker.engineInfo()]);
  const cpu = cpus();
  return {
    cores: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: engine.kernelVersion || `${platform()} ${release()}`,
    os: engine.operatingSystem,
    docker: version.version,
    dockerApi: version.apiVersion,
    node: process.version,
  };
}

export const machineLine = (m: Machine): string =>
  `${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, kernel ${m.kernel}, Docker ${m.docker}`;

/** "load average 12.3 (4.1–20.5) over 45 rounds": how busy the shared cores were while it ran. */
export function loadAverageLine(samples: readonly (number | undefined)[]): string {
  const s = spread(samples.filter((v): v is number => v !== undefined));
  return s.n === 0 ? "load average not recorded" : `1-minute load average after each round ${fmt(s.median, 3)} (${fmt(s.min, 3)}–${fmt(s.max, 3)}) over ${s.n} rounds`;
}
