// One case of a scenario, in a lab of its own: start the lab, start the captures, run the
// steps, stop the captures (SIGINT), stop the programs, analyse the pcaps, judge every
// assertion, draw the ladders that matter, and remove the lab whatever happened.
import { mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { Trace } from "../assert/index.js";
import type { StartedCapture } from "../capture/capture.js";
import type { DockerClient } from "../docker/docker-client.js";
import { startLab, type StartedLab } from "../lab/lab.js";
import { analyzeFile } from "../tcp/analyze-file.js";
import { onInterrupt } from "../util/interrupt.js";
import { placeCapture, writeLadder } from "./artifacts.js";
import { judgeCase } from "./judge-case.js";
import type { CaptureRecord, CaseResult, LadderRecord } from "./result.js";
import { CaseRun, withTimeout } from "./run-steps.js";
import { matchingConnections } from "./select-connections.js";
import type { Scenario, ScenarioCase } from "./types.js";
import type { Verdict } from "./verdict.js";

export interface CaseOptions {
  labName: string;
  /** The scenario's result folder. */
  resultDir: string;
  docker?: DockerClient;
  log?: (line: string) => void;
}

/** At most this many ladders per case: a load of 20 connections needs two, not twenty. */
const MAX_LADDERS = 6;

interface Analysed {
  record: CaptureRecord;
  trace?: Trace;
}

export async function runCase(scenario: Scenario, kase: ScenarioCase, opts: CaseOptions): Promise<CaseResult> {
  const many = scenario.cases.length > 1;
  const caseDir = many ? join(opts.resultDir, kase.name) : opts.resultDir;
  mkdirSync(caseDir, { recursive: true });
  const started = Date.now();
  const timings: Record<string, number> = {};
  const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    try {
      return await work();
    } finally {
      timings[phase] = (timings[phase] ?? 0) + Date.now() - t;
    }
  };
  const result: CaseResult = {
    name: kase.name,
    title: kase.title,
    lab: opts.labName,
    passed: false,
    dir: relative(opts.resultDir, caseDir),
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    timings,
    steps: [],
    programs: [],
    impairments: [],
    captures: [],
    ladders: [],
    verdicts: [],
  };
  let lab: StartedLab;
  try {
    lab = await timed("lab", () =>
      startLab({
        name: opts.labName,
        topology: scenario.topology,
        variables: kase.variables,
        overrides: kase.services,
        ...(opts.docker ? { docker: opts.docker } : {}),
        ...(opts.log ? { log: opts.log } : {}),
      }),
    );
  } catch (err) {
    result.verdicts.push(problem("lab", "the lab starts", "the lab up", err));
    result.durationMs = Date.now() - started;
    return result;
  }
  // Ctrl-C from here on removes this lab; the captures it had running are saved by lab down.
  const release = onInterrupt(() => lab.down());
  try {
    await runInLab(lab, kase, caseDir, opts.resultDir, result, timed);
  } finally {
    release();
    await timed("down", () => lab.down()).catch((err) => result.verdicts.push(problem("down", "the lab is removed", "lab down", err)));
    result.durationMs = Date.now() - started;
    result.passed = result.verdicts.length > 0 && result.verdicts.every((v) => v.passed);
  }
  return result;
}

type Timed = <T>(phase: string, work: () => Promise<T>) => Promise<T>;

