// A lab network for testcontainers, made and removed by label:
// `await using net = await labNetwork("t-x")`. Internal by default: the containers on it
// reach each other and nothing else (no route out).
import type { DockerClient } from "../docker/docker-client.js";
import { dockerClient } from "../docker/connect.js";
import { labLabels } from "../docker/labels.js";
import { networkName } from "../lab/names.js";
import { removeLab } from "../lab/teardown.js";

export interface StartedLabNetwork extends AsyncDisposable {
  readonly lab: string;
  readonly name: string;
  /** Removes every container and network labelled with the lab. */
  remove(): Promise<void>;
}

export async function labNetwork(lab: string, opts: { internal?: boolean; docker?: DockerClient } = {}): Promise<StartedLabNetwork> {
  const docker = opts.docker ?? dockerClient();
  await removeLab(docker, lab, () => {}); // a lab of that name left by a killed run
  await docker.createNetwork(networkName(lab), labLabels(lab), { internal: opts.internal ?? true });
  const remove = async () => void (await removeLab(docker, lab, () => {}));
  return { lab, name: networkName(lab), remove, [Symbol.asyncDispose]: remove };
}
