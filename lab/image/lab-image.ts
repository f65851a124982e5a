// The one image every program and sidecar runs from, built from images/ on top of the
// base image and tagged by content.
import type { DockerClient } from "../docker/docker-client.js";
import { IMAGE_LABEL } from "../docker/labels.js";
import { dockerError } from "../cli/errors.js";
import { contentHash } from "./content-hash.js";
import { imagesDir } from "../paths.js";

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
      tag,
      buildArgs: { BASE: baseTag },
      labels: { [IMAGE_LABEL]: "lab" },
      onLine: (line) => {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        if (/^Step \d+\/\d+/.test(line)) log(`  ${line}`);
      },
    });
  } catch (err) {
    throw dockerError(`building ${tag} failed: ${(err as Error).message}\n${tail.join("\n")}`);
  }
  return { tag, action: "built", seconds: (Date.now() - started) / 1000 };
}
