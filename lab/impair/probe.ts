// What the kernel under the Docker engine offers for impairments: PROBE_SCRIPT (lab/netem)
// run as root with NET_ADMIN in some namespace of that kernel. The answer depends on the
// kernel and on the lab image (iptables, nfq-delayer), so it is cached per engine ID,
// kernel version and image: in memory for this process, and in a small JSON file under
// the OS temp directory so the next `lab up` does not probe again.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { DockerClient } from "../docker/docker-client.js";
import { Sidecar } from "../docker/sidecar.js";
import { LabError } from "../errors.js";
import { onInterrupt } from "../util/interrupt.js";
import { parseProbeOutput, PROBE_SCRIPT, type KernelCapabilities } from "../netem/index.js";

export interface ProbeResult {
  caps: KernelCapabilities;
  engineId: string;
  kernelVersion: string;
  image: string;
  /** ISO time of the probe. */
  probedAt: string;
  /** Where the probe ran: "throwaway" (lab doctor) or "sidecar <name>". */
  probedIn: string;
  /** The script's `probe_error=` line, if any (e.g. no veth could be made). */
  probeError?: string;
  /** True when this answer came from the cache rather than a probe just now. */
  cached: boolean;
}

/** Lab name and role of `lab doctor`'s throwaway probe container. */
export const DOCTOR_LAB = "socklab-doctor";
export const PROBE_ROLE = "probe";

const memory = new Map<string, ProbeResult>();

export function cacheKey(engineId: string, kernelVersion: string, image: string): string {
  return createHash("sha256").update(`${engineId}\n${kernelVersion}\n${image}`).digest("hex").slice(0, 20);
}

/** The cache file for one engine + kernel + image (no labels: it is not a Docker resource). */
export function cacheFile(key: string, dir = process.env.SOCKLAB_CACHE_DIR ?? join(tmpdir(), "socklab")): string {
  return join(dir, `probe-${key}.json`);
}

function readCache(key: string): ProbeResult | undefined {
  const hit = memory.get(key);
  if (hit) return { ...hit, cached: true };
  try {
    const r = JSON.parse(readFileSync(cacheFile(key), "utf8")) as ProbeResult;
    if (!r || typeof r !== "object" || !r.caps || typeof r.caps.netem !== "boolean") return undefined;
    memory.set(key, r);
    return { ...r, cached: true };
  } catch {
    return undefined;
  }
}

function writeCache(key: string, r: ProbeResult): void {
  memory.set(key, r);
  try {
    const file = cacheFile(key);
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ ...r, cached: false }, null, 2)}\n`);
    renameSync(tmp, file);
  } catch {
    // A cache that cannot be written only costs a probe next time.
  }
}

/** Forgets cached answers (memory only), for tests. */
export function forgetProbes(): void {
  memory.clear();
}

function parse(stdout: string): { caps: KernelCapabilities; probeError?: string } {
  const err = /^probe_error=(.*)$/m.exec(stdout)?.[1];
  return { caps: parseProbeOutput(stdout), ...(err ? { probeError: err.trim() } : {}) };
}

/** Runs the probe script by exec in a running container that has NET_ADMIN (the impair sidecar). */
export async function probeByExec(docker: DockerClient, containerId: string): Promise<{ caps: KernelCapabilities; probeError?: string }> {
  const r = await docker.exec(containerId, ["sh", "-c", PROBE_SCRIPT, "socklab-probe"], { user: "root" });
  if (!/^netem=/m.test(r.stdout)) {
    throw new LabError(`the kernel probe printed nothing (exit ${r.exitCode}): ${r.stderr.trim().split("\n").slice(-2).join(" / ")}`);
  }
  return parse(r.stdout);
}

/**
 * Runs the probe in a throwaway sidecar with no network (its own namespace, only
 * loopback: the probe makes its veth pair there).
 */
export async function probeInThrowaway(docker: DockerClient, image: string): Promise<{ caps: KernelCapabilities; probeError?: string }> {
  const sidecar = await new Sidecar(docker, {
    lab: DOCTOR_LAB,
    role: PROBE_ROLE,
    name: `${DOCTOR_LAB}-${randomBytes(3).toString("hex")}`,
    image,
    cmd: ["sh", "-c", PROBE_SCRIPT, "socklab-probe"],
  }).start();
  const release = onInterrupt(() => sidecar.remove());
  try {
    const status = await sidecar.wait();
    const { stdout, stderr } = await sidecar.logs();
    if (!/^netem=/m.test(stdout)) {
      throw new LabError(`the kernel probe printed nothing (exit ${status}): ${stderr.trim().split("\n").slice(-2).join(" / ")}`);
    }
    return parse(stdout);
  } finally {
    release();
    await sidecar.remove().catch(() => {});
  }
}

export interface CapabilityOptions {
  /** The lab image (it decides whether iptables and nfq-delayer exist). */
  image: string;
  /** Probe again even when an answer is cached. */
  fresh?: boolean;
  /** Probe by exec in this running privileged container instead of a throwaway one. */
  probeIn?: { id: string; name: string };
}

/** The kernel's capabilities, probed at most once per engine + kernel + image. */
export async function kernelCapabilities(docker: DockerClient, opts: CapabilityOptions): Promise<ProbeResult> {
  const engine = await docker.engineInfo();
  const key = cacheKey(engine.id, engine.kernelVersion, opts.image);
  if (!opts.fresh) {
    const hit = readCache(key);
    if (hit) return hit;
  }
  const probed = opts.probeIn ? await probeByExec(docker, opts.probeIn.id) : await probeInThrowaway(docker, opts.image);
  const result: ProbeResult = {
    ...probed,
    engineId: engine.id,
    kernelVersion: engine.kernelVersion,
    image: opts.image,
    probedAt: new Date().toISOString(),
    probedIn: opts.probeIn ? `sidecar ${opts.probeIn.name}` : "throwaway",
    cached: false,
  };
  writeCache(key, result);
  return result;
}