async function runInLab(lab: StartedLab, kase: ScenarioCase, caseDir: string, resultDir: string, result: CaseResult, timed: Timed): Promise<void> {
  const run = new CaseRun(lab);
  const captures: Array<[string, StartedCapture]> = [];
  try {
    await timed("captures", async () => {
      const started = await Promise.allSettled(kase.capture.map(async (svc) => captures.push([svc, await lab.capture(svc, { outDir: caseDir })])));
      const failed = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failed) throw failed.reason;
    });
    await timed("steps", () => withTimeout(run.runSteps(kase.steps), kase.timeoutMs, "the steps"));
  } catch (err) {
    if (!run.steps.some((s) => s.error)) result.verdicts.push(problem("steps", "the steps run", "every step done", err));
  }
  const analysed = new Map<string, Analysed>();
  await timed("stop", async () => {
    const saved = await Promise.all(captures.map(async ([svc, cap]) => [svc, await saveCapture(svc, cap, caseDir, resultDir)] as const));
    // In the order of `capture:` (the first is the default of the wire assertions).
    for (const svc of kase.capture) {
      const s = saved.find(([name]) => name === svc);
      if (s) analysed.set(svc, s[1]);
    }
    await run.stopAll();
  });
  result.steps = run.steps;
  result.programs = [...run.programs.values()];
  result.impairments = run.impairments;
  result.captures = [...analysed.values()].map((a) => a.record);
  for (const s of run.steps.filter((x) => x.error)) {
    result.verdicts.push({ id: "steps", kind: "step", title: `step: ${s.text}`, passed: false, expected: "the step completes", seen: s.error ?? "" });
  }
  await timed("analysis", async () => {
    for (const [svc, a] of analysed) {
      if (!a.record.problem) a.trace = await analyse(a.record, resultDir).catch((err: Error) => ((a.record.problem = err.message), undefined));
      analysed.set(svc, a);
    }
    judge(kase, run, analysed, result, caseDir, resultDir);
  });
}

async function saveCapture(svc: string, cap: StartedCapture, caseDir: string, resultDir: string): Promise<Analysed> {
  try {
    const saved = await cap.stop();
    const placed = placeCapture(saved, caseDir);
    return {
      record: { service: svc, pcap: relative(resultDir, placed.pcap), meta: relative(resultDir, placed.meta), packets: saved.meta.packets, tcpConnections: 0, udpFlows: 0 },
    };
  } catch (err) {
    return { record: { service: svc, pcap: "", meta: "", packets: null, tcpConnections: 0, udpFlows: 0, problem: (err as Error).message } };
  }
}

async function analyse(record: CaptureRecord, resultDir: string): Promise<Trace> {
  const analysis = await analyzeFile(join(resultDir, record.pcap));
  record.tcpConnections = analysis.tcp.length;
  record.udpFlows = analysis.udp.length;
  return new Trace(analysis);
}

function judge(kase: ScenarioCase, run: CaseRun, analysed: Map<string, Analysed>, result: CaseResult, caseDir: string, resultDir: string): void {
  const views = new Map([...analysed].map(([svc, a]) => [svc, { ...(a.trace ? { trace: a.trace } : {}), ...(a.record.problem ? { problem: a.record.problem } : {}) }]));
  const { verdicts, looked: wanted } = judgeCase(kase.expect, run.programs, views);
  result.verdicts.push(...verdicts);
  for (const l of kase.ladders) {
    const trace = analysed.get(l.capture)?.trace;
    const conn = trace ? matchingConnections(trace, l.connection)[l.connection.index ?? 0] : undefined;
    if (conn) wanted.unshift({ capture: l.capture, id: conn.id });
  }
  if (wanted.length === 0) {
    // Nothing on the wire was asserted: draw the first connections of the first capture.
    const first = kase.capture[0];
    const trace = first ? analysed.get(first)?.trace : undefined;
    for (const c of trace?.connections.slice(0, 2) ?? []) wanted.push({ capture: first as string, id: c.id });
  }
  const drawn = new Set<string>();
  const ladders: LadderRecord[] = [];
  for (const w of wanted) {
    const key = `${w.capture}/${w.id}`;
    const conn = analysed.get(w.capture)?.trace?.connections.find((c) => c.id === w.id);
    if (!conn || drawn.has(key) || ladders.length >= MAX_LADDERS) continue;
    drawn.add(key);
    ladders.push(writeLadder(resultDir, caseDir, w.capture, conn));
  }
  result.ladders = ladders;
}

function problem(id: string, title: string, expected: string, err: unknown): Verdict {
  return { id, kind: "run", title, passed: false, expected, seen: (err as Error).message.split("\n")[0] ?? String(err) };
}
