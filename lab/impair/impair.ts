// Impairing a service's traffic, end to end. Three layers, as containerlab does it:
// the CLI validates (lab/netem parsers) and prints; this file finds the target's
// namespace and interface and runs commands there; lab/netem builds the commands.
//
// Everything runs in one long-lived sidecar per impaired service, `<lab>-<service>-impair`,
// labelled (role "impair") so `lab down` removes it with the lab: a Sidecar (lab/docker)
// in the target's network namespace whose main process is `sleep infinity`.
// The nfq-delayer (the fallback where the kernel has no sch_netem) is started in it by
// exec, in the background with its stdio redirected, so that settings can change
// (`lab netem set`) without recreating the sidecar; the init reaps it when it exits.
import type { ContainerInfo, DockerClient } from "../docker/docker-client.js";
import { listSidecars, Sidecar, type ServiceContainer } from "../docker/sidecar.js";
import { LabError, notFound } from "../errors.js";
import {
  buildApply,
  buildReset,
  checkImpairment,
  chooseMechanisms,
  isEmptyImpairment,
  type Command,
  type DelayerSpec,
  type Impairment,
  type MechanismPlan,
} from "../netem/index.js";
import { interfaceForAddress, IP_ADDR_COMMAND } from "./resolver.js";
import { kernelCapabilities, type ProbeResult } from "./probe.js";
import { parseState, STATE_SCRIPT, type ImpairmentState } from "./state.js";

export const IMPAIR_ROLE = "impair";
/** Label on the sidecar: the target's address on the lab network (how the interface is found). */
export const ADDRESS_LABEL = "socklab.impair.address";
export const TARGET_LABEL = "socklab.impair.target";
/** NFQUEUE number the delayer binds (queues are per network namespace). */
export const QUEUE_NUM = 1;
/** Where the delayer's stderr goes inside the sidecar. */
export const DELAYER_LOG = "/tmp/socklab-nfq-delayer.log";

export const impairSidecarName = (lab: string, service: string): string => `${lab}-${service}-impair`;

/** The container to impair (a StartedService fits). */
export type ImpairTarget = ServiceContainer;

export interface ImpairOptions {
  log?: (line: string) => void;
  /** Re-probe the kernel even if an answer is cached. */
  freshProbe?: boolean;
  /** How long the delayer may take to bind its queue (default 10 s). */
  delayerTimeoutMs?: number;
}

export interface AppliedImpairment {
  sidecar: string;
  iface: string;
  plan: MechanismPlan;
  probe: ProbeResult;
  /** Read back from the kernel after applying. */
  state: ImpairmentState;
}

async function sidecarsOf(docker: DockerClient, lab: string, service: string): Promise<ContainerInfo[]> {
  return listSidecars(docker, lab, IMPAIR_ROLE, service);
}

async function run(docker: DockerClient, id: string, argv: string[]) {
  return docker.exec(id, argv, { user: "root" });
}

function failed(what: string, r: { exitCode: number; stdout: string; stderr: string }): LabError {
  const said = (r.stderr.trim() || r.stdout.trim()).split("\n").slice(-2).join(" / ");
  return new LabError(`${what} failed (exit ${r.exitCode})${said ? `: ${said}` : ""}`);
}

/** The running sidecar of a service, created if missing (and replaced if it stopped). */
export async function ensureSidecar(docker: DockerClient, target: ImpairTarget): Promise<{ id: string; name: string; image: string; created: boolean }> {
  const info = await docker.inspectContainer(target.containerId);
  if (!info.running) throw new LabError(`${target.containerName} is not running (state ${info.state}): nothing to impair`);
  if (!target.address) throw notFound(`${target.containerName} has no address on the lab network to impair`);
  for (const c of await sidecarsOf(docker, target.lab, target.name)) {
    if (c.running && c.labels[TARGET_LABEL] === target.containerId) return { id: c.id, name: c.name, image: c.image, created: false };
    await docker.removeContainer(c.id); // stopped, or left from an earlier container of the service
  }
  const sidecar = await new Sidecar(docker, {
    lab: target.lab,
    service: target.name,
    role: IMPAIR_ROLE,
    name: impairSidecarName(target.lab, target.name),
    image: info.image,
    cmd: ["sleep", "infinity"],
    labels: { [TARGET_LABEL]: target.containerId, [ADDRESS_LABEL]: target.address },
    netnsOf: target.containerId,
  }).start();
  return { id: sidecar.id, name: sidecar.name, image: sidecar.image, created: true };
}

