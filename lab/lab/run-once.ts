// Runs a topology's run-once tool (the load client) in its own container on the lab's
// network, streams its output, and removes the container whatever happens.
import type { ContainerSpec, DockerClient } from "../docker/docker-client.js";
import { onInterrupt } from "../util/interrupt.js";

export type OutputSink = (text: string, stream: "stdout" | "stderr") => void;

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runOnce(docker: DockerClient, container: ContainerSpec, onOutput?: OutputSink): Promise<RunResult> {
  const id = await docker.createContainer(container);
  const release = onInterrupt(() => docker.removeContainer(id));
  try {
    await docker.startContainer(id);
    const following = onOutput ? docker.followLogs(id, onOutput) : Promise.resolve();
    following.catch(() => {}); // awaited below; not an unhandled rejection if waiting fails first
    const exitCode = await docker.waitContainer(id);
    await following;
    const { stdout, stderr } = await docker.logs(id);
    return { exitCode, stdout, stderr };
  } finally {
    release();
    await docker.removeContainer(id);
  }
}
