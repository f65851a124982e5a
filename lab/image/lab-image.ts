// The one image every program and sidecar runs from, built from images/ on top of the
// base image and tagged by content.
import type { DockerClient } from "../docker/docker-client.js";
import { CHECKOUT_LABEL, IMAGE_LABEL } from "../docker/labels.js";
import { dockerError } from "../errors.js";
import { contentHash, contextFilter } from "./content-hash.js";
import { checkoutId, imagesDir, projectRoot } from "../paths.js";
import { findBaseImage, LOCAL_BASE, UPSTREAM_BASE } from "./base-image.js";
import { relative } from "node:path";

export const LAB_REPO = "socklab/lab";

/**
 * The name the Compose files default to (`${SOCKLAB_IMAGE:-socklab/lab:latest}`), so that
 * `docker-compose -f compose/server.yml up` runs them unchanged after `lab setup`. One engine
 * may serve several checkouts, each with its own content-hash tag: `latest` follows whichever
 * checkout ran setup last (`lab setup`, commands that run it first such as `lab up`, the
 * test suite's setup). A library startLab() that builds a missing image leaves it alone.
 */
export const LAB_LATEST = `${LAB_REPO}:latest`;

export interface LabImageReport {
  tag: string;
  action: "present" | "built";
  seconds: number;
}

export function labImageTag(baseTag: string, dir = imagesDir()): string {
  return `${LAB_REPO}:${contentHash(dir, [baseTag])}`;
}

/** An image socklab builds from a directory of images/ on top of the base image. */
export interface ImageRecipe {
  repo: string;
  /** Its socklab.image label, by which its superseded builds are found and removed. */
  kind: string;
  contextDir: string;
  /** The tag that follows the newest build (the lab image's `latest`), never pruned. */
  latest?: string;
}

const LAB_RECIPE = (): ImageRecipe => ({ repo: LAB_REPO, kind: "lab", contextDir: imagesDir(), latest: LAB_LATEST });

export function ensureLabImage(
  docker: DockerClient,
  baseTag: string,
  log: (line: string) => void,
  opts: { tagLatest?: boolean } = {},
): Promise<LabImageReport> {
  return ensureImage(docker, LAB_RECIPE(), baseTag, log, opts);
}

/** Builds the recipe's image where its content-hash tag is missing, then prunes its older builds. */
export async function ensureImage(
  docker: DockerClient,
  recipe: ImageRecipe,
  baseTag: string,
  log: (line: string) => void,
  opts: { tagLatest?: boolean } = {},
): Promise<LabImageReport> {
  const started = Date.now();
  const tag = `${recipe.repo}:${contentHash(recipe.contextDir, [baseTag])}`;
  const latest = opts.tagLatest ? recipe.latest : undefined;
  if (await docker.imageExists(tag)) {
    if (latest) await docker.tagImage(tag, latest);
    return { tag, action: "present", seconds: 0 };
  }
  log(`building ${tag} from ${relative(projectRoot(), recipe.contextDir)}/ on ${baseTag}`);
  const tail: string[] = [];
  try {
    await docker.buildImage({
      contextDir: recipe.contextDir,
      ignore: contextFilter(recipe.contextDir),
      tag,
      buildArgs: { BASE: baseTag, CHECKOUT: checkoutId() },
      labels: { [IMAGE_LABEL]: recipe.kind, [CHECKOUT_LABEL]: checkoutId() },
      onLine: (line) => {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        if (/^Step \d+\/\d+/.test(line)) log(`  ${line}`);
      },
    });
  } catch (err) {
    throw dockerError(`building ${tag} failed: ${(err as Error).message}\n${tail.join("\n")}`);
  }
  // latest moves first: an old image of ours it named then loses its last tag and goes.
  if (latest) await docker.tagImage(tag, latest);
  await removeSupersededImages(docker, tag, log, recipe);
  return { tag, action: "built", seconds: (Date.now() - started) / 1000 };
}

/**
 * Every rebuild leaves the previous lab image and its build stage behind (the build stage
 * is labelled socklab.image=build in the Dockerfile). Keep the newest build stage, whose
 * layers are the cache of the next build, and remove the rest; images a container still
 * uses stay. Only this checkout's images: another checkout on the same engine (a second
 * clone, a CI run) keeps its own. `latest` is never removed, whichever checkout it names;
 * an old image of ours that `latest` named until setup moved it is left with no tag, and goes.
 */
export async function removeSupersededImages(
  docker: DockerClient,
  current: string,
  log: (line: string) => void,
  recipe: Pick<ImageRecipe, "repo" | "kind" | "latest"> = LAB_RECIPE(),
): Promise<void> {
  // By tag: an identical rebuild gives one image two tags, and only the old tag goes.
  const mine = { [CHECKOUT_LABEL]: checkoutId() };
  const images = await docker.listImages({ [IMAGE_LABEL]: recipe.kind, ...mine });
  const old = [
    ...images.flatMap((i) => i.tags).filter((t) => t.startsWith(`${recipe.repo}:`) && t !== current && t !== recipe.latest),
    ...images.filter((i) => i.tags.length === 0).map((i) => i.id),
  ];
  // Only the lab image's Dockerfile has a separate build stage (labelled "build").
  const stages =
    recipe.kind === "lab"
      ? (await docker.listImages({ [IMAGE_LABEL]: "build", ...mine }, true)).sort((a, b) => b.created - a.created).slice(1)
      : [];
  for (const ref of [...old, ...stages.map((s) => s.id)]) await docker.removeImage(ref);
  if (old.length + stages.length > 0) log(`removed ${old.length} superseded ${recipe.kind} image(s) and ${stages.length} old build stage(s)`);
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
