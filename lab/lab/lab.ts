// A lab: one bridge network and the containers of one topology, all labelled with the
// lab's name. startLab() returns a StartedLab that is AsyncDisposable, so a test can
// write `await using lab = await startLab(...)` and everything is removed at the end.
import { randomBytes } from "node:crypto";
import type { ContainerSpec, DockerClient } from "../docker/docker-client.js";
import { dockerClient } from "../docker/connect.js";
import { LAB_LABEL, labLabels, SERVICE_LABEL } from "../docker/labels.js";
import { LabError, notFound, usageError } from "../errors.js";
import { loadTopology, type ServiceSpec, type Topology, type Ulimit } from "../topology/topology.js";
export type { Ulimit };
import { requireLabImage } from "../image/lab-image.js";
import { StartedService } from "./service.js";
import { runOnce, type OutputSink, type RunResult } from "./run-once.js";
import { programContainer, type NetworkPlacement, type ProgramOptions } from "./program.js";
import { removeLab, type LastWords } from "./teardown.js";
import { onInterrupt } from "../util/interrupt.js";
import { containerName, networkName, validateLabName } from "./names.js";
import { explainNetworkError, explainStartError } from "./engine-errors.js";
import { startCapture, type CaptureOptions, type StartedCapture } from "../capture/capture.js";
import { applyDeclaredImpairment } from "../impair/impair.js";
import { checkImpairment, type Impairment } from "../netem/impairment.js";

/** Stands for the lab image's tag while the topology is checked, before Docker is asked for the real one. */
const PLACEHOLDER_IMAGE = "socklab/lab:unchecked";

/** Labels on the lab's network that let another process (`lab load`) re-open the lab. */
const TOPOLOGY_LABEL = "socklab.topology";
const VARS_LABEL = "socklab.vars";

export interface ServiceOverrides {
  /** Replaces the topology's command: a list, so an argument is one word whatever it holds. */
  command?: string[];
  ulimits?: Ulimit[];
  sysctls?: Record<string, string>;
}

export interface StartLabOptions {
  name: string;
  /** A file in compose/ by name (`server`, `chat`) or a path. */
  topology: string;
  variables?: Record<string, string>;
  /** Compose profiles to start besides the services that have none. */
  profiles?: string[];
  overrides?: Record<string, ServiceOverrides>;
  /** Impairments by service, applied once it is ready; replace the Compose file's `x-netem`. */
  impairments?: Record<string, Impairment>;
  docker?: DockerClient;
  log?: (line: string) => void;
  readyTimeoutMs?: number;
}

export { containerName, networkName, validateLabName };


export interface StartProgramOptions extends ProgramOptions {
  /** Wait for the service's ready line (`x-socklab.ready`), if it has one (default true). */
  waitReady?: boolean;
  readyTimeoutMs?: number;
}

export class StartedLab implements AsyncDisposable {
  /** Programs started with startProgram (they may end on their own; the lab's services may not). */
  private readonly programs = new Set<string>();

  constructor(
    readonly docker: DockerClient,
    readonly name: string,
    readonly topology: Topology,
    readonly services: Map<string, StartedService>,
    private readonly log: (line: string) => void,
  ) {}

  get network(): string {
    return networkName(this.name);
  }

