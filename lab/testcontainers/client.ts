// Running a client in a lab to completion: its own container on the lab network, its
// exit status and output, the JSON summary of its last line parsed. The lab's clients:
// client_test (load) and check-client (the grader's).
import { LabError } from "../errors.js";
import { apiDocker } from "./container-ref.js";
import { LabContainer } from "./lab-container.js";

export interface ClientRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface JsonClientRun<T> extends ClientRun {
  summary: T;
}

/** What both of the lab's clients count: connections, failures by name, verified bytes. */
export interface ClientCounts {
  connections_ok: number;
  connections_failed: number;
  /** By errno name, or TIMEOUT, SHORT_READ, MISMATCH... */
  failures: Record<string, number>;
  requests: number;
  bytes: number;
  elapsed_s: number;
}

/** client_test's --json summary. */
export interface LoadSummary extends ClientCounts {
  /** ECONNREFUSED, and ETIMEDOUT + TIMEOUT (connect or read timed out), from `failures`. */
  refused: number;
  timed_out: number;
  connect_latency_ms: { p50: number; p99: number };
}

/** check-client's --json summary. */
export interface CheckSummary extends ClientCounts {
  proto: string;
  act: string;
  concurrent: boolean;
  connections: number;
  failed: Array<{ conn: number; error: string; requests: number; bytes: number }>;
  slow?: { ok: boolean; error: string; bytes: number };
}

/** Runs argv in a container of the image on the lab's network; removes it whatever happens. */
export function runClient(image: string, lab: string, argv: string[], opts: { service?: string; timeoutMs?: number } = {}): Promise<ClientRun> {
  return runProgram(image, lab, opts.service ?? "client", argv, opts);
}

/** Runs a program of the image to completion as service `service` of the lab (any program: nc, a probe...). */
export async function runProgram(image: string, lab: string, service: string, command: string[], opts: { timeoutMs?: number } = {}): Promise<ClientRun> {
  const docker = apiDocker();
  const argv = command;
  // No wait strategy: it may finish (or fail) before any check could run.
  const container = await new LabContainer(image, lab, service, { role: "run" }).withCommand(argv).start();
  const id = container.getId();
  try {
    const exitCode = await waitAtMost(docker.waitContainer(id), opts.timeoutMs ?? 120_000);
    if (exitCode === undefined) throw new LabError(`${argv[0]} did not finish within ${(opts.timeoutMs ?? 120_000) / 1000} s`);
    const { stdout, stderr } = await docker.logs(id);
    return { exitCode, stdout, stderr };
  } finally {
    await docker.removeContainer(id);
  }
}

async function waitAtMost<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runJsonClient<T>(image: string, lab: string, argv: string[], opts?: { service?: string; timeoutMs?: number }): Promise<JsonClientRun<T>> {
  return withJsonSummary<T>(argv[0] ?? "client", await runClient(image, lab, argv, opts));
}

/** The run with its last stdout line parsed as the JSON summary (a client that printed none is an error). */
export function withJsonSummary<T>(program: string, run: ClientRun): JsonClientRun<T> {
  return { ...run, summary: lastJson<T>(run, program) };
}

/** The last stdout line of a run, parsed as JSON (the lab's programs print their summary there). */
export function lastJson<T>(run: ClientRun, program: string): T {
  const line = run.stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new LabError(`${program} printed no JSON summary (exit ${run.exitCode}): ${run.stdout.trim()} ${run.stderr.trim()}`);
  }
}

/** client_test --json against the lab's `server`. */
export function runLoad(image: string, lab: string, args: string[]): Promise<JsonClientRun<LoadSummary>> {
  return runJsonClient<LoadSummary>(image, lab, ["client_test", "-p", "server", "--json", ...args], { service: "load" });
}

/** check-client --json against the lab's `server`. */
export function runCheckClient(image: string, lab: string, args: string[], opts?: { timeoutMs?: number }): Promise<JsonClientRun<CheckSummary>> {
  return runJsonClient<CheckSummary>(image, lab, ["check-client", "-p", "server", "--json", ...args], { service: "client", ...opts });
}
