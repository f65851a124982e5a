// What every server check does: start a fresh copy of the submission's server (so one
// check's damage cannot fail another), drive it with check-client, keep its logs, and
// remove it. A server that does not come up is the check's failure, with the evidence.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StartedTestContainer } from "testcontainers";
import { runCheckClient, type CheckSummary, type JsonClientRun } from "../testcontainers/client.js";
import { apiDocker } from "../testcontainers/container-ref.js";
import { removeContainer, ServerStartError, startServer } from "../testcontainers/server.js";
import { serverShape } from "../testcontainers/process-table.js";
import type { CheckOutcome, GradeContext } from "./check.js";

export interface RunningServer {
  container: StartedTestContainer;
  /** The server's main process (the child of init). */
  pid: number;
}

/** A check's failure because the server did not come up (it exited, or never listened). */
export type StartFailure = CheckOutcome & { startFailed: true };
export const startFailed = (v: unknown): v is StartFailure => typeof v === "object" && v !== null && "startFailed" in v;

export async function withServer<T>(ctx: GradeContext, body: (server: RunningServer) => Promise<T>): Promise<T | StartFailure> {
  const { rubric } = ctx;
  let container: StartedTestContainer;
  try {
    container = await startServer(ctx.image, ctx.lab, {
      binary: ctx.build.binary!,
      argv: rubric.argv,
      port: rubric.port,
      limits: rubric.limits,
      listenTimeoutMs: rubric.listen * 1000,
    });
  } catch (err) {
    if (err instanceof ServerStartError) return { passed: false, message: err.message, evidence: err.evidence, startFailed: true };
    throw err;
  }
  try {
    const pid = (await serverShape(container)).pid;
    return await body({ container, pid });
  } finally {
    const logs = await apiDocker().logs(container.getId()).catch(() => ({ stdout: "", stderr: "" }));
    writeFileSync(join(ctx.checkDir, "server.log"), `--- stdout\n${logs.stdout}--- stderr\n${logs.stderr}`);
    await removeContainer(container);
  }
}

/** check-client against the server, in the rubric's protocol and port. */
export function client(ctx: GradeContext, args: string[]): Promise<JsonClientRun<CheckSummary>> {
  return runCheckClient(ctx.image, ctx.lab, ["-P", String(ctx.rubric.port), "--proto", ctx.rubric.protocol, ...args]);
}

/** "2 of 5 connections failed: TIMEOUT x2 (connections 1, 2)" or "5 connections, 15 requests, 1500 bytes verified". */
export function describeRun(s: CheckSummary): string {
  if (s.connections_failed === 0) return `${s.connections} connection${s.connections === 1 ? "" : "s"}, ${s.requests} request${s.requests === 1 ? "" : "s"}, ${s.bytes} bytes verified`;
  const kinds = Object.entries(s.failures).map(([k, n]) => `${k} x${n}`).join(", ");
  const which = s.failed.map((f) => f.conn).join(", ");
  return `${s.connections_failed} of ${s.connections} connections failed: ${kinds} (connection${s.failed.length === 1 ? "" : "s"} ${which}${s.failed.length < s.connections_failed ? ", ..." : ""})`;
}

/** The client's JSON line, for evidence. */
export const clientEvidence = (run: JsonClientRun<CheckSummary>): string => `check-client: ${run.stdout.trim().split("\n").pop() ?? ""}`;

/** Whether the server's main process is still the one that started, and running. */
export async function stillServing(server: RunningServer): Promise<{ alive: boolean; exitCode?: number }> {
  const info = await apiDocker().inspectContainer(server.container.getId());
  if (!info.running) return { alive: false, exitCode: info.exitCode };
  const pid = await serverShape(server.container).then((s) => s.pid, () => undefined);
  return { alive: pid === server.pid };
}

/** "status 141: killed by signal 13 (SIGPIPE)": init exits 128+n when its child died of signal n. */
export function describeExit(code: number | undefined): string {
  if (code === undefined) return "a new process replaced it";
  if (code > 128 && code < 160) {
    const signal = code - 128;
    const names: Record<number, string> = { 6: "SIGABRT", 9: "SIGKILL", 11: "SIGSEGV", 13: "SIGPIPE", 15: "SIGTERM" };
    return `status ${code}: killed by signal ${signal}${names[signal] ? ` (${names[signal]})` : ""}`;
  }
  return `status ${code}`;
}
