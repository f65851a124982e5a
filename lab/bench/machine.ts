// The machine a bench ran on, recorded beside its numbers: they mean little without it.
import { cpus, totalmem, release, platform } from "node:os";
import type { DockerClient } from "../docker/docker-client.js";

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
