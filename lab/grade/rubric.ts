// What a grade is made of: how the server is started (argv, port), which protocol it
// speaks, the limits it runs under, and the checks with their points and parameters.
// A rubric is one of the built-in ones by name (echo, upper, line, load) or a YAML file
// that may start from one (`extends: echo`) and change points, checks, argv and limits.
import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { usageError } from "../errors.js";
import type { RunLimits } from "../testcontainers/lab-container.js";
import { BUILTIN_RUBRICS } from "./builtin-rubrics.js";
import { CHECK_PARAMS, type CheckId, type CheckParams } from "./check-params.js";

export const PROTOCOLS = ["echo", "upper", "line", "load"] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export interface CheckSpec {
  id: CheckId;
  points: number;
  params: CheckParams;
}

export interface Rubric {
  name: string;
  protocol: Protocol;
  /** The server's command line; `{binary}` and `{port}` are replaced. */
  argv: string[];
  port: number;
  /** Seconds the server may take to listen. */
  listen: number;
  build: { flags: string[]; binary: string };
  limits: RunLimits;
  checks: CheckSpec[];
}

/** A rubric as written (YAML or built in): everything optional but where it extends nothing. */
export interface RubricSource {
  extends?: string;
  name?: string;
  protocol?: string;
  argv?: unknown;
  port?: unknown;
  listen?: unknown;
  build?: unknown;
  limits?: unknown;
  checks?: unknown;
}

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

class RubricReader {
  constructor(readonly where: string) {}

  fail(path: string, problem: string): never {
    throw usageError(`rubric ${this.where}: ${path}: ${problem}`);
  }

  number(path: string, v: unknown, lo: number, hi: number): number {
    if (typeof v !== "number" || !Number.isFinite(v) || v < lo || v > hi) this.fail(path, `expected a number from ${lo} to ${hi}, got ${JSON.stringify(v)}`);
    return v;
  }

  strings(path: string, v: unknown): string[] {
    if (!Array.isArray(v) || v.some((s) => typeof s !== "string" && typeof s !== "number")) this.fail(path, "expected a list of strings");
    return v.map(String);
  }

  keys(path: string, v: Raw, allowed: readonly string[]): void {
    const bad = Object.keys(v).find((k) => !allowed.includes(k));
    if (bad) this.fail(`${path}${path ? "." : ""}${bad}`, `unknown key (known: ${allowed.join(", ")})`);
  }
}

const TOP_KEYS = ["extends", "name", "protocol", "argv", "port", "listen", "build", "limits", "checks"] as const;
const LIMIT_KEYS = ["cpus", "memory", "pids", "nofile"] as const;

function mergeLimits(r: RubricReader, base: RunLimits, v: unknown): RunLimits {
  if (v === undefined) return base;
  if (!isRecord(v)) return r.fail("limits", "expected a mapping");
  r.keys("limits", v, LIMIT_KEYS);
  return {
    cpus: v.cpus === undefined ? base.cpus : r.number("limits.cpus", v.cpus, 0.1, 64),
    memoryMb: v.memory === undefined ? base.memoryMb : r.number("limits.memory", v.memory, 16, 65536),
    pids: v.pids === undefined ? base.pids : r.number("limits.pids", v.pids, 8, 100000),
    nofile: v.nofile === undefined ? base.nofile : r.number("limits.nofile", v.nofile, 64, 1048576),
  };
}

