// The `steps:` of scenario.yml: each item is a mapping whose first key says what it does
// (start, run, wait, signal, stop, restart, sleep, exec, impair, input), checked against the
// topology's services and the programs the steps before it started.
import { durationNs } from "../assert/index.js";
import { parseComposeSysctls, parseComposeUlimits } from "../netem/limits.js";
import { parseXNetem } from "../netem/impairment.js";
import type { Topology } from "../topology/topology.js";
import { FieldError, Fields } from "./fields.js";
import { parseInputStep } from "./input-step.js";
import { signalNumber } from "./signals.js";
import type { Step } from "./types.js";

export const STEP_KINDS = ["start", "run", "wait", "signal", "stop", "restart", "sleep", "exec", "impair", "input"] as const;

/** What the steps so far have made: programs by name (and whether they run in the background). */
export interface StepScope {
  topology: Topology;
  /** Names of programs kept so far: started (background) or run/exec (finished). */
  programs: Map<string, "started" | "finished">;
}

/** Reads a field that wraps another parser's own one-line error into this field's path. */
export function guarded<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof FieldError) throw err;
    const message = (err as Error).message.split("\n")[0] ?? "";
    // lab/netem parsers already name the field they were given.
    throw message.startsWith(path) ? new FieldError("", message) : new FieldError(path, message);
  }
}

export function durationMs(f: Fields, key: string): number | undefined {
  const text = f.string(key);
  if (text === undefined) return undefined;
  return guarded(f.at(key), () => Number(durationNs(text) / 1_000_000n));
}

/** The one key of STEP_KINDS (or ASSERTION_KINDS) an item starts with. */
export function kindOf<K extends string>(f: Fields, kinds: readonly K[], what: string): K {
  const found = f.keys().filter((k): k is K => (kinds as readonly string[]).includes(k));
  if (found.length === 0) throw new FieldError(f.path, `a ${what} needs one of: ${kinds.join(", ")}`);
  if (found.length > 1) throw new FieldError(f.path, `one ${what} per item, not ${found.join(" and ")}`);
  return found[0] as K;
}

function serviceField(f: Fields, key: string, scope: StepScope): string {
  const name = f.requiredString(key);
  if (!scope.topology.services.some((s) => s.name === name)) {
    f.fail(key, `'${name}' is not a service of ${scope.topology.file} (it has: ${scope.topology.services.map((s) => s.name).join(", ")})`);
  }
  return name;
}

function programField(f: Fields, key: string, scope: StepScope, want?: "started"): string {
  const name = f.requiredString(key);
  const state = scope.programs.get(name);
  if (!state) f.fail(key, `no program '${name}' was started or run by an earlier step`);
  if (want && state !== want) f.fail(key, `'${name}' has already finished (it was run to completion)`);
  return name;
}

function programSettings(f: Fields, kind: "start" | "run", scope: StepScope) {
  const service = serviceField(f, kind, scope);
  const as = f.string("as") ?? service;
  if (!/^[a-z0-9][a-z0-9_.-]*$/.test(as)) f.fail("as", `'${as}' must be lowercase letters, digits, '-', '_' or '.'`);
  const host = scope.topology.services.find((s) => s.name === as && s.name !== service);
  if (host && !host.runOnce && host.profiles.length === 0) f.fail("as", `'${as}' is the name of a service the lab starts: call the program something else`);
  const ulimits = f.has("ulimits") ? guarded(f.at("ulimits"), () => parseComposeUlimits(f.mapping("ulimits")?.raw, f.at("ulimits"))) : undefined;
  const sysctls = f.has("sysctls")
    ? guarded(f.at("sysctls"), () => Object.fromEntries(parseComposeSysctls(f.mapping("sysctls")?.raw, f.at("sysctls")).map((s) => [s.key, s.value])))
    : undefined;
  if (sysctls && scope.topology.services.find((s) => s.name === service)?.netns) {
    f.fail("sysctls", `${service} shares the network namespace of its host: set sysctls under services.<host>.sysctls`);
  }
  const command = f.words("command");
  return {
    service,
    as,
    ...(command ? { command } : {}),
    args: f.words("args") ?? [],
    ...(ulimits ? { ulimits } : {}),
    ...(sysctls ? { sysctls } : {}),
  };
}

