// Carrying out a case's steps in its lab, keeping every program's results by name.
import { LabError } from "../errors.js";
import { applyImpairment } from "../impair/impair.js";
import { describeDirection } from "../impair/state.js";
import type { StartedLab } from "../lab/lab.js";
import type { Impairment } from "../netem/impairment.js";
import type { MechanismPlan } from "../netem/mechanism.js";
import type { StartedService } from "../lab/service.js";
import { describeInput, StdinAttachments } from "./input-step.js";
import { callLines, lineMatches, type ProgramRecord } from "./program-record.js";
import type { Step } from "./types.js";

export interface ImpairmentRecord {
  service: string;
  /** What was asked, as in scenario.yml. */
  asked: string;
  /** How this kernel provides it, e.g. "egress delay: nfqueue-delayer". */
  mechanism: string;
  /** Read back from the kernel. */
  state: string[];
}

export interface StepRecord {
  text: string;
  startedMs: number;
  ms: number;
  error?: string;
}

export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LabError(`${what}: not done within ${ms / 1000} s`)), ms);
  });
  work.catch(() => {}); // it may fail after the timeout won: not an unhandled rejection
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The state of one case while its steps run. */
export class CaseRun {
  readonly programs = new Map<string, ProgramRecord>();
  readonly impairments: ImpairmentRecord[] = [];
  readonly steps: StepRecord[] = [];
  private readonly running = new Map<string, StartedService>();
  /** How each started program was started, so that a restart can do it again. */
  private readonly launches = new Map<string, { service: string; command?: string[]; args: string[] }>();
  private readonly t0 = Date.now();
  private readonly stdin: StdinAttachments;

  constructor(readonly lab: StartedLab) {
    this.stdin = new StdinAttachments(lab.docker);
  }

  now(): number {
    return Date.now() - this.t0;
  }

  /** Runs the steps in order; stops at the first that fails (recorded with its error). */
  async runSteps(steps: Step[]): Promise<boolean> {
    for (const step of steps) {
      const record: StepRecord = { text: describeStep(step, this.lab), startedMs: this.now(), ms: 0 };
      this.steps.push(record);
      try {
        await this.runStep(step);
      } catch (err) {
        record.error = (err as Error).message.split("\n")[0];
        return false;
      } finally {
        record.ms = this.now() - record.startedMs;
      }
    }
    return true;
  }

  private program(name: string): StartedService {
    const p = this.running.get(name);
    if (!p) throw new LabError(`no program '${name}' is running`);
    return p;
  }

  private async runStep(step: Step): Promise<void> {
    const lab = this.lab;
    switch (step.kind) {
      case "start": {
        const rec = this.newRecord(step.as, step.service, "start", argvOf(lab, step));
        this.launches.set(step.as, { service: step.service, args: step.args, ...(step.command ? { command: step.command } : {}) });
        const started = await lab.startProgram(step.service, { ...programOptions(step), waitReady: step.waitReady, readyTimeoutMs: step.timeoutMs });
        this.running.set(step.as, started);
        rec.startedMs = this.now();
        return;
      }
      case "run": {
        const rec = this.newRecord(step.as, step.service, "run", argvOf(lab, step));
        const r = await withTimeout(lab.run(step.service, [], undefined, programOptions(step)), step.timeoutMs, `run ${step.as}`);
        Object.assign(rec, { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, endedMs: this.now() });
        return;
      }
      case "wait":
        return this.waitFor(step);
      case "signal":
        return this.program(step.program).kill(step.signal);
      case "stop":
        await this.stop(step.program, step.timeoutMs);
        return;
      case "restart":
        return this.restart(step);
      case "sleep":
        await sleep(step.ms);
        return;
      case "exec": {
        const where = this.running.get(step.target) ?? lab.service(step.target);
        const rec = this.newRecord(step.as, step.target, "exec", step.command);
        const r = await withTimeout(where.exec(step.command, step.user ? { user: step.user } : undefined), step.timeoutMs, `exec in ${step.target}`);
        Object.assign(rec, { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, endedMs: this.now() });
        return;
      }
      case "input": {
        const spec = lab.spec(this.launches.get(step.target)?.service ?? step.target);
        return this.stdin.write(step.target, this.running.get(step.target) ?? lab.service(step.target), spec, step.text);
      }
      case "impair": {
        const applied = await applyImpairment(lab.docker, lab.service(step.service), step.impairment);
        const imp = step.impairment;
        this.impairments.push({
          service: step.service,
          asked: impairmentText(imp),
          mechanism: applied ? mechanismText(applied.plan) : "none (nothing to impair)",
          state: applied ? [`egress: ${describeDirection(applied.state.egress)}`, `ingress: ${describeDirection(applied.state.ingress)}`] : [],
        });
        return;
      }
    }
  }

  private newRecord(name: string, service: string, kind: ProgramRecord["kind"], argv: string[]): ProgramRecord {
    const rec: ProgramRecord = { name, service, kind, argv, startedMs: this.now(), stdout: "", stderr: "" };
    this.programs.set(name, rec);
    return rec;
  }

