// The privileged helper container socklab runs beside a service: root with NET_ADMIN and
// NET_RAW (the service itself never gets them), from the lab image, under Docker's init,
// in the service's network namespace (or, for the kernel probe, a private one with only
// loopback), and labelled with its lab, service and role so `lab down` removes it with
// the lab. Capture (tcpdump), impairment (tc, iptables, nfq-delayer) and the kernel probe
// each run in one.
import type { ContainerInfo, DockerClient, ExecResult } from "./docker-client.js";
import { labLabels } from "./labels.js";
import { waitForLog } from "./wait-for-log.js";

/** What a sidecar needs of the service it serves (a StartedService fits). */
export interface ServiceContainer {
  readonly lab: string;
  /** The service's name in the topology. */
  readonly name: string;
  readonly containerId: string;
  readonly containerName: string;
  /** Its address on the lab network ("" when it has none). */
  readonly address: string;
}

/** The only capabilities socklab ever grants, and only to sidecars. */
export const SIDECAR_CAPABILITIES: readonly string[] = ["NET_ADMIN", "NET_RAW"];

export interface SidecarSpec {
  lab: string;
  /** The service it serves (labelled, so it can be found again); none for the probe. */
  service?: string;
  /** "capture", "impair" or "probe": the ROLE_LABEL that keeps it apart from the programs. */
  role: string;
  name: string;
  image: string;
  cmd: string[];
  /** The container whose network namespace it joins; without one, a namespace of its own with only loopback. */
  netnsOf?: string;
  /** More labels, e.g. what is needed to finish its work from another process. */
  labels?: Record<string, string>;
  env?: Record<string, string>;
}

export class Sidecar {
  constructor(
    private readonly docker: DockerClient,
    private readonly spec: SidecarSpec,
  ) {}

  /** Creates and starts it; one that does not start is removed again. */
  async start(): Promise<StartedSidecar> {
    const s = this.spec;
    const id = await this.docker.createContainer({
      name: s.name,
      image: s.image,
      cmd: s.cmd,
      labels: { ...labLabels(s.lab, s.service, s.role), ...s.labels },
      ...(s.netnsOf ? { netnsOf: s.netnsOf } : { isolated: true }),
      user: "root",
      capAdd: [...SIDECAR_CAPABILITIES],
      ...(s.env ? { env: s.env } : {}),
      init: true,
    });
    try {
      await this.docker.startContainer(id);
    } catch (err) {
      await this.docker.removeContainer(id).catch(() => {});
      throw err;
    }
    return new StartedSidecar(this.docker, id, s.name, s.image);
  }
}

export class StartedSidecar implements AsyncDisposable {
  constructor(
    readonly docker: DockerClient,
    readonly id: string,
    readonly name: string,
    readonly image: string,
  ) {}

  /** A sidecar found by its labels (e.g. one another process started). */
  static of(docker: DockerClient, c: ContainerInfo): StartedSidecar {
    return new StartedSidecar(docker, c.id, c.name, c.image);
  }

  /** Runs a command in it, as root. */
  exec(argv: string[]): Promise<ExecResult> {
    return this.docker.exec(this.id, argv, { user: "root" });
  }

  logs(): Promise<{ stdout: string; stderr: string }> {
    return this.docker.logs(this.id);
  }

  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string> {
    return waitForLog(this.docker, this.id, this.name, pattern, timeoutMs);
  }

  /** Waits for its main process to exit; resolves with the exit status. */
  wait(): Promise<number> {
    return this.docker.waitContainer(this.id);
  }

  remove(): Promise<void> {
    return this.docker.removeContainer(this.id);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.remove();
  }
}

/** The sidecars of a lab in one role (of one service, when given), running or not. */
export function listSidecars(docker: DockerClient, lab: string, role: string, service?: string): Promise<ContainerInfo[]> {
  return docker.listContainers(labLabels(lab, service, role));
}
