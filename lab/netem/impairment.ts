import { ValidationError } from "./errors.js";
import { parseDuration, parsePercent, parseRate } from "./units.js";

export type Direction = "egress" | "ingress" | "both";

/**
 * What to do to a service's traffic. Like `tc qdisc ... netem` on its interface:
 * `egress` impairs what the service sends (so a delay adds to every round trip
 * through it), `ingress` what it receives, `both` both (a delay then counts twice
 * per round trip).
 */
export interface Impairment {
  delayMs?: number;
  /** Uniform ± around delayMs, like netem without a distribution table. Needs delayMs. */
  jitterMs?: number;
  lossPercent?: number;
  rateBitsPerSec?: number;
  direction: Direction;
}

/** Raw strings as given on the command line (`lab netem web --delay 100ms ...`). */
export interface ImpairmentInput {
  delay?: string;
  jitter?: string;
  loss?: string;
  rate?: string;
  direction?: string;
}

/** Upper bounds beyond which a value is surely a typo. */
export const MAX_DELAY_MS = 60_000;
export const MAX_RATE_BITS_PER_SEC = 100e9;
export const MIN_RATE_BITS_PER_SEC = 8;

const DIRECTIONS: readonly Direction[] = ["egress", "ingress", "both"];
const KEYS = ["delay", "jitter", "loss", "rate", "direction"] as const;
type Key = (typeof KEYS)[number];

function notNegative(flag: string, value: string): void {
  if (value.trim().startsWith("-")) throw new ValidationError(`${flag}: '${value}' must not be negative`);
}

/**
 * The rules between fields, checked once here for CLI flags, Compose `x-netem` and library
 * callers alike, before anything starts. `rate` is how the caller wrote the rate.
 */
function checkRules(imp: Impairment, name: (k: Key) => string, rate: string): void {
  if (imp.rateBitsPerSec !== undefined && imp.direction !== "egress") {
    // Known without asking the kernel: tc shapes only what an interface sends.
    throw new ValidationError(
      `${name("rate")}: '${rate}' applies to egress only (tc shapes what an interface sends); drop ${name("direction")} ${imp.direction} or set the rate on the sending service`,
    );
  }
}

/** Checks an Impairment built by a library caller (not parsed from flags or x-netem); `where` names it in the message. */
export function checkImpairment(imp: Impairment, where = "impairment"): void {
  if (!(DIRECTIONS as readonly string[]).includes(imp.direction)) {
    throw new ValidationError(`${where}.direction: '${String(imp.direction)}' is not a direction (use egress, ingress or both)`);
  }
  checkRules(imp, (k) => `${where}.${k}`, `${imp.rateBitsPerSec}bit`);
}

function validate(input: ImpairmentInput, name: (k: Key) => string): Impairment {
  const imp: Impairment = { direction: "egress" };
  if (input.direction !== undefined) {
    const d = input.direction.trim().toLowerCase();
    if (!(DIRECTIONS as readonly string[]).includes(d)) {
      throw new ValidationError(`${name("direction")}: '${input.direction}' is not a direction (use egress, ingress or both)`);
    }
    imp.direction = d as Direction;
  }
  if (input.delay !== undefined) {
    notNegative(name("delay"), input.delay);
    const ms = parseDuration(name("delay"), input.delay);
    if (ms > MAX_DELAY_MS) throw new ValidationError(`${name("delay")}: '${input.delay}' is too large (at most 60s)`);
    imp.delayMs = ms;
  }
  if (input.jitter !== undefined) {
    notNegative(name("jitter"), input.jitter);
    const ms = parseDuration(name("jitter"), input.jitter);
    if (ms > MAX_DELAY_MS) throw new ValidationError(`${name("jitter")}: '${input.jitter}' is too large (at most 60s)`);
    if (imp.delayMs === undefined) {
      throw new ValidationError(`${name("jitter")}: '${input.jitter}' needs a delay too (jitter varies the delay, e.g. ${name("delay")} 100ms ${name("jitter")} ${input.jitter})`);
    }
    if (ms > imp.delayMs) {
      // netem would clamp the negative delays at 0 and reorder packets: rarely what a student means
      throw new ValidationError(`${name("jitter")}: '${input.jitter}' is larger than the delay (${imp.delayMs} ms): delays would go below zero; use a jitter of at most the delay`);
    }
    imp.jitterMs = ms;
  }
  if (input.loss !== undefined) {
    notNegative(name("loss"), input.loss);
    imp.lossPercent = parsePercent(name("loss"), input.loss);
  }
  if (input.rate !== undefined) {
    notNegative(name("rate"), input.rate);
    const bits = parseRate(name("rate"), input.rate);
    if (bits < MIN_RATE_BITS_PER_SEC) throw new ValidationError(`${name("rate")}: '${input.rate}' is too small (at least 8bit)`);
    if (bits > MAX_RATE_BITS_PER_SEC) throw new ValidationError(`${name("rate")}: '${input.rate}' is too large (at most 100gbit)`);
    imp.rateBitsPerSec = bits;
  }
  checkRules(imp, name, input.rate ?? "");
  return imp;
}

/** Validates command-line values; errors name `--delay`, `--jitter`, `--loss`, `--rate`, `--direction`. */
export function parseImpairmentFlags(input: ImpairmentInput): Impairment {
  return validate(input, (k) => `--${k}`);
}

/**
 * Validates a Compose `x-netem` mapping, e.g.
 * `{ delay: "100ms", jitter: "10ms", loss: "1%", rate: "1mbit", direction: "egress" }`.
 * `where` prefixes error messages (e.g. `services.web.x-netem`). YAML numbers are
 * accepted where unambiguous (`loss: 1` is 1%, `delay: 0`).
 */
export function parseXNetem(value: unknown, where = "x-netem"): Impairment {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ValidationError(`${where}: must be a mapping with keys ${KEYS.join(", ")}`);
  }
  const input: ImpairmentInput = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!(KEYS as readonly string[]).includes(k)) {
      throw new ValidationError(`${where}: unknown key '${k}' (known: ${KEYS.join(", ")})`);
    }
    if (typeof v === "number") {
      input[k as Key] = String(v);
    } else if (typeof v === "string") {
      input[k as Key] = v;
    } else {
      throw new ValidationError(`${where}.${k}: '${JSON.stringify(v)}' must be a string such as ${k === "direction" ? "egress" : k === "loss" ? "1%" : k === "rate" ? "1mbit" : "100ms"}`);
    }
  }
  return validate(input, (k) => `${where}.${k}`);
}

/** True when the impairment changes nothing (applying it is a reset). */
export function isEmptyImpairment(imp: Impairment): boolean {
  return !imp.delayMs && !imp.jitterMs && !imp.lossPercent && imp.rateBitsPerSec === undefined;
}
