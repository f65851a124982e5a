// `lab setup`: an engine that answers, a base image, and the lab image, each made only
// where missing. Everything that starts a lab goes through here first.
import type { DockerClient } from "./docker/docker-client.js";
import { dockerClient } from "./docker/connect.js";
import { ensureEngine, type EngineReport } from "./engine/engine.js";
import { ensureBaseImage, type BaseReport } from "./image/base-image.js";
import { ensureLabImage, type LabImageReport } from "./image/lab-image.js";

export interface SetupReport {
  engine: EngineReport;
  base: BaseReport;
  image: LabImageReport;
  seconds: number;
}

export interface SetupOptions {
  docker?: DockerClient;
  log?: (line: string) => void;
}

export async function setup(opts: SetupOptions = {}): Promise<SetupReport> {
  const started = Date.now();
  const docker = opts.docker ?? dockerClient();
  const log = opts.log ?? (() => {});
  const engine = await ensureEngine(docker, log);
  const base = await ensureBaseImage(docker, log);
  const image = await ensureLabImage(docker, base.tag, log, { tagLatest: true }); // what the Compose files default to
  return { engine, base, image, seconds: (Date.now() - started) / 1000 };
}

export function describeSetup(r: SetupReport): string[] {
  const engine = {
    none: "reachable",
    started: "was installed, now started",
    installed: "installed (Debian docker.io) and started",
  }[r.engine.action];
  return [
    `docker engine ${r.engine.version} (API ${r.engine.apiVersion}): ${engine}`,
    `base image ${r.base.tag}: ${r.base.action}`,
    `lab image ${r.image.tag}: ${r.image.action === "built" ? `built in ${r.image.seconds.toFixed(1)} s` : "present"}`,
    `setup took ${r.seconds.toFixed(1)} s`,
  ];
}