  private async waitFor(step: Extract<Step, { kind: "wait" }>): Promise<void> {
    const p = this.program(step.program);
    if (step.log) {
      await p.waitForLog(step.log, step.timeoutMs);
    } else if (step.json) {
      const want = step.json;
      const deadline = Date.now() + step.timeoutMs;
      while (!callLines((await p.logs()).stdout).some((l) => lineMatches(l, want))) {
        if (Date.now() > deadline) throw new LabError(`${step.program} printed no line with ${JSON.stringify(want)} within ${step.timeoutMs / 1000} s`);
        if (!(await p.running())) throw new LabError(`${step.program} exited without printing a line with ${JSON.stringify(want)}`);
        await sleep(50);
      }
    } else {
      await withTimeout(this.lab.docker.waitContainer(p.containerId), step.timeoutMs, `wait for ${step.program} to exit`);
      await this.collect(step.program);
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited in time; keeps its exit status and output. */
  async stop(name: string, timeoutMs = 10_000): Promise<void> {
    const p = this.program(name);
    if (await p.running()) {
      await p.kill("SIGTERM").catch(() => {});
      try {
        await withTimeout(this.lab.docker.waitContainer(p.containerId), timeoutMs, `stop ${name}`);
      } catch {
        await p.kill("SIGKILL").catch(() => {});
        await this.lab.docker.waitContainer(p.containerId);
      }
    }
    await this.collect(name);
  }

  private async collect(name: string): Promise<void> {
    const p = this.program(name);
    const rec = this.programs.get(name);
    const [info, out] = await Promise.all([this.lab.docker.inspectContainer(p.containerId), p.logs()]);
    if (rec) Object.assign(rec, { exitCode: info.exitCode, stdout: out.stdout, stderr: out.stderr, endedMs: rec.endedMs ?? this.now() });
    this.running.delete(name);
    this.stdin.close(name);
  }

  private async restart(step: Extract<Step, { kind: "restart" }>): Promise<void> {
    const old = this.programs.get(step.program);
    const p = this.program(step.program);
    await this.stop(step.program);
    if (old) {
      let n = 1;
      while (this.programs.has(`${step.program}@${n}`)) n++;
      this.programs.set(`${step.program}@${n}`, { ...old, name: `${step.program}@${n}` });
    }
    await this.lab.docker.removeContainer(p.containerId); // its name is the new one's
    this.lab.forget(step.program);
    const launch = this.launches.get(step.program) ?? { service: step.program, args: [] };
    const command = step.command ?? launch.command;
    const args = step.args ?? launch.args;
    const service = launch.service;
    this.launches.set(step.program, { service, args, ...(command ? { command } : {}) });
    const rec = this.newRecord(step.program, service, "start", [...(command ?? this.lab.spec(service).command), ...args]);
    const started = await this.lab.startProgram(service, { as: step.program, ...(command ? { command } : {}), args, readyTimeoutMs: step.timeoutMs });
    this.running.set(step.program, started);
    rec.startedMs = this.now();
  }

  /** Stops every program still running (after the captures stopped) and keeps their results. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((name) => this.stop(name).catch(() => {})));
    this.stdin.closeAll();
  }
}

function programOptions(step: Extract<Step, { kind: "start" | "run" }>) {
  return {
    as: step.as,
    args: step.args,
    ...(step.command ? { command: step.command } : {}),
    ...(step.ulimits ? { ulimits: step.ulimits } : {}),
    ...(step.sysctls ? { sysctls: step.sysctls } : {}),
  };
}

function argvOf(lab: StartedLab, step: Extract<Step, { kind: "start" | "run" }>): string[] {
  return [...(step.command ?? lab.spec(step.service).command), ...step.args];
}

function impairmentText(imp: Impairment): string {
  const parts = [
    imp.delayMs ? `delay ${imp.delayMs}ms` : "",
    imp.jitterMs ? `jitter ${imp.jitterMs}ms` : "",
    imp.lossPercent ? `loss ${imp.lossPercent}%` : "",
    imp.rateBitsPerSec ? `rate ${imp.rateBitsPerSec}bit/s` : "",
  ].filter(Boolean);
  return `${parts.join(", ") || "nothing"} (${imp.direction})`;
}

function mechanismText(plan: MechanismPlan): string {
  const parts: string[] = [];
  for (const [dir, p] of [["egress", plan.egress], ["ingress", plan.ingress]] as const) {
    for (const [what, how] of Object.entries(p)) if (how) parts.push(`${dir} ${what}: ${how}`);
  }
  return parts.join("; ") || "none";
}

/** One line for the report: `start probe-server as server: probe-server -P 1234 close`. */
export function describeStep(step: Step, lab?: StartedLab): string {
  switch (step.kind) {
    case "start":
    case "run": {
      const argv = lab ? argvOf(lab, step) : [...(step.command ?? [step.service]), ...step.args];
      return `${step.kind} ${step.service}${step.as !== step.service ? ` as ${step.as}` : ""}: ${argv.join(" ")}`;
    }
    case "wait":
      return `wait for ${step.program} ${step.log ? `to log /${step.log.source}/` : step.json ? `to print ${JSON.stringify(step.json)}` : "to exit"}`;
    case "signal":
      return `send ${step.signal} to ${step.program}`;
    case "stop":
      return `stop ${step.program} (SIGTERM)`;
    case "restart":
      return `restart ${step.program}${step.args ? ` with ${step.args.join(" ")}` : ""}`;
    case "sleep":
      return `sleep ${step.ms} ms`;
    case "exec":
      return `exec in ${step.target}: ${step.command.join(" ")} (kept as ${step.as})`;
    case "impair":
      return `impair ${step.service}: ${impairmentText(step.impairment)}`;
    case "input":
      return describeInput(step);
  }
}
