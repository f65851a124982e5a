// The impairment flags shared by `lab up` and `lab netem set` (--delay, --jitter, --loss,
// --rate, --direction; `lab up` also --sysctl), and their validation into an Impairment.
// Validation (lab/netem's, the same as for x-netem) happens before any command touches Docker: one line, exit 2.
import type { Command } from "commander";
import type { DockerClient } from "../docker/docker-client.js";
// Straight from the modules, not the netem barrel: the CLI loads this file at start-up.
import { ValidationError } from "../netem/errors.js";
import { parseImpairmentFlags, type Impairment } from "../netem/impairment.js";
import { parseSysctl } from "../netem/limits.js";
import { collect } from "./options.js";

export interface ImpairmentCliOptions {
  delay?: string;
  jitter?: string;
  loss?: string;
  rate?: string;
  direction?: string;
  sysctl?: string[];
}

export interface ParsedImpairmentOptions {
  /** Undefined when no impairment flag was given. */
  impairment?: Impairment;
  /** `--sysctl key=value`, validated (only namespaced keys). */
  sysctls: Record<string, string>;
}

/** Adds the impairment flags (and, with `sysctl: true`, the repeatable --sysctl) to a command. */
export function addImpairmentOptions(cmd: Command, opts: { sysctl?: boolean } = {}): Command {
  cmd
    .option("--delay <time>", "delay the service's packets, e.g. 100ms (tc units: us, ms, s)")
    .option("--jitter <time>", "vary the delay uniformly by up to ± this, e.g. 10ms (needs --delay)")
    .option("--loss <percent>", "drop this share of the service's packets, e.g. 1%")
    .option("--rate <rate>", "limit the rate the service sends at, e.g. 1mbit (tc units: kbit, mbit, mbps...)")
    .option("--direction <dir>", "which traffic: egress (what it sends, default), ingress (what it receives) or both");
  if (opts.sysctl) {
    cmd.option("--sysctl <key=value>", "namespaced kernel setting for the server, e.g. net.core.somaxconn=16 (repeatable)", collect, []);
  }
  return cmd;
}

/** Validates the flags; throws ValidationError (exit 2) naming the flag and value. */
export function impairmentFromOptions(opts: ImpairmentCliOptions): ParsedImpairmentOptions {
  const sysctls: Record<string, string> = {};
  for (const s of opts.sysctl ?? []) {
    const { key, value } = parseSysctl(s, "--sysctl");
    sysctls[key] = value;
  }
  const given = opts.delay !== undefined || opts.jitter !== undefined || opts.loss !== undefined || opts.rate !== undefined;
  if (!given) {
    if (opts.direction !== undefined) {
      throw new ValidationError(`--direction: '${opts.direction}' needs an impairment too (--delay, --loss or --rate)`);
    }
    return { sysctls };
  }
  const impairment = parseImpairmentFlags({
    ...(opts.delay !== undefined ? { delay: opts.delay } : {}),
    ...(opts.jitter !== undefined ? { jitter: opts.jitter } : {}),
    ...(opts.loss !== undefined ? { loss: opts.loss } : {}),
    ...(opts.rate !== undefined ? { rate: opts.rate } : {}),
    ...(opts.direction !== undefined ? { direction: opts.direction } : {}),
  });
  return { impairment, sysctls };
}

/** Lines for `lab up`: what is in force for each impaired service, read back from its namespace. */
export async function impairmentSummary(docker: DockerClient, lab: string, services: Iterable<string>): Promise<string[]> {
  const { describeDirection, showImpairment } = await import("../impair/index.js");
  const lines: string[] = [];
  for (const service of services) {
    const shown = await showImpairment(docker, lab, service);
    if (!shown?.state.active) continue;
    const { egress, ingress, iface } = shown.state;
    const parts = [];
    if (Object.keys(egress).length) parts.push(`egress ${describeDirection(egress)}`);
    if (Object.keys(ingress).length) parts.push(`ingress ${describeDirection(ingress)}`);
    lines.push(`  impaired:  ${service} on ${iface}: ${parts.join("; ")} (\`lab netem show ${service} --lab ${lab}\`)`);
  }
  return lines;
}
