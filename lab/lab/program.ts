// The container a topology service runs in, whether it is a long-running service, a
// run-once tool or one more instance started by a scenario step. A service may share
// another service's network namespace (`x-socklab.netns`): then it has that service's
// address, sysctls and sockets (a "host" that outlives the programs run in it, so a
// restarted server meets its own TIME_WAIT connections and `ss` still shows them after
// the program exited).
import type { ContainerSpec } from "../docker/docker-client.js";
import { labLabels } from "../docker/labels.js";
import { usageError } from "../errors.js";
import type { ServiceSpec, Ulimit } from "../topology/topology.js";
import { containerName, networkName } from "./names.js";

export interface ProgramOptions {
  /** Replaces the service's command. */
  command?: string[];
  /** Appended to the command. */
  args?: string[];
  ulimits?: Ulimit[];
  sysctls?: Record<string, string>;
  /** The service label and container name suffix (default: the service's name). */
  as?: string;
  role?: string;
  /** Appended to the container name (run-once tools get a random one). */
  nameSuffix?: string;
}

/** Where a program's network comes from: the lab network, or a running container's namespace. */
export interface NetworkPlacement {
  lab: string;
  /** The container whose network namespace the service shares (for `x-socklab.netns`). */
  netnsContainer?: string;
}

export function mergeUlimits(base: Ulimit[], extra: Ulimit[] = []): Ulimit[] {
  const byName = new Map(base.map((u) => [u.name, u]));
  for (const u of extra) byName.set(u.name, u);
  return [...byName.values()];
}

export function programContainer(spec: ServiceSpec, where: NetworkPlacement, opts: ProgramOptions = {}): ContainerSpec {
  const as = opts.as ?? spec.name;
  const sysctls = { ...spec.sysctls, ...opts.sysctls };
  if (spec.netns && Object.keys(sysctls).length > 0) {
    // Docker refuses net.* sysctls for a container in another's namespace: they belong to that one.
    throw usageError(`service ${spec.name} shares the network namespace of ${spec.netns}: set sysctls on ${spec.netns}`);
  }
  if (spec.netns && !where.netnsContainer) throw usageError(`service ${spec.name} needs ${spec.netns} running (x-socklab.netns)`);
  return {
    name: `${containerName(where.lab, as)}${opts.nameSuffix ?? ""}`,
    image: spec.image,
    cmd: [...(opts.command ?? spec.command), ...(opts.args ?? [])],
    labels: labLabels(where.lab, as, opts.role),
    ...(spec.netns
      ? { netnsOf: where.netnsContainer }
      : { network: { name: networkName(where.lab), aliases: [spec.name] } }),
    user: spec.user,
    env: spec.environment,
    init: spec.init,
    ulimits: mergeUlimits(spec.ulimits, opts.ulimits),
    sysctls,
    openStdin: spec.stdinOpen,
    tty: spec.tty,
  };
}
