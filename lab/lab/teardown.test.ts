import { describe, expect, test } from "vitest";
import type { ContainerInfo, DockerClient, NetworkInfo } from "../docker/docker-client.js";
import { LAB_LABEL } from "../docker/labels.js";
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
    listContainers: async () => {
      const now = [...containers];
      containers = [...containers, ...late];
      late = [];
      return now;
    },
    listNetworks: async () => [...networks],
    logs: async () => ({ stdout: "", stderr: "" }),
    stopContainer: async () => {},
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
});
