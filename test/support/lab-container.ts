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
  return startProgram(image, lab, "server", [server.binary, ...args]);
}

/** Any long-running program of the image as a service, started once its log says it is ready. */
export function startProgram(image: string, lab: string, service: string, command: string[], ready = /listening on/): Promise<StartedTestContainer> {
  return new LabContainer(image, lab, service)
    .withCommand(command)
    .withWaitStrategy(Wait.forLogMessage(ready))
    .withStartupTimeout(30_000)
    .start();
}

export interface ProgramRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a program of the image to completion as service `service` of the lab; the container is removed. */
export async function runProgram(image: string, lab: string, service: string, command: string[]): Promise<ProgramRun> {
  const docker = dockerClient();
  const container = await new LabContainer(image, lab, service).withCommand(command).start(); // no wait strategy: it may be done before any check
  const id = container.getId();
  const exitCode = await docker.waitContainer(id);
  const { stdout, stderr } = await docker.logs(id);
  await docker.removeContainer(id);
  return { exitCode, stdout, stderr };
}

/** The last stdout line of a run, parsed as JSON (the programs print their summary there). */
export function lastJson<T>(run: ProgramRun, what: string): T {
  const line = run.stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`${what} printed no JSON summary (exit ${run.exitCode}): ${run.stdout} ${run.stderr}`);
  }
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
  const run = await runProgram(image, lab, "load", ["client_test", "-p", "server", "--json", ...args]);
  return { exitCode: run.exitCode, summary: lastJson<LoadSummary>(run, "client_test"), stderr: run.stderr };
}

/** SIGTERM to a program's container (docker-init passes it on), then its exit status and logs. */
export async function terminate(containerId: string): Promise<ProgramRun> {
  const docker = dockerClient();
  await docker.killContainer(containerId, "SIGTERM");
  const exitCode = await docker.waitContainer(containerId);
  return { exitCode, ...(await docker.logs(containerId)) };
}
