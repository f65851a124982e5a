// The one image every program and sidecar runs from, built from images/ on top of the
// base image and tagged by content.
import type { DockerClient } from "../docker/docker-client.js";
import { CHECKOUT_LABEL, IMAGE_LABEL } from "../docker/labels.js";
import { dockerError } from "../errors.js";
import { contentHash, contextFilter } from "./content-hash.js";
import { checkoutId, imagesDir } from "../paths.js";
import { findBaseImage, LOCAL_BASE, UPSTREAM_BASE } from "./base-image.js";

export const LAB_REPO = "socklab/lab";

export interface LabImageReport {
  tag: string;
  action: "present" | "built";
  seconds: number;
}

export function labImageTag(baseTag: string, dir = imagesDir()): string {
  return `${LAB_REPO}:${contentHash(dir, [baseTag])}`;
}

export async function ensureLabImage(
  docker: DockerClient,
  baseTag: string,
  log: (line: string) => void,
): Promise<LabImageReport> {
  const started = Date.now();
  const tag = labImageTag(baseTag);
  if (await docker.imageExists(tag)) return { tag, action: "present", seconds: 0 };
  log(`building ${tag} from images/ on ${baseTag}`);
  const tail: string[] = [];
  try {
    await docker.buildImage({
      contextDir: imagesDir(),
      ignore: contextFilter(imagesDir()),
      tag,
      buildArgs: { BASE: baseTag, CHECKOUT: checkoutId() },
      labels: { [IMAGE_LABEL]: "lab", [CHECKOUT_LABEL]: checkoutId() },
      onLine: (line) => {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        if (/^Step \d+\/\d+/.test(line)) log(`  ${line}`);
      },
    });
  } catch (err) {
    throw dockerError(`building ${tag} failed: ${(err as Error).message}\n${tail.join("\n")}`);
  }
  await removeSupersededImages(docker, tag, log);
  return { tag, action: "built", seconds: (Date.now() - started) / 1000 };
}

/**
 * Every rebuild leaves the previous lab image and its build stage behind (the build stage
 * is labelled socklab.image=build in the Dockerfile). Keep the newest build stage, whose
 * layers are the cache of the next build, and remove the rest; images a container still
 * uses stay. Only this checkout's images: another checkout on the same engine (a second
 * clone, a CI run) keeps its own.
 */
export async function removeSupersededImages(docker: DockerClient, current: string, log: (line: string) => void): Promise<void> {
  // By tag: an identical rebuild gives one image two tags, and only the old tag goes.
  const mine = { [CHECKOUT_LABEL]: checkoutId() };
  const old = (await docker.listImages({ [IMAGE_LABEL]: "lab", ...mine }))
    .flatMap((i) => i.tags)
    .filter((t) => t.startsWith(`${LAB_REPO}:`) && t !== current);
  const stages = (await docker.listImages({ [IMAGE_LABEL]: "build", ...mine }, true)).sort((a, b) => b.created - a.created).slice(1);
  for (const ref of [...old, ...stages.map((s) => s.id)]) await docker.removeImage(ref);
  if (old.length + stages.length > 0) log(`removed ${old.length} superseded lab image(s) and ${stages.length} old build stage(s)`);
}

/**
 * The lab image for a library caller (startLab): built where missing, as testcontainers
 * builds from a Dockerfile, but nothing is installed on the host. Where no engine answers,
 * or the base image would have to be made with debootstrap, one line says to run `lab setup`.
 */
export async function requireLabImage(docker: DockerClient, log: (line: string) => void): Promise<LabImageReport> {
  try {
    await docker.ping();
  } catch (err) {
    const where = process.env.DOCKER_HOST ? ` at DOCKER_HOST=${process.env.DOCKER_HOST}` : "";
    throw dockerError(`no Docker engine answers${where} (${(err as Error).message.split("\n")[0]}): run \`lab setup\``);
  }
  const base = await findBaseImage(docker);
  if (!base) throw dockerError(`no base image (${UPSTREAM_BASE} or ${LOCAL_BASE}) and none can be pulled: run \`lab setup\``);
  return ensureLabImage(docker, base.tag, log);
}
