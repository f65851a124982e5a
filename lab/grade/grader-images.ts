// The two images a grader needs: the lab image (where servers and clients run) and its
// build stage (where submissions compile); each made only where missing.
import type { DockerClient } from "../docker/docker-client.js";
import { dockerClient } from "../docker/connect.js";
import { ensureBuildImage } from "../image/build-image.js";
import { setup } from "../setup.js";

export async function graderImages(opts: { docker?: DockerClient; log?: (line: string) => void } = {}): Promise<{ image: string; buildImage: string }> {
  const docker = opts.docker ?? dockerClient();
  const log = opts.log ?? (() => {});
  const report = await setup({ docker, log });
  return { image: report.image.tag, buildImage: await ensureBuildImage(docker, report.base.tag, log) };
}
