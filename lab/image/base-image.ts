// The base the lab image builds FROM. debian:bookworm-slim where it is present or can be
// pulled; where no registry answers (as on the lab's own CI machines), a Debian bookworm
// root filesystem made with debootstrap from the host's configured Debian mirror.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DockerClient } from "../docker/docker-client.js";
import { IMAGE_LABEL } from "../docker/labels.js";
import { dockerError } from "../errors.js";
import { aptInstall, canUseApt } from "../engine/engine.js";

export const UPSTREAM_BASE = "debian:bookworm-slim";
export const LOCAL_BASE = "socklab/base:bookworm";

export interface BaseReport {
  tag: string;
  action: "present" | "pulled" | "debootstrapped";
}

/** The Debian mirror apt on this host uses (deb822 or one-line format), so we ask nothing else. */
export function hostDebianMirror(files: Array<{ name: string; text: string }>): string | undefined {
  for (const { text } of files) {
    const deb822 = /^URIs:\s*(\S+)/m.exec(text);
    if (deb822?.[1] && !/security/.test(deb822[1])) return deb822[1];
    for (const line of text.split("\n")) {
      const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+bookworm\s/.exec(line.trim());
      if (m?.[1]) return m[1];
    }
  }
  return undefined;
}

function readAptSources(): Array<{ name: string; text: string }> {
  const files: Array<{ name: string; text: string }> = [];
  const add = (p: string) => {
    if (existsSync(p)) files.push({ name: p, text: readFileSync(p, "utf8") });
  };
  add("/etc/apt/sources.list");
  const dir = "/etc/apt/sources.list.d";
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).sort()) if (/\.(list|sources)$/.test(f) && /debian/.test(f)) add(join(dir, f));
  }
  return files;
}

async function tryPull(docker: DockerClient): Promise<boolean> {
  try {
    await docker.pullImage(UPSTREAM_BASE);
    return true;
  } catch {
    return false;
  }
}

async function debootstrap(docker: DockerClient, log: (line: string) => void): Promise<void> {
  const mirror = hostDebianMirror(readAptSources());
  if (!mirror) throw dockerError("cannot build a base image: no registry answered and no Debian mirror is configured in /etc/apt");
  if (spawnSync("sh", ["-c", "command -v debootstrap"], { stdio: "ignore" }).status !== 0) {
    if (!canUseApt()) throw dockerError(`cannot pull ${UPSTREAM_BASE} and debootstrap is missing: install debootstrap (as root) or make ${UPSTREAM_BASE} available`);
    aptInstall(["debootstrap"], log);
  }
  const root = mkdtempSync(join(tmpdir(), "socklab-rootfs-"));
  try {
    log(`$ debootstrap --variant=minbase bookworm ${root} ${mirror}`);
    const r = spawnSync("debootstrap", ["--variant=minbase", "bookworm", root, mirror], { stdio: ["ignore", "pipe", "pipe"] });
    if (r.status !== 0) {
      throw dockerError(`debootstrap failed (exit ${r.status}): ${r.stderr.toString().trim().split("\n").slice(-2).join(" / ")}`);
    }
    rmSync(join(root, "var/cache/apt/archives"), { recursive: true, force: true });
    log(`importing the root filesystem as ${LOCAL_BASE}`);
    const tar = spawn("tar", ["-C", root, "-c", "."], { stdio: ["ignore", "pipe", "inherit"] });
    const tarStatus = new Promise<number | null>((r) => {
      tar.on("close", (code) => r(code));
      tar.on("error", () => r(-1));
    });
    await docker.importImage(tar.stdout, LOCAL_BASE, { [IMAGE_LABEL]: "base" });
    const status = await tarStatus;
    if (status !== 0) {
      // A truncated tarball imports without complaint: do not leave a broken base behind.
      await docker.removeImage(LOCAL_BASE).catch(() => {});
      throw dockerError(`\`tar -C ${root} -c .\` failed (exit ${status}): ${LOCAL_BASE} not made`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The base image where it is present or can be pulled; undefined where it must be made (debootstrap). */
export async function findBaseImage(docker: DockerClient): Promise<BaseReport | undefined> {
  if (await docker.imageExists(UPSTREAM_BASE)) return { tag: UPSTREAM_BASE, action: "present" };
  if (await docker.imageExists(LOCAL_BASE)) return { tag: LOCAL_BASE, action: "present" };
  if (await tryPull(docker)) return { tag: UPSTREAM_BASE, action: "pulled" };
  return undefined;
}

/** Finds or makes the base image (installing debootstrap on the host where needed); returns its tag. */
export async function ensureBaseImage(docker: DockerClient, log: (line: string) => void): Promise<BaseReport> {
  const found = await findBaseImage(docker);
  if (found) return found;
  log(`${UPSTREAM_BASE} cannot be pulled here: making ${LOCAL_BASE} with debootstrap (about a minute)`);
  await debootstrap(docker, log);
  return { tag: LOCAL_BASE, action: "debootstrapped" };
}