  service(name: string): StartedService {
    const s = this.services.get(name);
    if (!s) {
      const has = [...this.services.keys()];
      throw notFound(`lab ${this.name} has no running service '${name}' (${has.length ? `it has: ${has.join(", ")}` : `it has none left: \`lab down ${this.name}\``})`);
    }
    return s;
  }

  spec(service: string): ServiceSpec {
    const spec = this.topology.services.find((s) => s.name === service);
    if (!spec) throw notFound(`topology ${this.topology.file} has no service '${service}' (it has: ${this.topology.services.map((s) => s.name).join(", ")})`);
    return spec;
  }

  /** Where a service's container gets its network: the lab's, or its host service's namespace. */
  placement(spec: ServiceSpec): NetworkPlacement {
    return { lab: this.name, ...(spec.netns ? { netnsContainer: this.service(spec.netns).containerId } : {}) };
  }

  /** Runs a run-once tool of the topology (e.g. the load client) to completion. */
  async run(service: string, extraArgs: string[] = [], onOutput?: OutputSink, opts: ProgramOptions = {}): Promise<RunResult> {
    const spec = this.spec(service);
    await this.assertServicesRunning();
    const container = programContainer(spec, this.placement(spec), {
      ...opts,
      args: [...(opts.args ?? []), ...extraArgs],
      role: "run",
      nameSuffix: `-${randomBytes(3).toString("hex")}`,
    });
    return runOnce(this.docker, container, onOutput);
  }

  /**
   * Starts one more container of a service (any service of the topology, e.g. a server a
   * scenario starts with its own arguments) and waits for its ready line. It is known
   * afterwards by `opts.as` (default: the service's name), which must not be taken.
   */
  async startProgram(service: string, opts: StartProgramOptions = {}): Promise<StartedService> {
    const spec = this.spec(service);
    const as = opts.as ?? spec.name;
    if (this.services.has(as)) throw usageError(`lab ${this.name} already has a program named '${as}'`);
    const container = programContainer(spec, this.placement(spec), opts);
    const started = await startContainerOf(this.docker, this.name, spec, container).catch((err: unknown) => {
      throw explainStartError(err, container.name, spec.image);
    });
    this.services.set(as, started);
    this.programs.add(as);
    if (spec.ready && opts.waitReady !== false) await started.waitForLog(new RegExp(spec.ready), opts.readyTimeoutMs ?? 30_000);
    return started;
  }

  /** Forgets a program (its container stays until the lab goes down), so its name can be used again. */
  forget(name: string): void {
    this.services.delete(name);
    this.programs.delete(name);
  }

  /** A tool run against a dead server would only fail to resolve its name: say why instead. */
  private async assertServicesRunning(): Promise<void> {
    for (const s of this.services.values()) {
      if (this.programs.has(s.name)) continue;
      const info = await this.docker.inspectContainer(s.containerId);
      if (!info.running) {
        throw new LabError(`${s.name} of lab ${this.name} is not running (it exited with status ${info.exitCode}): \`lab logs ${s.name} --lab ${this.name}\` says why`);
      }
    }
  }

  /** Starts a tcpdump sidecar in a service's network namespace; resolves once it is listening. */
  capture(service: string, opts?: CaptureOptions): Promise<StartedCapture> {
    return startCapture(this, service, opts);
  }

  /** Stops and removes everything labelled with this lab; returns what the programs said last. */
  down(): Promise<LastWords[]> {
    return removeLab(this.docker, this.name, this.log);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.down();
  }
}

async function startContainerOf(docker: DockerClient, lab: string, spec: ServiceSpec, container: ContainerSpec): Promise<StartedService> {
  const id = await docker.createContainer(container);
  await docker.startContainer(id);
  const info = await docker.inspectContainer(id);
  // A program in another service's namespace has that service's address.
  const host = container.netnsOf ? await docker.inspectContainer(container.netnsOf) : info;
  const as = container.labels[SERVICE_LABEL] ?? spec.name;
  return new StartedService(docker, lab, as, id, container.name, host.addresses[networkName(lab)] ?? "");
}

async function startService(lab: StartedLab, spec: ServiceSpec, overrides: ServiceOverrides | undefined, readyTimeoutMs: number): Promise<StartedService> {
  const container = programContainer(spec, lab.placement(spec), overrides ?? {});
  try {
    const service = await startContainerOf(lab.docker, lab.name, spec, container);
    if (spec.ready) await service.waitForLog(new RegExp(spec.ready), readyTimeoutMs);
    return service;
  } catch (err) {
    throw explainStartError(err, container.name, spec.image);
  }
}

export async function labExists(docker: DockerClient, name: string): Promise<boolean> {
  const [containers, networks] = await Promise.all([
    docker.listContainers({ [LAB_LABEL]: name }),
    docker.listNetworks({ [LAB_LABEL]: name }),
  ]);
  return containers.length > 0 || networks.length > 0;
}