/** The interface of the sidecar's (= the target's) namespace that holds `address`. */
export async function resolveInterface(docker: DockerClient, sidecarId: string, address: string, where: string): Promise<string> {
  const r = await run(docker, sidecarId, IP_ADDR_COMMAND);
  if (r.exitCode !== 0) throw failed(`ip addr in ${where}`, r);
  return interfaceForAddress(r.stdout, address, where);
}

async function runCommand(docker: DockerClient, id: string, c: Command): Promise<void> {
  const r = await run(docker, id, c.argv);
  if (r.exitCode !== 0 && !c.mayFail) throw failed(`\`${c.argv.join(" ")}\``, r);
}

const shellQuote = (s: string): string => (/^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

/** Runs commands that may fail (buildReset's) in one exec, in order: one round trip, not fourteen. */
async function runAllMayFail(docker: DockerClient, id: string, cmds: Command[]): Promise<void> {
  const script = cmds.map((c) => `${c.argv.map(shellQuote).join(" ")} >/dev/null 2>&1 || true`).join("\n");
  const r = await run(docker, id, ["sh", "-c", script, "socklab-reset"]);
  if (r.exitCode !== 0) throw failed("the reset script", r);
}

/** Starts the delayer in the background and waits for its ready line (or its last words). */
async function startDelayer(docker: DockerClient, id: string, d: DelayerSpec, timeoutMs: number): Promise<number> {
  const r = await run(docker, id, [
    "sh",
    "-c",
    'log=$1; shift; rm -f "$log"; "$@" </dev/null >/dev/null 2>"$log" & echo $!',
    "socklab-start-delayer",
    DELAYER_LOG,
    ...d.argv,
  ]);
  const pid = Number(r.stdout.trim());
  if (r.exitCode !== 0 || !Number.isInteger(pid) || pid <= 0) throw failed("starting nfq-delayer", r);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await run(docker, id, ["sh", "-c", 'cat "$1" 2>/dev/null; kill -0 "$2" 2>/dev/null && echo "@@alive"', "socklab-poll", DELAYER_LOG, String(pid)]);
    const lines = s.stdout.split("\n");
    if (lines.some((l) => l.startsWith(d.readyPrefix))) return pid;
    if (!lines.includes("@@alive")) {
      const said = lines.filter((l) => l && l !== "@@alive").slice(-2).join(" / ");
      throw new LabError(`nfq-delayer exited before binding its queue: ${said || "no output"}`);
    }
    if (Date.now() > deadline) throw new LabError(`nfq-delayer did not say "${d.readyPrefix}" within ${timeoutMs / 1000} s`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

async function readState(docker: DockerClient, id: string, iface: string): Promise<ImpairmentState> {
  const r = await run(docker, id, ["sh", "-c", STATE_SCRIPT, "socklab-state", iface]);
  if (r.exitCode !== 0) throw failed("reading the impairment state", r);
  return parseState(r.stdout, iface);
}

/**
 * Imposes `imp` on the target's traffic, replacing whatever was there: chooses the
 * mechanisms (netem where the kernel has it, else nfq-delayer + iptables statistic + tbf),
 * resets, applies, and reads the result back. An empty impairment is a reset.
 */
export async function applyImpairment(docker: DockerClient, target: ImpairTarget, imp: Impairment, opts: ImpairOptions = {}): Promise<AppliedImpairment | undefined> {
  checkImpairment(imp); // before the sidecar exists
  if (isEmptyImpairment(imp)) {
    await clearImpairment(docker, target);
    return undefined;
  }
  const sidecar = await ensureSidecar(docker, target);
  let applied = false;
  try {
    const iface = await resolveInterface(docker, sidecar.id, target.address, target.containerName);
    const probe = await kernelCapabilities(docker, { image: sidecar.image, fresh: opts.freshProbe, probeIn: sidecar });
    const plan = chooseMechanisms(probe.caps, imp); // UnsupportedError: nothing touched yet
    const resetCmds = buildReset({ iface });
    await runAllMayFail(docker, sidecar.id, resetCmds);
    try {
      for (const step of buildApply(imp, { iface, mechanisms: plan, queueNum: QUEUE_NUM })) {
        if (step.kind === "run") await runCommand(docker, sidecar.id, step.command);
        else await startDelayer(docker, sidecar.id, step.delayer, opts.delayerTimeoutMs ?? 10_000);
      }
    } catch (err) {
      await runAllMayFail(docker, sidecar.id, resetCmds).catch(() => {});
      throw err;
    }
    applied = true;
    const state = await readState(docker, sidecar.id, iface);
    opts.log?.(`impaired ${target.name} of lab ${target.lab} on ${iface} from sidecar ${sidecar.name}`);
    return { sidecar: sidecar.name, iface, plan, probe, state };
  } finally {
    if (!applied && sidecar.created) await docker.removeContainer(sidecar.id).catch(() => {});
  }
}

export interface ShownImpairment {
  sidecar: string;
  state: ImpairmentState;
}

/** What its running sidecar reads in force for a service (creates nothing: `lab up`'s summary); undefined without one. readImpairment looks even where the sidecar died. */
export async function showImpairment(docker: DockerClient, lab: string, service: string): Promise<ShownImpairment | undefined> {
  const sidecar = (await sidecarsOf(docker, lab, service)).find((c) => c.running);
  if (!sidecar) return undefined;
  const address = sidecar.labels[ADDRESS_LABEL] ?? "";
  const iface = await resolveInterface(docker, sidecar.id, address, `the namespace of ${service}`);
  return { sidecar: sidecar.name, state: await readState(docker, sidecar.id, iface) };
}

/**
 * What the kernel holds for a service, read from its namespace whatever became of its
 * sidecar: a sidecar that died (or was removed) leaves its qdiscs and iptables rules in
 * force, so a fresh one reads them. A sidecar made only to look is removed again when
 * nothing is in force. Undefined when the service is not running (its namespace is gone).
 */
export async function readImpairment(docker: DockerClient, target: ImpairTarget): Promise<ShownImpairment | undefined> {
  if (!(await docker.inspectContainer(target.containerId)).running) return undefined;
  const before = await sidecarsOf(docker, target.lab, target.name);
  const sidecar = await ensureSidecar(docker, target);
  const iface = await resolveInterface(docker, sidecar.id, target.address, target.containerName);
  const state = await readState(docker, sidecar.id, iface);
  if (sidecar.created && before.length > 0 && state.active) {
    state.warnings.push("the impair sidecar had died: what it set was still in force (`lab netem reset` removes it)");
  }
  if (sidecar.created && !state.active) {
    await docker.removeContainer(sidecar.id);
    return { sidecar: "", state };
  }
  return { sidecar: sidecar.name, state };
}

/**
 * Removes every qdisc, rule and delayer socklab put in the service's namespace, from a
 * sidecar made anew where the old one died, checks that nothing is left, and removes the
 * sidecar. Returns whether anything was in force.
 */
export async function clearImpairment(docker: DockerClient, target: ImpairTarget): Promise<boolean> {
  if (!(await docker.inspectContainer(target.containerId)).running) {
    for (const c of await sidecarsOf(docker, target.lab, target.name)) await docker.removeContainer(c.id);
    return false; // its namespace, and all that was in it, went with it
  }
  const sidecar = await ensureSidecar(docker, target);
  const iface = await resolveInterface(docker, sidecar.id, target.address, target.containerName);
  const was = await readState(docker, sidecar.id, iface);
  await runAllMayFail(docker, sidecar.id, buildReset({ iface }));
  const left = await readState(docker, sidecar.id, iface);
  if (left.active) {
    throw new LabError(`reset of ${target.name} left something behind: ${[...left.qdiscs, ...left.rules, ...left.delayers.map((d) => `nfq-delayer pid ${d.pid}`)].join("; ")}`);
  }
  await docker.removeContainer(sidecar.id);
  return was.active;
}

/** Every impair sidecar of a lab (for `lab ps`-like listings and tests). */
export async function impairSidecars(docker: DockerClient, lab: string): Promise<ContainerInfo[]> {
  return listSidecars(docker, lab, IMPAIR_ROLE);
}

/** `lab up`'s hook: applies a service's impairment (CLI flags, else its `x-netem`) once it is ready. */
export async function applyDeclaredImpairment(
  docker: DockerClient,
  target: ImpairTarget,
  imp: Impairment | undefined,
  log?: (line: string) => void,
): Promise<AppliedImpairment | undefined> {
  if (!imp || isEmptyImpairment(imp)) return undefined;
  return applyImpairment(docker, target, imp, log ? { log } : {});
}