function mergeChecks(r: RubricReader, base: CheckSpec[], v: unknown): CheckSpec[] {
  if (v === undefined) return base;
  if (!isRecord(v)) return r.fail("checks", "expected a mapping of check name to points (or to { points, ... })");
  const out = new Map(base.map((c) => [c.id, c]));
  for (const [id, entry] of Object.entries(v)) {
    const known = CHECK_PARAMS[id as CheckId];
    if (!known) r.fail(`checks.${id}`, `unknown check (known: ${Object.keys(CHECK_PARAMS).join(", ")})`);
    if (entry === false || entry === 0 || entry === null) {
      out.delete(id as CheckId);
      continue;
    }
    const raw: Raw = typeof entry === "number" ? { points: entry } : isRecord(entry) ? entry : r.fail(`checks.${id}`, "expected points or { points, ... }");
    r.keys(`checks.${id}`, raw, ["points", ...known.keys]);
    const previous = out.get(id as CheckId);
    const points = raw.points === undefined ? (previous?.points ?? r.fail(`checks.${id}.points`, "missing")) : r.number(`checks.${id}.points`, raw.points, 0, 1000);
    const { points: _points, ...given } = raw;
    const params = known.validate({ ...known.defaults, ...previous?.params, ...given }, (path, problem) => r.fail(`checks.${id}.${path}`, problem));
    out.set(id as CheckId, { id: id as CheckId, points, params });
  }
  return [...out.values()];
}

function mergeBuild(r: RubricReader, base: Rubric["build"], v: unknown): Rubric["build"] {
  if (v === undefined) return base;
  if (!isRecord(v)) return r.fail("build", "expected a mapping");
  r.keys("build", v, ["flags", "binary"]);
  const binary = v.binary === undefined ? base.binary : String(v.binary);
  if (!/^[A-Za-z0-9._-]+$/.test(binary)) r.fail("build.binary", `expected a file name, got '${binary}'`);
  return { flags: v.flags === undefined ? base.flags : r.strings("build.flags", v.flags), binary };
}

/** Applies a source over a base rubric (the built-in it extends), checking every field. */
export function applyRubric(base: Rubric, src: RubricSource, where: string): Rubric {
  const r = new RubricReader(where);
  if (!isRecord(src)) r.fail("(top)", "expected a mapping");
  r.keys("", src as Raw, TOP_KEYS);
  if (src.protocol !== undefined && !PROTOCOLS.includes(src.protocol as Protocol)) r.fail("protocol", `expected one of ${PROTOCOLS.join(", ")}`);
  const argv = src.argv === undefined ? base.argv : r.strings("argv", src.argv);
  if (argv.length === 0) r.fail("argv", "expected the server's command line, e.g. [\"{binary}\", \"{port}\"]");
  return {
    name: src.name ?? base.name,
    protocol: (src.protocol as Protocol | undefined) ?? base.protocol,
    argv,
    port: src.port === undefined ? base.port : r.number("port", src.port, 1024, 65535),
    listen: src.listen === undefined ? base.listen : r.number("listen", src.listen, 1, 120),
    build: mergeBuild(r, base.build, src.build),
    limits: mergeLimits(r, base.limits, src.limits),
    checks: mergeChecks(r, base.checks, src.checks),
  };
}

/** A built-in rubric by name, or a YAML file. */
export function loadRubric(nameOrPath = "echo"): Rubric {
  const builtin = BUILTIN_RUBRICS[nameOrPath];
  if (builtin) return builtin();
  if (!existsSync(nameOrPath)) {
    throw usageError(`no rubric '${nameOrPath}': name a built-in one (${Object.keys(BUILTIN_RUBRICS).join(", ")}) or a YAML file`);
  }
  let src: RubricSource;
  try {
    src = parse(readFileSync(nameOrPath, "utf8")) as RubricSource;
  } catch (err) {
    throw usageError(`rubric ${nameOrPath}: not YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  const parent = src?.extends ?? "echo";
  const base = BUILTIN_RUBRICS[parent];
  if (!base) throw usageError(`rubric ${nameOrPath}: extends: no built-in rubric '${parent}' (${Object.keys(BUILTIN_RUBRICS).join(", ")})`);
  return applyRubric(base(), { name: nameOrPath, ...src }, nameOrPath);
}

export const maxScore = (r: Rubric): number => r.checks.reduce((s, c) => s + c.points, 0);
