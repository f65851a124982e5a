// Starting a server in a lab: one of the lab's own designs (ready once it says it
// listens), or any program (a compiled submission) copied into the lab image and ready
// once a socket listens on its port. A program that exits, or never listens, is reported
// with what it said and did: the evidence a grader shows.
import type { StartedTestContainer } from "testcontainers";
import { Wait } from "testcontainers";
import { usageError } from "../errors.js";
import { findServer } from "../programs/programs.js";
import { apiDocker, containerId, type ContainerRef } from "./container-ref.js";
import { LabContainer, type RunLimits } from "./lab-container.js";
import { listeningOn, processTable } from "./process-table.js";

/** Where a program copied into the lab image lives. */
export const PROGRAM_PATH = "/home/lab/server";

export interface ProgramServer {
  /** The executable (e.g. a submission built by buildSubmission). */
  binary: Buffer;
  /** The command line; `{port}` and `{binary}` are replaced. */
  argv: string[];
  port: number;
  limits?: RunLimits;
  /** How long it may take to listen (default 5 s). */
  listenTimeoutMs?: number;
}

/** A server that did not come up: how it ended, or that it never listened. */
export class ServerStartError extends Error {
  constructor(
    message: string,
    readonly reason: "exited" | "not-listening",
    readonly evidence: string[],
  ) {
    super(message);
    this.name = "ServerStartError";
  }
}

/** The lab's own design (`fork`, `server3`...) with its arguments. */
export function startServer(image: string, lab: string, design: string, args?: string[]): Promise<StartedTestContainer>;
/** Any program copied into the lab image, e.g. a compiled submission. */
export function startServer(image: string, lab: string, program: ProgramServer): Promise<StartedTestContainer>;
export function startServer(image: string, lab: string, what: string | ProgramServer, args: string[] = []): Promise<StartedTestContainer> {
  if (typeof what !== "string") return startProgramServer(image, lab, what);
  const server = findServer(what);
  if (!server) throw usageError(`unknown server design '${what}'`);
  return startProgram(image, lab, "server", [server.binary, ...args]);
}

/** Any long-running program of the image as a service of the lab, started once its log says it is ready. */
export function startProgram(image: string, lab: string, service: string, command: string[], ready = /listening on/): Promise<StartedTestContainer> {
  return new LabContainer(image, lab, service).withCommand(command).withWaitStrategy(Wait.forLogMessage(ready)).withStartupTimeout(30_000).start();
}

/** SIGTERM to a program's container (init passes it on), then its exit status and logs. */
export async function terminate(ref: ContainerRef): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const docker = apiDocker();
  await docker.killContainer(containerId(ref), "SIGTERM");
  const exitCode = await docker.waitContainer(containerId(ref));
  return { exitCode, ...(await docker.logs(containerId(ref))) };
}

export function programArgv(argv: string[], port: number): string[] {
  return argv.map((a) => a.replaceAll("{port}", String(port)).replaceAll("{binary}", PROGRAM_PATH));
}

async function startProgramServer(image: string, lab: string, p: ProgramServer): Promise<StartedTestContainer> {
  const container = new LabContainer(image, lab, "server")
    .withCopyContentToContainer([{ content: p.binary, target: PROGRAM_PATH, mode: 0o755 }])
    .withWorkingDir("/home/lab")
    .withCommand(programArgv(p.argv, p.port));
  if (p.limits) container.withLimits(p.limits);
  const started = await container.start();
  try {
    await waitUntilListening(started, p.port, p.listenTimeoutMs ?? 5_000);
  } catch (err) {
    await removeContainer(started);
    throw err;
  }
  return started;
}

/** Polls until a socket listens on the port; throws ServerStartError with the evidence. */
export async function waitUntilListening(ref: ContainerRef, port: number, timeoutMs: number): Promise<void> {
  const docker = apiDocker();
  const id = containerId(ref);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await docker.inspectContainer(id);
    if (!info.running) {
      const said = await lastLines(id);
      throw new ServerStartError(`the server exited (status ${info.exitCode}) without listening on port ${port}`, "exited", said);
    }
    if (await listeningOn(ref, port).catch(() => false)) return;
    if (Date.now() > deadline) {
      const ps = await processTable(ref).then((t) => t.text.trimEnd().split("\n"), () => []);
      const said = await lastLines(id);
      throw new ServerStartError(`nothing listened on port ${port} within ${timeoutMs / 1000} s`, "not-listening", [
        "ps:",
        ...ps,
        ...said,
      ]);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The last lines a container wrote (stderr, then stdout), for evidence. */
export async function lastLines(ref: ContainerRef, n = 5): Promise<string[]> {
  const { stdout, stderr } = await apiDocker().logs(containerId(ref)).catch(() => ({ stdout: "", stderr: "" }));
  const tail = (s: string) => s.trimEnd().split("\n").filter(Boolean).slice(-n);
  return [...tail(stderr).map((l) => `stderr: ${l}`), ...tail(stdout).map((l) => `stdout: ${l}`)];
}

/** Kills and removes a container at once (no grace period: a grader's server is disposable). */
export function removeContainer(ref: ContainerRef): Promise<void> {
  return apiDocker().removeContainer(containerId(ref));
}