export function parseStep(value: unknown, path: string, scope: StepScope): Step {
  const f = Fields.of(value, path);
  const kind = kindOf(f, STEP_KINDS, "step");
  const step = readStep(f, kind, scope);
  f.noOthers();
  return step;
}

function readStep(f: Fields, kind: (typeof STEP_KINDS)[number], scope: StepScope): Step {
  switch (kind) {
    case "start": {
      const s = programSettings(f, "start", scope);
      if (scope.programs.get(s.as) === "started") f.fail("as", `a program named '${s.as}' is already running: give this one another name with as:`);
      scope.programs.set(s.as, "started");
      return { kind, ...s, waitReady: f.boolean("ready") ?? true, timeoutMs: durationMs(f, "timeout") ?? 30_000 };
    }
    case "run": {
      const s = programSettings(f, "run", scope);
      scope.programs.set(s.as, "finished");
      return { kind, ...s, timeoutMs: durationMs(f, "timeout") ?? 60_000 };
    }
    case "wait": {
      const program = programField(f, "wait", scope, "started");
      const log = f.string("log");
      const json = f.mapping("json");
      const exit = f.boolean("exit");
      const how = [log !== undefined, json !== undefined, exit !== undefined].filter(Boolean).length;
      if (how !== 1) f.fail("wait", "say what to wait for: one of log: <regex>, json: {call: ...}, exit: true");
      if (exit) scope.programs.set(program, "finished");
      return {
        kind,
        program,
        ...(log !== undefined ? { log: regexField(f, "log", log) } : {}),
        ...(json ? { json: json.raw } : {}),
        ...(exit ? { exit } : {}),
        timeoutMs: durationMs(f, "timeout") ?? 30_000,
      };
    }
    case "signal": {
      const program = programField(f, "signal", scope, "started");
      const signal = f.string("name") ?? "SIGTERM";
      if (signalNumber(signal) === undefined) f.fail("name", `'${signal}' is not a signal name (e.g. SIGTERM, SIGINT, SIGKILL)`);
      return { kind, program, signal: signal.startsWith("SIG") ? signal : `SIG${signal}` };
    }
    case "stop": {
      const program = programField(f, "stop", scope, "started");
      scope.programs.set(program, "finished");
      return { kind, program, timeoutMs: durationMs(f, "timeout") ?? 10_000 };
    }
    case "restart": {
      const program = programField(f, "restart", scope, "started");
      // The run before the restart is kept as <name>@1 (then @2, ...), as CaseRun keeps it.
      let n = 1;
      while (scope.programs.has(`${program}@${n}`)) n++;
      scope.programs.set(`${program}@${n}`, "finished");
      const command = f.words("command");
      const args = f.words("args");
      return { kind, program, ...(command ? { command } : {}), ...(args ? { args } : {}), timeoutMs: durationMs(f, "timeout") ?? 30_000 };
    }
    case "sleep": {
      const ms = durationMs(f, "sleep");
      if (ms === undefined) f.fail("sleep", "needs a duration such as 200ms");
      return { kind, ms };
    }
    case "exec": {
      const target = f.requiredString("exec");
      const isService = scope.topology.services.some((s) => s.name === target && !s.runOnce);
      if (!isService && scope.programs.get(target) !== "started") {
        f.fail("exec", `'${target}' is neither a service the lab starts nor a program an earlier step started`);
      }
      const command = f.words("command");
      if (!command?.length) f.fail("command", "is required (e.g. [ss, -tan])");
      const as = f.requiredString("as");
      scope.programs.set(as, "finished");
      const user = f.string("user");
      return { kind, target, as, command, ...(user ? { user } : {}), timeoutMs: durationMs(f, "timeout") ?? 30_000 };
    }
    case "impair": {
      const service = serviceField(f, "impair", scope);
      const settings: Record<string, unknown> = {};
      for (const k of ["delay", "jitter", "loss", "rate", "direction"]) if (f.has(k)) settings[k] = f.string(k);
      const impairment = guarded(f.path, () => parseXNetem(settings, f.path));
      return { kind, service, impairment };
    }
    case "input":
      return parseInputStep(f, scope.topology, (name) => scope.programs.get(name) === "started");
  }
}

export function regexField(f: Fields, key: string, source: string): RegExp {
  try {
    return new RegExp(source, "m");
  } catch (err) {
    return f.fail(key, `'${source}' is not a regular expression: ${(err as Error).message}`);
  }
}
