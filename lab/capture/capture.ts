// Packet capture of one lab service: a tcpdump sidecar in the service's network
// namespace (the only container with NET_ADMIN/NET_RAW; the target stays unprivileged).
// Everything needed to stop and save a capture is on the sidecar itself (labels and
// logs), so `lab down` in another process can save a capture `lab up --capture` started.
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { makeDirectory } from "../util/make-directory.js";
import { join, resolve } from "node:path";
import type { DockerClient } from "../docker/docker-client.js";
import { LAB_LABEL, SERVICE_LABEL } from "../docker/labels.js";
import { listSidecars, Sidecar, type ServiceContainer } from "../docker/sidecar.js";
import { LabError, notFound, usageError } from "../errors.js";
import { capturesDir } from "../paths.js";
import {
  fileStamp,
  parseSidecarStdout,
  parseTcpdumpStats,
  safePart,
  SIDECAR_PCAP,
  SIDECAR_SCRIPT,
  type Offloads,
  type TcpdumpStats,
} from "./sidecar.js";

export const CAPTURE_ROLE = "capture";
const L = {
  out: "socklab.capture.out",
  target: "socklab.capture.target",
  address: "socklab.capture.address",
  filter: "socklab.capture.filter",
  offloads: "socklab.capture.offloads",
  started: "socklab.capture.started",
} as const;

/** What startCapture needs of a lab (StartedLab has it): the Docker client, its name, its services' containers. */
export interface CaptureLab {
  readonly docker: DockerClient;
  readonly name: string;
  service(name: string): ServiceContainer;
}

export interface CaptureOptions {
  /** Directory under which `<lab>/<file>.pcap` is written (default ./captures). */
  outDir?: string;
  /** BPF filter expression, as tcpdump takes it. */
  filter?: string;
  /** Leave TSO/GSO/GRO as they are (default: turn them off so the wire shows real segments). */
  keepOffloads?: boolean;
  /** How long tcpdump may take to say it is listening (default 20 s). */
  readyTimeoutMs?: number;
}

/** The JSON written beside the pcap. */
export interface CaptureMeta {
  format: "socklab-capture/1";
  lab: string;
  service: string;
  /** The container whose traffic was captured. */
  container: string;
  sidecar: string;
  image: string;
  interface: string;
  address: string;
  filter: string;
  offloads: Offloads;
  started: string;
  stopped: string;
  /** tcpdump's own count of packets written. */
  packets: number | null;
  tcpdump: TcpdumpStats;
  file: string;
  bytes: number;
}

export interface SavedCapture {
  /** The pcap file. */
  path: string;
  /** The JSON sidecar beside it. */
  metaPath: string;
  meta: CaptureMeta;
}

/** A running capture; `stop()` (idempotent) ends tcpdump, copies the file out and removes the sidecar. */
export class StartedCapture implements AsyncDisposable {
  constructor(
    readonly docker: DockerClient,
    readonly lab: string,
    readonly service: string,
    readonly sidecarId: string,
    readonly sidecarName: string,
    readonly iface: string,
    readonly address: string,
    readonly offloads: Offloads,
  ) {}

