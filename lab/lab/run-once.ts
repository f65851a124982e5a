// Runs a topology's run-once tool (the load client) in its own container on the lab's
// network, streams its output, and removes the container whatever happens.
import { randomBytes } from "node:crypto";
import { statusOf, type DockerClient } from "../docker/docker-client.js";
import { LabError } from "../errors.js";
import { labLabels } from "../docker/labels.js";
import type { ServiceSpec } from "../topology/topology.js";
import { onInterrupt } from "../util/interrupt.js";
import { containerName, networkName } from "./names.js";
import { explainStartError } from "./engine-errors.js";

export type OutputSink = (text: string, stream: "stdout" | "stderr") => void;

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runOnce(
  docker: DockerClient,
  lab: string,
  spec: ServiceSpec,
  extraArgs: string[],
  onOutput?: OutputSink,
): Promise<RunResult> {
  const name = `${containerName(lab, spec.name)}-${randomBytes(3).toString("hex")}`;
  const explain = (err: unknown): never => {
    throw explainStartError(err, name, spec.image);
  };
  const id = await docker
    .createContainer({
      name,
      image: spec.image,
      cmd: [...spec.command, ...extraArgs],
      labels: labLabels(lab, spec.name, "run"),
      network: { name: networkName(lab), aliases: [spec.name] },
      user: spec.user,
      env: spec.environment,
      init: spec.init,
      ulimits: spec.ulimits,
    })
    .catch(explain);
  const release = onInterrupt(() => docker.removeContainer(id));
  try {
    await docker.startContainer(id).catch(explain);
    return await followToTheEnd(docker, id, onOutput).catch((err: unknown) => {
      // 404/409: removed (or being removed) under us, by a concurrent `lab down`
      const status = statusOf(err);
      if (status === 404 || status === 409) throw new LabError(`${name} was removed while it ran (a concurrent \`lab down ${lab}\`?)`);
      throw err;
    });
  } finally {
    release();
    await docker.removeContainer(id);
  }
}

async function followToTheEnd(docker: DockerClient, id: string, onOutput?: OutputSink): Promise<RunResult> {
  const following = onOutput ? docker.followLogs(id, onOutput) : Promise.resolve();
  following.catch(() => {}); // awaited below; not an unhandled rejection if waiting fails first
  const exitCode = await docker.waitContainer(id);
  await following;
  const { stdout, stderr } = await docker.logs(id);
  return { exitCode, stdout, stderr };
}
