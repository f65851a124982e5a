import { describe, expect, test } from "vitest";
import type { ContainerInfo, DockerClient, NetworkInfo } from "../docker/docker-client.js";
import { LAB_LABEL, ROLE_LABEL, SERVICE_LABEL } from "../docker/labels.js";
import { LabError } from "../errors.js";
import { removeLab } from "./teardown.js";

const container = (id: string, lab: string): ContainerInfo => ({
  id,
  name: `${lab}-${id}`,
  labels: { [LAB_LABEL]: lab },
  state: "exited",
  running: false,
  exitCode: 0,
  addresses: {},
  image: "socklab/lab:x",
  pid: 0,
});

/** Containers and networks in memory; `late` appear once the first listing has been taken. */
function fakeDocker(opts: { containers: ContainerInfo[]; late?: ContainerInfo[]; networkInUse?: boolean }) {
  let containers = [...opts.containers];
  let late = opts.late ?? [];
  let networks: NetworkInfo[] = [{ id: "n1", name: "socklab-t", labels: { [LAB_LABEL]: "t" } }];
  const removed: string[] = [];
  const fake = {
    removed,
    // As the engine does: only containers carrying every label asked for (a capture
    // sidecar has its role; the lab's programs have none).
    listContainers: async (labels: Record<string, string>) => {
      const matches = (c: ContainerInfo) => Object.entries(labels).every(([k, v]) => k in c.labels && (!v || c.labels[k] === v));
      if (Object.keys(labels).some((k) => k !== LAB_LABEL)) return containers.filter(matches);
      const now = containers.filter(matches);
      containers = [...containers, ...late];
      late = [];
      return now;
    },
    listNetworks: async () => [...networks],
    logs: async () => ({ stdout: "", stderr: "" }),
    stopContainer: async () => {},
    // What saving a capture asks first; the fake has nothing to save, so saving fails (and is logged).
    inspectContainer: async (id: string) => {
      throw new Error(`no such container ${id}`);
    },
    removeContainer: async (id: string) => {
      removed.push(id);
      containers = containers.filter((c) => c.id !== id);
    },
    removeNetwork: async (id: string) => {
      if (opts.networkInUse) throw Object.assign(new Error("has active endpoints"), { statusCode: 403 });
      removed.push(id);
      networks = networks.filter((n) => n.id !== id);
    },
  };
  return fake as unknown as DockerClient & { removed: string[] };
}

describe("removeLab", () => {
  test("a container created while the lab was being removed goes too, before the network", async () => {
    const docker = fakeDocker({ containers: [container("a", "t")], late: [container("b", "t")] });
    await removeLab(docker, "t", () => {});
    expect(docker.removed).toEqual(["a", "b", "n1"]);
  });

  test("a network still used by a container socklab did not start is one clear LabError", async () => {
    const docker = fakeDocker({ containers: [], networkInUse: true });
    const err = await removeLab(docker, "t", () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabError);
    expect((err as Error).message).toMatch(/network socklab-t of lab t is still used by a container socklab did not start/);
  });

  test("a running capture is saved before anything is removed (teardown calls capture, no hook needed)", async () => {
    const sidecar = { ...container("cap", "t"), running: true, labels: { [LAB_LABEL]: "t", [SERVICE_LABEL]: "server", [ROLE_LABEL]: "capture" } };
    const docker = fakeDocker({ containers: [container("a", "t"), sidecar] });
    const log: string[] = [];
    await removeLab(docker, "t", (line) => log.push(line));
    expect(log).toEqual(["capture cap could not be saved: no such container cap"]);
    expect(docker.removed).toEqual(["a", "cap", "n1"]);
  });
});
