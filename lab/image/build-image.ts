// The lab image's build stage (gcc, make, libc headers: images/Dockerfile, stage
// `build`), tagged so that a grader can compile a submission with exactly the compiler
// that built the lab's own programs. Built with --target build: after the lab image was
// built, every step is in the cache and this only adds a tag.
import type { DockerClient } from "../docker/docker-client.js";
import { CHECKOUT_LABEL, IMAGE_LABEL } from "../docker/labels.js";
import { dockerError } from "../errors.js";
import { checkoutId, imagesDir } from "../paths.js";
import { LAB_REPO, labImageTag } from "./lab-image.js";

export const BUILD_REPO = "socklab/build";

/** The build stage's tag: the lab image's content hash under another name. */
export function buildImageTag(baseTag: string): string {
  return `${BUILD_REPO}:${labImageTag(baseTag).slice(LAB_REPO.length + 1)}`;
}

export async function ensureBuildImage(docker: DockerClient, baseTag: string, log: (line: string) => void): Promise<string> {
  const tag = buildImageTag(baseTag);
  if (await docker.imageExists(tag)) return tag;
  log(`tagging the build stage of images/ as ${tag}`);
  try {
    await docker.buildImage({
      contextDir: imagesDir(),
      tag,
      target: "build",
      buildArgs: { BASE: baseTag, CHECKOUT: checkoutId() },
      labels: { [IMAGE_LABEL]: "build", [CHECKOUT_LABEL]: checkoutId() },
    });
  } catch (err) {
    throw dockerError(`building ${tag} failed: ${(err as Error).message}`);
  }
  // This checkout's older build tags: their layers are superseded by this one.
  const old = (await docker.listImages({ [IMAGE_LABEL]: "build", [CHECKOUT_LABEL]: checkoutId() }))
    .flatMap((i) => i.tags)
    .filter((t) => t.startsWith(`${BUILD_REPO}:`) && t !== tag);
  for (const t of old) await docker.removeImage(t);
  return tag;
}
