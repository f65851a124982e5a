// Reading scenarios/<name>/scenario.yml (and its README.md) into a Scenario: one resolved
// ScenarioCase per case, every field checked. A problem is one line naming the file and the
// field's path; a folder that cannot be read is a BrokenScenario, and the others still load.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { parseDocument } from "yaml";
import { projectRoot } from "../paths.js";
import { interpolateDeep, InterpolationError } from "../topology/interpolate.js";
import { loadTopology, topologyPath, type Topology } from "../topology/topology.js";
import { FieldError, Fields, itemPath, type Raw } from "./fields.js";
import { parseAssertion, selector } from "./parse-expect.js";
import { durationMs, guarded, parseStep, type StepScope } from "./parse-steps.js";
import { parseComposeSysctls, parseComposeUlimits } from "../netem/limits.js";
import type { BrokenScenario, Scenario, ScenarioCase, ServiceSettings } from "./types.js";

export const SCENARIO_FILE = "scenario.yml";
const NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** scenarios/ of the project (SOCKLAB_SCENARIOS names another, e.g. for tests). */
export const scenariosDir = (): string => resolve(process.env.SOCKLAB_SCENARIOS ?? join(projectRoot(), "scenarios"));

export interface ScenarioSet {
  scenarios: Scenario[];
  broken: BrokenScenario[];
}

/** Every folder of `dir` that has a scenario.yml, loaded or reported broken, by name. */
export function loadScenarios(dir: string = scenariosDir()): ScenarioSet {
  const set: ScenarioSet = { scenarios: [], broken: [] };
  if (!existsSync(dir)) return set;
  for (const name of readdirSync(dir).sort()) {
    const folder = join(dir, name);
    if (!statSync(folder).isDirectory() || !existsSync(join(folder, SCENARIO_FILE))) continue;
    const loaded = tryLoadScenario(folder);
    if ("problem" in loaded) set.broken.push(loaded);
    else set.scenarios.push(loaded);
  }
  return set;
}

export function tryLoadScenario(folder: string): Scenario | BrokenScenario {
  const name = folder.split(/[\\/]/).pop() ?? folder;
  try {
    return loadScenario(folder);
  } catch (err) {
    return { name, dir: folder, problem: (err as Error).message };
  }
}

/** Where a file is, for messages: relative to the working directory when it is below it. */
export function shownPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}

export function loadScenario(folder: string): Scenario {
  const name = folder.split(/[\\/]/).pop() ?? folder;
  const file = join(folder, SCENARIO_FILE);
  const where = shownPath(file);
  if (!NAME.test(name)) throw new Error(`${where}: the folder name '${name}' must be lowercase letters, digits and '-' (at most 40)`);
  const readmePath = join(folder, "README.md");
  const readme = existsSync(readmePath) ? readFileSync(readmePath, "utf8") : "";
  if (!readme.trim()) throw new Error(`${shownPath(readmePath)}: missing or empty (what happens, why, what to look for in the pcap)`);
  try {
    return readScenario(name, folder, file, readme, parseYaml(readFileSync(file, "utf8")));
  } catch (err) {
    if (err instanceof FieldError) throw new Error(`${where}: ${err.message}`);
    throw err;
  }
}

function parseYaml(text: string): unknown {
  const doc = parseDocument(text);
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0];
    const said = (first.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
    throw new FieldError("", `not valid YAML${line ? ` (line ${line.line}, column ${line.col})` : ""}: ${said}`);
  }
  return doc.toJS();
}

function readScenario(name: string, dir: string, file: string, readme: string, doc: unknown): Scenario {
  const top = Fields.of(doc, "");
  const title = top.requiredString("title");
  const tags = top.words("tags");
  if (!tags?.length) return top.fail("tags", "is required: a list of topic words, e.g. [tcp, close]");
  const topology = resolveTopology(top.requiredString("topology"), dir);
  const rawCases = top.list("cases");
  top.markUsed("variables", "services", "capture", "steps", "expect", "ladders", "timeout");
  top.noOthers();
  const caseList = rawCases ?? [{ name: "default" }];
  if (caseList.length === 0) top.fail("cases", "is empty: leave it out for a scenario with one case");
  const cases = caseList.map((c, i) => readCase(top, c, rawCases ? itemPath("cases", i) : undefined, topology));
  const dup = cases.find((c, i) => cases.findIndex((d) => d.name === c.name) !== i);
  if (dup) top.fail("cases", `two cases are named '${dup.name}'`);
  return { name, dir, file, title, tags, topology, readme, cases };
}

function resolveTopology(given: string, dir: string): string {
  const path = given.startsWith("./") || given.startsWith("../") ? resolve(dir, given) : topologyPath(given);
  if (!existsSync(path)) throw new FieldError("topology", `'${given}' names no file (${shownPath(path)}): use a name from compose/ or ./file.yml in this folder`);
  return path;
}

function variablesOf(f: Fields | undefined): Record<string, string> {
  return f?.stringMap("variables") ?? {};
}

function mergeServices(a: Raw | undefined, b: Raw | undefined): Raw {
  const out: Raw = { ...(a ?? {}) };
  for (const [svc, settings] of Object.entries(b ?? {})) {
    const base = (out[svc] ?? {}) as Raw;
    const add = (settings ?? {}) as Raw;
    out[svc] = { ...base, ...add, sysctls: { ...(base.sysctls as Raw), ...(add.sysctls as Raw) }, ulimits: { ...(base.ulimits as Raw), ...(add.ulimits as Raw) } };
  }
  return out;
}

