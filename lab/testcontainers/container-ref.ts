// A container as the grader API takes it: a testcontainers StartedTestContainer, a lab's
// StartedService, or a bare id. Commands run in it through the lab's Docker client.
import type { DockerClient, ExecResult } from "../docker/docker-client.js";
import { dockerClient } from "../docker/connect.js";

export type ContainerRef = string | { getId(): string } | { containerId: string };

export function containerId(ref: ContainerRef): string {
  if (typeof ref === "string") return ref;
  return "getId" in ref ? ref.getId() : ref.containerId;
}

let shared: DockerClient | undefined;
/** The Docker client the API uses (one per process). */
export const apiDocker = (): DockerClient => (shared ??= dockerClient());

export function execIn(ref: ContainerRef, cmd: string[]): Promise<ExecResult> {
  return apiDocker().exec(containerId(ref), cmd);
}
