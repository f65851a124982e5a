// What every server check does: take the submission's server (started on demand in the
// lab image, under the rubric's limits), drive it with check-client from the lab's client
// box, keep its logs, and give it back. A server is handed to the next check only after a
// check of ordinary traffic that it passed; after anything else (clients that misbehave on
// purpose, a failure) the next check gets a fresh one, so one check's damage cannot fail
// another. A server that does not come up is each check's failure, with the evidence.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StartedTestContainer } from "testcontainers";
import type { CheckSummary, JsonClientRun } from "../testcontainers/client.js";
import { startClientBox, type StartedClientBox } from "../testcontainers/client-box.js";
import { apiDocker } from "../testcontainers/container-ref.js";
import { lastLines, removeContainer, ServerStartError, startServer } from "../testcontainers/server.js";
import { serverShape } from "../testcontainers/process-table.js";
import { interruptCleanup } from "../util/interrupt.js";
import type { BuildResult } from "./build.js";
import type { CheckOutcome, GradeContext } from "./check.js";
import type { Rubric } from "./rubric.js";

export interface RunningServer {
  container: StartedTestContainer;
  /** The server's main process (the child of init). */
  pid: number;
}

/** Starts that may not listen in time before that is the server's failure: first, and once it has listened. */
const LISTEN_TRIES = 2;
const LISTEN_TRIES_AFTER_SUCCESS = 3;

/** A check's failure because the server did not come up (it exited, or never listened), or died under the check. */
export type ServerFailure = CheckOutcome & { serverFailed: true };
export const serverFailed = (v: unknown): v is ServerFailure => typeof v === "object" && v !== null && "serverFailed" in v;

/** The containers one submission's checks share: its server (while it stays healthy) and a client box. */
export class GradeSession {
  private server?: RunningServer;
  private failure?: ServerFailure;
  /** Whether the binary has listened once in this grading. */
  private listened = false;
  private box?: Promise<StartedClientBox>;

  constructor(
    readonly image: string,
    readonly lab: string,
    readonly rubric: Rubric,
    readonly build: BuildResult,
  ) {}

  clients(): Promise<StartedClientBox> {
    return (this.box ??= startClientBox(this.image, this.lab));
  }

  async takeServer(fresh = false): Promise<RunningServer | ServerFailure> {
    if (this.server && fresh) {
      await removeContainer(this.server.container);
      this.server = undefined;
    }
    if (this.server) return this.server;
    await interruptCleanup(); // Ctrl-C: the lab is going, start nothing in it
    // The same binary fails the same way: once is evidence enough for every check.
    if (this.failure) return this.failure;
    for (let attempt = 1; ; attempt++) {
      try {
        const container = await startServer(this.image, this.lab, {
          binary: this.build.binary!,
          argv: this.rubric.argv,
          port: this.rubric.port,
          limits: this.rubric.limits,
          listenTimeoutMs: this.rubric.listen * 1000,
        });
        this.listened = true;
        this.server = { container, pid: (await serverShape(container)).pid };
        return this.server;
      } catch (err) {
        if (!(err instanceof ServerStartError)) throw err;
        // Not listening within the bound can be the machine's doing (a busy engine, a
        // server not yet scheduled): a binary that listened before in this grading, or
        // one on its first try, gets more tries; exiting is the binary's own doing.
        const tries = this.listened ? LISTEN_TRIES_AFTER_SUCCESS : LISTEN_TRIES;
        if (err.reason === "not-listening" && attempt < tries) continue;
        const failure: ServerFailure = { passed: false, message: err.message, evidence: err.evidence, serverFailed: true };
        if (!this.listened) this.failure = failure; // it never came up: the same for every check
        return failure;
      }
    }
  }

  /** Keeps the server for the next check, or removes it (the next check starts a fresh one). */
  async giveBack(server: RunningServer, keep: boolean, logDir: string): Promise<void> {
    const logs = await apiDocker().logs(server.container.getId()).catch(() => ({ stdout: "", stderr: "" }));
    writeFileSync(join(logDir, "server.log"), `--- stdout\n${logs.stdout}--- stderr\n${logs.stderr}`);
    if (keep) return;
    this.server = undefined;
    await removeContainer(server.container);
  }
}

/**
 * Runs a check's body on the session's server (`fresh`: on a new one, for a check that
 * counts what the server accumulates). `keep` says, from what the body saw, whether the
 * server may serve the next check (default: no, a fresh one).
 */
export async function withServer<T>(
  ctx: GradeContext,
  body: (server: RunningServer) => Promise<T>,
  keep: (v: T) => boolean = () => false,
  opts: { fresh?: boolean } = {},
): Promise<T | ServerFailure> {
  const server = await ctx.session.takeServer(opts.fresh);
  if (serverFailed(server)) return server;
  let kept = false;
  try {
    const value = await body(server);
    kept = keep(value);
    return value;
  } catch (err) {
    // A client that could not even reach it (its name gone from the network's DNS) tells
    // of a server that died: that is the submission's failure, not the grader's.
    const state = await stillServing(server);
    if (state.alive) throw err;
    return { passed: false, message: `the server died during the check (${describeExit(state.exitCode)})`, evidence: await lastLines(server.container), serverFailed: true };
  } finally {
    await ctx.session.giveBack(server, kept, ctx.checkDir);
  }
}

/** For checks of ordinary traffic: the server serves on if it passed. */
export const keepIfPassed = (o: CheckOutcome): boolean => o.passed;

/**
 * How long a check-client run of that many connections may take before the grader gives
 * up on it: set by the work asked, never by how busy the machine is. 1000 connections one
 * after the other to a fork server took 7 s on the idle 2-core machine and 72 s with three
 * gradings at once beside other labs (load 22); a fixed 120 s bound made the two checks
 * that share that run errors on a busier machine (80/100 for a correct server). A server
 * that stops answering is caught sooner, by check-client's own -w per connect and reply.
 */
export const clientBoundMs = (connections: number): number => Math.max(120_000, 60_000 + 500 * connections);

/** check-client against the server, in the rubric's protocol and port. */
export async function client(ctx: GradeContext, args: string[], timeoutMs?: number): Promise<JsonClientRun<CheckSummary>> {
  const box = await ctx.session.clients();
  return box.checkClient(["-P", String(ctx.rubric.port), "--proto", ctx.rubric.protocol, ...args], timeoutMs);
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
