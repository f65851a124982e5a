// testcontainers for graders: the lab image as a GenericContainer that runs under init
// (a PID-1 program would neither die of SIGPIPE nor reap like a real one), as the
// unprivileged user lab, carries the lab's labels, and joins the lab's network under its
// service name. Everything it starts is found and removed by the socklab.lab label, so
// testcontainers' own reaper (an image pulled from a registry) is not needed.
import { randomBytes } from "node:crypto";
import { GenericContainer } from "testcontainers";
import { labLabels } from "../docker/labels.js";
import { containerName, networkName } from "../lab/names.js";

export interface LabContainerOptions {
  /** socklab.role: "run" for a client run to completion, "build", "probe"... (none: a program). */
  role?: string;
  /** No network at all (a compiler run): only loopback. */
  isolated?: boolean;
  /** Default: the unprivileged user lab. */
  user?: string;
}

/** What a program may use: CPU, memory, processes, descriptors. */
export interface RunLimits {
  cpus: number;
  memoryMb: number;
  pids: number;
  nofile: number;
}

export class LabContainer extends GenericContainer {
  constructor(image: string, readonly lab: string, readonly service: string, opts: LabContainerOptions = {}) {
    super(image);
    this.hostConfig.Init = true;
    this.withLabels(labLabels(lab, service, opts.role))
      .withUser(opts.user ?? "lab")
      .withAutoCleanup(false)
      .withName(`${containerName(lab, service)}-${randomBytes(3).toString("hex")}`);
    if (opts.isolated) this.withNetworkMode("none");
    else this.withNetworkMode(networkName(lab)).withNetworkAliases(service);
  }

  withLimits(limits: RunLimits): this {
    this.hostConfig.Memory = limits.memoryMb * 1024 * 1024;
    this.hostConfig.MemorySwap = limits.memoryMb * 1024 * 1024; // no swap beyond the limit
    this.hostConfig.NanoCpus = Math.round(limits.cpus * 1e9);
    this.hostConfig.PidsLimit = limits.pids;
    return this.withUlimits({ nofile: { soft: limits.nofile, hard: limits.nofile } });
  }
}