  stop(): Promise<SavedCapture> {
    return finishCapture(this.docker, this.sidecarId);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/** Makes the directory a lab's captures go to under `outDir` (or `outDir` alone); returns `outDir`, resolved. A usage error where it cannot be made. */
export function captureDirectory(outDir: string | undefined, lab?: string): string {
  const dir = resolve(outDir ?? capturesDir());
  try {
    makeDirectory(lab === undefined ? dir : join(dir, safePart(lab)));
  } catch (err) {
    throw usageError(`cannot save captures under ${dir}: ${(err as Error).message}`);
  }
  return dir;
}

/** One save per sidecar, whoever asks first (stop(), dispose, or `lab down`). */
const finishing = new Map<string, Promise<SavedCapture>>();

export async function startCapture(lab: CaptureLab, service: string, opts: CaptureOptions = {}): Promise<StartedCapture> {
  const docker = lab.docker;
  // Before anything runs: a directory the capture cannot be saved to would lose it at the end.
  const outDir = captureDirectory(opts.outDir, lab.name);
  const target = lab.service(service);
  const info = await docker.inspectContainer(target.containerId);
  if (!info.running) throw new LabError(`${target.containerName} is not running (state ${info.state}): nothing to capture`);
  if (!target.address) throw notFound(`${target.containerName} has no address on the lab network to capture on`);

  const offloads = opts.keepOffloads ? "keep" : "off";
  const name = `${target.containerName}-capture-${randomBytes(3).toString("hex")}`;
  const sidecar = await new Sidecar(docker, {
    lab: lab.name,
    service,
    role: CAPTURE_ROLE,
    name,
    image: info.image,
    cmd: ["sh", "-c", SIDECAR_SCRIPT, "capture", ...(opts.filter ? [opts.filter] : [])],
    labels: {
      [L.out]: outDir,
      [L.target]: target.containerName,
      [L.address]: target.address,
      [L.filter]: opts.filter ?? "",
      [L.offloads]: offloads,
      [L.started]: new Date().toISOString(),
    },
    netnsOf: target.containerId,
    env: { ADDR: target.address, OFFLOADS: offloads },
  }).start();
  try {
    // Confirmed listening before any traffic the caller makes next.
    await sidecar.waitForLog(/listening on /, opts.readyTimeoutMs ?? 20_000);
    const report = parseSidecarStdout((await sidecar.logs()).stdout);
    return new StartedCapture(docker, lab.name, service, sidecar.id, name, report.iface ?? "?", target.address, {
      requested: offloads === "off" ? "off" : "kept",
      ...(report.offloads ?? { tso: "?", gso: "?", gro: "?" }),
    });
  } catch (err) {
    await sidecar.remove().catch(() => {});
    if (err instanceof LabError) throw new LabError(`capture of ${service} in lab ${lab.name} did not start: ${err.message}`, err.exitCode);
    throw err;
  }
}

/** Stops a capture sidecar (SIGINT to tcpdump), saves its file and JSON, removes the sidecar. */
export function finishCapture(docker: DockerClient, sidecarId: string): Promise<SavedCapture> {
  let p = finishing.get(sidecarId);
  if (!p) {
    p = doFinish(docker, sidecarId);
    finishing.set(sidecarId, p);
  }
  return p;
}

async function doFinish(docker: DockerClient, id: string): Promise<SavedCapture> {
  const info = await docker.inspectContainer(id);
  const labels = info.labels;
  if (info.running) {
    await docker.killContainer(id, "SIGINT").catch(() => {});
    if ((await waitWithTimeout(docker, id, 15_000)) === undefined) {
      await docker.killContainer(id, "SIGKILL").catch(() => {});
      await docker.waitContainer(id);
    }
  }
  const stopped = new Date();
  try {
    const { stdout, stderr } = await docker.logs(id);
    const report = parseSidecarStdout(stdout);
    let data: Buffer;
    try {
      data = await docker.copyFileOut(id, SIDECAR_PCAP);
    } catch {
      const said = stderr.trim().split("\n").slice(-3).join(" / ");
      throw new LabError(`capture ${info.name} wrote no file${said ? `: ${said}` : ""}`);
    }
    const lab = labels[LAB_LABEL] ?? "lab";
    const service = labels[SERVICE_LABEL] ?? "service";
    const started = new Date(labels[L.started] ?? stopped.toISOString());
    const iface = report.iface ?? "unknown";
    const dir = join(labels[L.out] ?? capturesDir(), safePart(lab));
    makeDirectory(dir);
    const base = uniqueBase(dir, `${safePart(service)}-${safePart(iface)}-${fileStamp(started)}`);
    const path = join(dir, `${base}.pcap`);
    const metaPath = join(dir, `${base}.json`);
    writeFileSync(path, data);
    const tcpdump = parseTcpdumpStats(stderr);
    const meta: CaptureMeta = {
      format: "socklab-capture/1",
      lab,
      service,
      container: labels[L.target] ?? "",
      sidecar: info.name,
      image: info.image,
      interface: iface,
      address: labels[L.address] ?? "",
      filter: labels[L.filter] ?? "",
      offloads: {
        requested: labels[L.offloads] === "keep" ? "kept" : "off",
        ...(report.offloads ?? { tso: "?", gso: "?", gro: "?" }),
      },
      started: started.toISOString(),
      stopped: stopped.toISOString(),
      packets: tcpdump.captured ?? null,
      tcpdump,
      file: `${base}.pcap`,
      bytes: data.length,
    };
    writeFileSync(metaPath, `${JSON.stringify(meta, null, 2)}\n`);
    return { path, metaPath, meta };
  } finally {
    await docker.removeContainer(id);
  }
}

async function waitWithTimeout(docker: DockerClient, id: string, ms: number): Promise<number | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)));
  try {
    return await Promise.race([docker.waitContainer(id), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function uniqueBase(dir: string, base: string): string {
  let candidate = base;
  for (let i = 2; existsSync(join(dir, `${candidate}.pcap`)); i++) candidate = `${base}-${i}`;
  return candidate;
}

/** Capture sidecars of a lab (running or not), optionally of one service. */
export async function listCaptures(docker: DockerClient, lab: string, service?: string): Promise<string[]> {
  return (await listSidecars(docker, lab, CAPTURE_ROLE, service)).map((c) => c.id);
}

/** Stops and saves every capture of a lab; `lab down` (removeLab) calls it before removing anything. */
export async function saveRunningCaptures(docker: DockerClient, lab: string, log: (line: string) => void): Promise<SavedCapture[]> {
  const saved: SavedCapture[] = [];
  for (const id of await listCaptures(docker, lab)) {
    try {
      const s = await finishCapture(docker, id);
      log(`capture of ${s.meta.service} (${s.meta.interface}, ${s.meta.packets ?? "?"} packets) saved: ${s.path}`);
      saved.push(s);
    } catch (err) {
      log(`capture ${id.slice(0, 12)} could not be saved: ${(err as Error).message}`);
    }
  }
  return saved;
}
