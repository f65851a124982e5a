// Which lab and container a command means: a lab name, a server design or alias
// (whose lab has the design's name), or the only lab that is up. The lab core is loaded
// here, when a command runs, not when the CLI starts.
import type { DockerClient } from "../docker/docker-client.js";
import type { StartedLab } from "../lab/lab.js";
import { findServer } from "../programs/programs.js";
import { notFound, usageError } from "../errors.js";

export async function resolveLab(docker: DockerClient, given: string | undefined): Promise<string> {
  const { listLabs } = await import("../lab/teardown.js");
  const labs = await listLabs(docker);
  if (given !== undefined) {
    if (labs.includes(given)) return given;
    const server = findServer(given);
    if (server && labs.includes(server.name)) return server.name;
    const up = labs.length ? `labs up: ${labs.join(", ")}` : "no lab is up";
    throw notFound(`no lab '${given}' is up (${up})`);
  }
  if (labs.length === 1) return labs[0] as string;
  if (labs.length === 0) throw notFound("no lab is up: start one with `npx lab up server3`");
  throw usageError(`several labs are up (${labs.join(", ")}): name one with --lab`);
}

/** Re-opens the lab a command means (see resolveLab); its Docker client is `lab.docker`. */
export async function openGivenLab(given: string | undefined): Promise<StartedLab> {
  const [{ dockerClient }, { openLab }] = await Promise.all([import("../docker/connect.js"), import("../lab/lab.js")]);
  const docker = dockerClient();
  return openLab(await resolveLab(docker, given), docker);
}
