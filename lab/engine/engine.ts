// Makes sure a Docker engine answers. Where none does and this is a Debian or Ubuntu
// host on which we are root, installs Debian's docker.io and starts dockerd; anywhere
// else, says exactly what to do. Every fresh CI machine starts without an engine.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, openSync, readFileSync } from "node:fs";
import type { DockerClient } from "../docker/docker-client.js";
import { dockerError } from "../errors.js";

export interface EngineReport {
  /** What had to be done: nothing, started, installed-and-started. */
  action: "none" | "started" | "installed";
  version: string;
  apiVersion: string;
}

const DOCKERD_LOG = "/var/log/socklab-dockerd.log";

export async function isReachable(docker: DockerClient): Promise<boolean> {
  try {
    await docker.ping();
    return true;
  } catch {
    return false;
  }
}

function hostOs(): string {
  try {
    const text = readFileSync("/etc/os-release", "utf8");
    const id = /^ID=(.*)$/m.exec(text)?.[1]?.replace(/"/g, "") ?? "";
    const like = /^ID_LIKE=(.*)$/m.exec(text)?.[1]?.replace(/"/g, "") ?? "";
    return `${id} ${like}`;
  } catch {
    return "";
  }
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;
const hasCommand = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;

/**
 * What every command says when no engine answers (one wording everywhere). `lab setup`
 * itself, which has tried to install and start one, says more in howToFix().
 */
export function noEngineHint(): string {
  if (process.env.DOCKER_HOST) return `no Docker engine answers at DOCKER_HOST=${process.env.DOCKER_HOST}: start it, or unset DOCKER_HOST`;
  return "no Docker engine answers at /var/run/docker.sock: run `npx lab setup` (it installs and starts one where it can)";
}

function howToFix(): string {
  if (process.env.DOCKER_HOST) return noEngineHint();
  if (!isRoot()) {
    return "no Docker engine reachable at /var/run/docker.sock and we are not root: start Docker (e.g. `sudo systemctl start docker`), add yourself to the docker group, or run `sudo npx lab setup` once";
  }
  return "no Docker engine reachable and this host is not Debian/Ubuntu: install Docker Engine, start it, and run `npx lab setup` again";
}

function runLogged(cmd: string, args: string[], log: (line: string) => void): void {
  log(`$ ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (r.status !== 0) {
    const tail = `${r.stderr?.toString() ?? ""}`.trim().split("\n").slice(-3).join(" / ");
    throw dockerError(`\`${cmd} ${args.join(" ")}\` failed (exit ${r.status}): ${tail}`);
  }
}

/** Installs Debian packages (as root on Debian/Ubuntu), updating the lists once. */
export function aptInstall(packages: string[], log: (line: string) => void): void {
  runLogged("apt-get", ["update", "-qq"], log);
  runLogged("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages], log);
}

export function canUseApt(): boolean {
  return isRoot() && /\b(debian|ubuntu)\b/.test(hostOs()) && hasCommand("apt-get");
}

/** Starts the engine; returns where its log is, for the message if it does not answer. */
function startDockerd(log: (line: string) => void): string {
  const systemd = existsSync("/run/systemd/system") && hasCommand("systemctl");
  if (systemd) {
    runLogged("systemctl", ["start", "docker"], log);
    return "`journalctl -u docker`";
  }
  log(`$ dockerd (detached, log in ${DOCKERD_LOG})`);
  const out = openSync(DOCKERD_LOG, "a");
  const child = spawn("dockerd", [], { detached: true, stdio: ["ignore", out, out] });
  // A spawn failure is an 'error' event; unheard, it would kill us with a stack trace.
  child.on("error", (err) => log(`dockerd did not start: ${err.message}`));
  child.unref();
  return DOCKERD_LOG;
}

async function waitReachable(docker: DockerClient, seconds: number): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await isReachable(docker)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** Returns once an engine answers, installing and starting one where we may. */
export async function ensureEngine(docker: DockerClient, log: (line: string) => void): Promise<EngineReport> {
  let action: EngineReport["action"] = "none";
  if (!(await isReachable(docker))) {
    if (process.env.DOCKER_HOST || !canUseApt()) throw dockerError(howToFix());
    if (!hasCommand("dockerd")) {
      log("no Docker engine installed: installing Debian's docker.io");
      aptInstall(["docker.io", "iptables"], log);
      action = "installed";
    } else {
      action = "started";
    }
    const logAt = startDockerd(log);
    if (!(await waitReachable(docker, 60))) {
      throw dockerError(`dockerd did not answer within 60 s: see ${logAt}`);
    }
  }
  const v = await docker.serverVersion();
  return { action, version: v.version, apiVersion: v.apiVersion };
}
