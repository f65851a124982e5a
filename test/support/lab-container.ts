// testcontainers for graders: the lab image as a GenericContainer that runs under init
// (a PID-1 program would not die of SIGPIPE), carries the lab's labels, and joins a
// labelled lab network. Instructors write graders with these exactly as the tests do.
import { GenericContainer, Wait, type StartedTestContainer } from "testcontainers";
import { dockerClient } from "../../lab/docker/connect.js";
import { labLabels } from "../../lab/docker/labels.js";
import { networkName } from "../../lab/lab/lab.js";
import { removeLab } from "../../lab/lab/teardown.js";
import { findServer } from "../../lab/programs/programs.js";

export class LabContainer extends GenericContainer {
  constructor(image: string, lab: string, service: string) {
    super(image);
    this.hostConfig.Init = true;
    this.withLabels(labLabels(lab, service)).withUser("lab").withNetworkMode(networkName(lab)).withNetworkAliases(service);
  }
}

/** A lab network made and removed by label; `await using net = await labNetwork("t-x")`. */
export async function labNetwork(lab: string): Promise<{ lab: string } & AsyncDisposable> {
  const docker = dockerClient();
  await removeLab(docker, lab, () => {});
  await docker.createNetwork(networkName(lab), labLabels(lab));
  return { lab, [Symbol.asyncDispose]: async () => void (await removeLab(docker, lab, () => {})) };
}

export function startServer(image: string, lab: string, design: string, args: string[] = []): Promise<StartedTestContainer> {
  const server = findServer(design);
  if (!server) throw new Error(`unknown design ${design}`);
  return new LabContainer(image, lab, "server")
    .withCommand([server.binary, ...args])
    .withWaitStrategy(Wait.forLogMessage(/listening on port/))
    .withStartupTimeout(30_000)
    .start();
}

export interface LoadSummary {
  connections_ok: number;
  connections_failed: number;
  failures: Record<string, number>;
  /** ECONNREFUSED, and ETIMEDOUT + TIMEOUT (connect or read timed out), from `failures`. */
  refused: number;
  timed_out: number;
  requests: number;
  bytes: number;
  elapsed_s: number;
  connect_latency_ms: { p50: number; p99: number };
}

/** Runs client_test --json against the lab's `server` to completion and parses its summary. */
export async function runLoad(image: string, lab: string, args: string[]): Promise<{ exitCode: number; summary: LoadSummary; stderr: string }> {
  const docker = dockerClient();
  const container = await new LabContainer(image, lab, "load")
    .withCommand(["client_test", "-p", "server", "--json", ...args])
    .start(); // no wait strategy: it may finish (or fail) before any check could run

  const id = container.getId();
  const exitCode = await docker.waitContainer(id);
  const { stdout, stderr } = await docker.logs(id);
  await docker.removeContainer(id);
  const line = stdout.trim().split("\n").pop() ?? "";
  let summary: LoadSummary;
  try {
    summary = JSON.parse(line) as LoadSummary;
  } catch {
    throw new Error(`client_test printed no JSON summary (exit ${exitCode}): ${stdout} ${stderr}`);
  }
  return { exitCode, summary, stderr };
}