/** The case's document: the scenario's fields with the case's merged in, `${VAR}`s filled. */
function caseDocument(top: Fields, c: Fields | undefined, vars: Record<string, string>): { doc: Raw; origin: (section: "steps" | "expect", i: number) => string } {
  const topExpect = (top.raw.expect as unknown[] | undefined) ?? [];
  const caseSteps = c?.raw.steps as unknown[] | undefined;
  const caseExpect = (c?.raw.expect as unknown[] | undefined) ?? [];
  const raw: Raw = {
    services: mergeServices(top.raw.services as Raw | undefined, c?.raw.services as Raw | undefined),
    capture: top.raw.capture,
    steps: caseSteps ?? top.raw.steps,
    expect: [...(Array.isArray(topExpect) ? topExpect : []), ...(Array.isArray(caseExpect) ? caseExpect : [])],
    ladders: top.raw.ladders,
    timeout: c?.raw.timeout ?? top.raw.timeout,
  };
  if (top.raw.expect !== undefined && !Array.isArray(top.raw.expect)) top.fail("expect", "must be a list");
  let doc: Raw;
  try {
    doc = interpolateDeep(raw, vars) as Raw;
  } catch (err) {
    if (err instanceof InterpolationError) throw new FieldError(c ? c.path : "", err.message);
    throw err;
  }
  const origin = (section: "steps" | "expect", i: number): string => {
    if (section === "steps") return caseSteps ? `${c?.path}.steps[${i}]` : `steps[${i}]`;
    return i < topExpect.length ? `expect[${i}]` : `${c?.path}.expect[${i - topExpect.length}]`;
  };
  return { doc, origin };
}

function readCase(top: Fields, value: unknown, path: string | undefined, topologyFile: string): ScenarioCase {
  const c = path ? Fields.of(value, path) : undefined;
  const name = c ? c.requiredString("name") : "default";
  if (!NAME.test(name)) c?.fail("name", `'${name}' must be lowercase letters, digits and '-'`);
  const title = c?.string("title") ?? "";
  const vars = { ...variablesOf(top), ...variablesOf(c) };
  c?.markUsed("services", "steps", "expect", "timeout");
  c?.noOthers();
  const { doc, origin } = caseDocument(top, c, vars);
  const inCase = (err: unknown): never => {
    if (err instanceof FieldError && c && !err.path.startsWith(c.path)) throw new FieldError(err.path, `${err.problem} (in case '${name}')`);
    throw err;
  };
  try {
    const d = new Fields(doc, "");
    const topology = guarded("topology", () => loadTopology(topologyFile, vars));
    const services = readServices(d.mapping("services"), topology);
    const capture = readCapture(d, topology);
    const scope: StepScope = { topology, programs: new Map() };
    const rawSteps = d.list("steps");
    if (!rawSteps?.length) return d.fail("steps", "is required: what the scenario does, e.g. - run: probe-client");
    const steps = rawSteps.map((s, i) => parseStep(s, origin("steps", i), scope));
    const execs = new Set(steps.flatMap((s) => (s.kind === "exec" ? [s.as] : [])));
    const expectScope = { programs: new Set(scope.programs.keys()), execs, captures: capture };
    const rawExpect = d.list("expect") ?? [];
    if (rawExpect.length === 0) top.fail("expect", "is required: what must hold afterwards");
    const expect = rawExpect.map((a, i) => parseAssertion(a, origin("expect", i), expectScope));
    const ladders = (d.list("ladders") ?? []).map((l, i) => {
      const f = Fields.of(l, itemPath("ladders", i));
      const cap = f.string("capture") ?? capture[0];
      if (!cap || !capture.includes(cap)) return f.fail("capture", `'${cap}' is not captured`);
      const ladder = { capture: cap, connection: selector(f.mapping("connection")) };
      f.noOthers();
      return ladder;
    });
    const timeoutMs = durationMs(d, "timeout") ?? 180_000;
    return { name, title, variables: vars, services, capture, steps, expect, ladders, timeoutMs };
  } catch (err) {
    return inCase(err);
  }
}

function readServices(f: Fields | undefined, topology: Topology): Record<string, ServiceSettings> {
  if (!f) return {};
  const out: Record<string, ServiceSettings> = {};
  for (const name of f.keys()) {
    const spec = topology.services.find((s) => s.name === name);
    if (!spec || spec.runOnce || spec.profiles.length > 0) return f.fail(name, `'${name}' is not a service the lab starts (${startedByLab(topology).join(", ")})`);
    const s = Fields.of(f.raw[name], f.at(name));
    const settings: ServiceSettings = {};
    if (s.has("sysctls") && Object.keys(s.raw.sysctls as Raw).length) {
      if (spec.netns) s.fail("sysctls", `${name} shares the network namespace of ${spec.netns}: set them there`);
      settings.sysctls = Object.fromEntries(guarded(s.at("sysctls"), () => parseComposeSysctls(s.raw.sysctls, s.at("sysctls"))).map((x) => [x.key, x.value]));
    }
    if (s.has("ulimits") && Object.keys(s.raw.ulimits as Raw).length) settings.ulimits = guarded(s.at("ulimits"), () => parseComposeUlimits(s.raw.ulimits, s.at("ulimits")));
    s.markUsed("sysctls", "ulimits");
    s.noOthers();
    out[name] = settings;
  }
  return out;
}

const startedByLab = (t: Topology): string[] => t.services.filter((s) => !s.runOnce && s.profiles.length === 0).map((s) => s.name);

function readCapture(d: Fields, topology: Topology): string[] {
  const capture = d.words("capture") ?? [];
  for (const [i, svc] of capture.entries()) {
    const spec = topology.services.find((s) => s.name === svc);
    if (!spec || !startedByLab(topology).includes(svc) || spec.netns) {
      throw new FieldError(itemPath("capture", i), `'${svc}' is not a service the lab starts with a network of its own (${startedByLab(topology).join(", ")})`);
    }
  }
  return capture;
}
