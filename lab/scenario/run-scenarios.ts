// Running scenarios: every case in a lab of its own (named sc-<scenario>-<case>-<random>),
// up to `jobs` at once, result.json and report.html rewritten as each case ends. This is
// the one function `lab run` and the tests call.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DockerClient } from "../docker/docker-client.js";
import { projectRoot } from "../paths.js";
import { dockerClient } from "../docker/connect.js";
import { requireLabImage } from "../image/lab-image.js";
import { makeResultDir, writeResult } from "./artifacts.js";
import { RESULT_FORMAT, type CaseResult, type ScenarioResult } from "./result.js";
import { runCase } from "./run-case.js";
import type { Scenario, ScenarioCase } from "./types.js";

export interface RunScenariosOptions {
  /** Cases run at once (each in its own lab). */
  jobs?: number;
  /** Results go to `<outRoot>/<scenario>/<UTC time>/` (default ./captures). */
  outRoot: string;
  /** Put before every lab name (the tests' SOCKLAB_TEST_PREFIX). */
  labPrefix?: string;
  docker?: DockerClient;
  /** Progress lines (lab setup and the like). */
  log?: (line: string) => void;
  /** Called as each case ends, with its scenario's result so far. */
  onCase?: (scenario: ScenarioResult, kase: CaseResult) => void;
}

/** A lab name within the 41 characters a lab name may have, unique by its random tail. */
export function caseLabName(prefix: string, scenario: string, kase: string): string {
  const head = `${prefix}sc-${scenario}${kase === "default" ? "" : `-${kase}`}`.slice(0, 34).replace(/[-_.]+$/, "");
  return `${head}-${randomBytes(3).toString("hex")}`;
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8")) as { version?: string }).version ?? "?";
  } catch {
    return "?";
  }
}

export async function runScenarios(scenarios: Scenario[], opts: RunScenariosOptions): Promise<ScenarioResult[]> {
  // Once, before the labs start in parallel: builds the lab image where it is out of date
  // (the library never installs an engine: `lab run` runs setup first).
  const docker = opts.docker ?? dockerClient();
  const image = await requireLabImage(docker, opts.log ?? (() => {}));
  const results = scenarios.map((s): ScenarioResult => ({
    format: RESULT_FORMAT,
    scenario: s.name,
    title: s.title,
    tags: s.tags,
    dir: makeResultDir(opts.outRoot, s.name),
    socklab: { version: version(), image: image.tag },
    startedAt: new Date().toISOString(),
    durationMs: 0,
    passed: false,
    cases: [],
  }));
  const units = scenarios.flatMap((s, i) => s.cases.map((c) => ({ scenario: s, kase: c, result: results[i] as ScenarioResult })));
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let unit = units[next++]; unit; unit = units[next++]) await runUnit(unit.scenario, unit.kase, unit.result, { ...opts, docker });
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.jobs ?? 1, units.length)) }, worker));
  return results;
}

async function runUnit(scenario: Scenario, kase: ScenarioCase, result: ScenarioResult, opts: RunScenariosOptions): Promise<void> {
  const caseResult = await runCase(scenario, kase, {
    labName: caseLabName(opts.labPrefix ?? "", scenario.name, kase.name),
    resultDir: result.dir,
    ...(opts.docker ? { docker: opts.docker } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  // Keep the cases in the order of scenario.yml whatever order they finish in.
  result.cases.push(caseResult);
  result.cases.sort((a, b) => scenario.cases.findIndex((c) => c.name === a.name) - scenario.cases.findIndex((c) => c.name === b.name));
  result.passed = result.cases.length === scenario.cases.length && result.cases.every((c) => c.passed);
  result.durationMs = Date.now() - Date.parse(result.startedAt);
  writeResult(result, scenario.readme);
  opts.onCase?.(result, caseResult);
}

/** The one-scenario form, for a test: `const r = await runScenario(load("sigpipe"), ...)`. */
export async function runScenario(scenario: Scenario, opts: RunScenariosOptions): Promise<ScenarioResult> {
  const [r] = await runScenarios([scenario], opts);
  return r as ScenarioResult;
}
