// A topology is a Compose-spec file in compose/. The lab reads the subset it needs
// (image, command, init, user, ulimits, sysctls, stdin_open, tty, environment, profiles)
// and its own `x-socklab` / `x-netem` extension fields; Compose itself ignores those.
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { parse } from "yaml";
import { composeDir } from "../paths.js";
import { notFound, usageError } from "../errors.js";
import { interpolateDeep, InterpolationError } from "./interpolate.js";
import { parseComposeSysctls, parseComposeUlimits, type Ulimit } from "../netem/limits.js";
import { parseXNetem, type Impairment } from "../netem/impairment.js";

export type { Ulimit };

export interface ServiceSpec {
  name: string;
  image: string;
  command: string[];
  init: boolean;
  user?: string;
  ulimits: Ulimit[];
  sysctls: Record<string, string>;
  environment: Record<string, string>;
  stdinOpen: boolean;
  tty: boolean;
  profiles: string[];
  /** `x-socklab.ready`: a log line (regex) that says the service is ready. */
  ready?: string;
  /** `x-socklab.run: once`: a tool run to completion on demand, not a long-running service. */
  runOnce: boolean;
  /** `x-socklab.netns`: the service whose network namespace (address, sysctls, sockets) this one shares. */
  netns?: string;
  /** `depends_on` (list or mapping): services started, and ready, before this one. */
  dependsOn: string[];
  /** `x-netem`: impairments of this service's traffic, applied from a sidecar. */
  netem?: Impairment;
}

export interface Topology {
  file: string;
  services: ServiceSpec[];
}

type Raw = Record<string, unknown>;

const asRecord = (v: unknown): Raw => (v && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : {});

/** Splits a string command the way Compose does for simple words (no quoting needed here). */
function commandOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String).filter((s) => s !== "");
  if (typeof v === "string") return v.split(/\s+/).filter(Boolean);
  return [];
}

function keyValues(v: unknown): Record<string, string> {
  if (Array.isArray(v)) {
    return Object.fromEntries(v.map(String).map((s) => [s.split("=")[0] ?? s, s.slice(s.indexOf("=") + 1)]));
  }
  return Object.fromEntries(Object.entries(asRecord(v)).map(([k, val]) => [k, String(val)]));
}

/** `x-socklab.ready`, checked to compile now rather than when the service has started. */
function readyOf(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw usageError(`${where}: must be a string (a regular expression matched against each log line)`);
  try {
    new RegExp(value);
  } catch (err) {
    throw usageError(`${where}: '${value}' is not a regular expression (${(err as Error).message.replace(/^Invalid regular expression: /, "")})`);
  }
  return value;
}

function serviceOf(name: string, raw: Raw, where: string): ServiceSpec {
  const x = asRecord(raw["x-socklab"]);
  if (typeof raw.image !== "string" || raw.image.trim() === "") throw usageError(`${where}: service ${name} has no image`);
  return {
    name,
    image: raw.image,
    command: commandOf(raw.command),
    init: raw.init !== false,
    user: typeof raw.user === "string" ? raw.user : undefined,
    ulimits: parseComposeUlimits(raw.ulimits ?? {}, `${where}: ${name}.ulimits`),
    sysctls: Object.fromEntries(parseComposeSysctls(raw.sysctls ?? {}, `${where}: ${name}.sysctls`).map((s) => [s.key, s.value])),
    environment: keyValues(raw.environment),
    stdinOpen: raw.stdin_open === true,
    tty: raw.tty === true,
    profiles: Array.isArray(raw.profiles) ? raw.profiles.map(String) : [],
    ready: readyOf(x.ready, `${where}: ${name}.x-socklab.ready`),
    runOnce: x.run === "once",
    netns: typeof x.netns === "string" ? x.netns : undefined,
    dependsOn: Array.isArray(raw.depends_on) ? raw.depends_on.map(String) : Object.keys(asRecord(raw.depends_on)),
    netem: raw["x-netem"] === undefined ? undefined : parseXNetem(raw["x-netem"], `${where}: ${name}.x-netem`),
  };
}

/**
 * Resolves a topology name (`server`, `chat`) or path to an absolute file: the lab records
 * it on its network, and `lab load` may run from another directory.
 */
export function topologyPath(nameOrPath: string): string {
  if (isAbsolute(nameOrPath) || nameOrPath.includes("/")) return resolve(nameOrPath);
  return join(composeDir(), nameOrPath.endsWith(".yml") ? nameOrPath : `${nameOrPath}.yml`);
}

export function parseTopology(text: string, file: string, vars: Record<string, string | undefined>): Topology {
  let doc: unknown;
  try {
    doc = interpolateDeep(parse(text), vars);
  } catch (err) {
    if (err instanceof InterpolationError) throw usageError(`${file}: ${err.message}`);
    throw usageError(`${file}: not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  const services = asRecord(asRecord(doc).services);
  if (Object.keys(services).length === 0) throw usageError(`${file}: no services`);
  const specs = Object.entries(services).map(([name, raw]) => serviceOf(name, asRecord(raw), file));
  for (const s of specs) {
    const host = specs.find((h) => h.name === s.netns);
    if (s.netns !== undefined && (!host || host.netns !== undefined || host.runOnce)) {
      throw usageError(`${file}: ${s.name}.x-socklab.netns: '${s.netns}' is not a long-running service with a network of its own`);
    }
  }
  return { file, services: specs };
}

export function loadTopology(nameOrPath: string, vars: Record<string, string | undefined>): Topology {
  const file = topologyPath(nameOrPath);
  if (!existsSync(file)) throw notFound(`no topology file ${file}`);
  return parseTopology(readFileSync(file, "utf8"), file, vars);
}