export async function startLab(opts: StartLabOptions): Promise<StartedLab> {
  // The whole request is checked before the first Docker call: a bad value fails with
  // one line and nothing to clean up.
  validateLabName(opts.name);
  loadTopology(opts.topology, { SOCKLAB_IMAGE: PLACEHOLDER_IMAGE, ...opts.variables });
  for (const [service, imp] of Object.entries(opts.impairments ?? {})) checkImpairment(imp, `impairments.${service}`);
  const docker = opts.docker ?? dockerClient();
  const log = opts.log ?? (() => {});
  const image = await requireLabImage(docker, log); // never installs: that is `lab setup`'s
  const variables = { SOCKLAB_IMAGE: image.tag, ...opts.variables };
  const topology = loadTopology(opts.topology, variables);
  if (await labExists(docker, opts.name)) {
    throw new LabError(`lab '${opts.name}' is already up: \`lab down ${opts.name}\` first, or pick another --name`);
  }
  const services = new Map<string, StartedService>();
  const lab = new StartedLab(docker, opts.name, topology, services, log);
  // Ctrl-C while the lab is half up removes what was started; once up, it stays up. The
  // network request may be in flight when the signal comes: removal waits for it.
  const creatingNetwork = docker
    .createNetwork(networkName(opts.name), {
      ...labLabels(opts.name),
      [TOPOLOGY_LABEL]: topology.file,
      [VARS_LABEL]: JSON.stringify(variables),
    })
    .catch((err: unknown) => {
      throw explainNetworkError(err, networkName(opts.name));
    });
  const release = onInterrupt(async () => {
    await creatingNetwork.catch(() => {});
    await lab.down();
  });
  try {
    await creatingNetwork;
    const wanted = topology.services.filter(
      (s) => !s.runOnce && (s.profiles.length === 0 || s.profiles.some((p) => opts.profiles?.includes(p))),
    );
    // Container starts are slow: services start together, in waves; a service waits for the
    // one whose namespace it joins (x-socklab.netns) and for its depends_on to be up and ready
    // (the chat client connects once: before its server listens, it would just exit).
    for (let pending = wanted; pending.length > 0; ) {
      const up = (name: string) => services.has(name) || !wanted.some((w) => w.name === name);
      const wave = pending.filter((s) => (!s.netns || up(s.netns)) && s.dependsOn.every(up));
      if (wave.length === 0) throw new LabError(`${topology.file}: depends_on / x-socklab.netns go in a circle among ${pending.map((s) => s.name).join(", ")}`);
      pending = pending.filter((s) => !wave.includes(s));
      const started = await Promise.allSettled(
        wave.map(async (spec) => {
          const service = await startService(lab, spec, opts.overrides?.[spec.name], opts.readyTimeoutMs ?? 30_000);
          services.set(spec.name, service);
          await applyDeclaredImpairment(docker, service, opts.impairments?.[spec.name] ?? spec.netem, log);
        }),
      );
      const failed = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failed) throw failed.reason;
    }
  } catch (err) {
    await lab.down().catch(() => {});
    throw err;
  } finally {
    release();
  }
  return lab;
}

/** Re-opens a lab started by another process (e.g. `lab up`, then `lab load`). */
export async function openLab(name: string, docker: DockerClient = dockerClient()): Promise<StartedLab> {
  const [[network], containers] = await Promise.all([
    docker.listNetworks({ [LAB_LABEL]: name }),
    docker.listContainers({ [LAB_LABEL]: name }),
  ]);
  if (!network) {
    if (containers.length === 0) throw notFound(`no lab '${name}' is up (see \`lab ps\`)`);
    throw notFound(`lab '${name}' is half removed (its network is gone): \`lab down ${name}\` removes the rest`);
  }
  const file = network.labels[TOPOLOGY_LABEL] ?? "server";
  let variables: Record<string, string>;
  try {
    variables = JSON.parse(network.labels[VARS_LABEL] ?? "{}") as Record<string, string>;
  } catch {
    throw new LabError(`lab '${name}': the ${VARS_LABEL} label of network ${network.name} is not JSON: \`lab down ${name}\` and start it again`);
  }
  const topology = loadTopology(file, variables);
  const services = new Map<string, StartedService>();
  for (const c of containers) {
    const service = c.labels[SERVICE_LABEL];
    if (!service || c.labels["socklab.role"]) continue;
    services.set(service, new StartedService(docker, name, service, c.id, c.name, c.addresses[networkName(name)] ?? ""));
  }
  return new StartedLab(docker, name, topology, services, () => {});
}
