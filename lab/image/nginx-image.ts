// nginx's stream module as a reference server for `lab bench`: its own small image,
// built FROM the lab's base image (images/nginx/), so the lab image does not grow.
import { join } from "node:path";
import type { DockerClient } from "../docker/docker-client.js";
import { imagesDir } from "../paths.js";
import { ensureBaseImage } from "./base-image.js";
import { ensureImage, type LabImageReport } from "./lab-image.js";

export const NGINX_REPO = "socklab/nginx";
/** compose/nginx.yml's default image: the newest build of any checkout on this engine. */
export const NGINX_LATEST = `${NGINX_REPO}:latest`;

export async function ensureNginxImage(docker: DockerClient, log: (line: string) => void): Promise<LabImageReport> {
  const base = await ensureBaseImage(docker, log);
  const recipe = { repo: NGINX_REPO, kind: "nginx", contextDir: join(imagesDir(), "nginx"), latest: NGINX_LATEST };
  return ensureImage(docker, recipe, base.tag, log, { tagLatest: true });
}
