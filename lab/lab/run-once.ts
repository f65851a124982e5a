// Runs a topology's run-once tool (the load client) in its own container on the lab's
// network (or in its host's namespace), streams its output, and removes the container
// whatever happens.
import type { ContainerSpec, DockerClient } from "../docker/docker-client.js";
import { statusOf } from "../docker/docker-client.js";
import { LAB_LABEL } from "../docker/labels.js";
import { LabError } from "../errors.js";
import { onInterrupt } from "../util/interrupt.js";
import { explainStartError } from "./engine-errors.js";

export type OutputSink = (text: string, stream: "stdout" | "stderr") => void;

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runOnce(docker: DockerClient, container: ContainerSpec, onOutput?: OutputSink): Promise<RunResult> {
  const explain = (err: unknown): never => {
    throw explainStartError(err, container.name, container.image);
  };
  const id = await docker.createContainer(container).catch(explain);
  const release = onInterrupt(() => docker.removeContainer(id));
  try {
    await docker.startContainer(id).catch(explain);
    return await followToTheEnd(docker, id, onOutput).catch((err: unknown) => {
      // 404/409: removed (or being removed) under us, by a concurrent `lab down`
      const status = statusOf(err);
      const lab = container.labels[LAB_LABEL] ?? "";
      if (status === 404 || status === 409) throw new LabError(`${container.name} was removed while it ran (a concurrent \`lab down ${lab}\`?)`);
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
