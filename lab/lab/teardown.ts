// Removing a lab: by its label only, so nothing we did not create is ever touched.
// Programs get SIGTERM first (through init) so servers print their CPU times and reap
// their workers; what they said last is handed back to the caller.
import { statusOf, type DockerClient } from "../docker/docker-client.js";
import { LAB_LABEL, ROLE_LABEL } from "../docker/labels.js";
import { LabError } from "../errors.js";
import { saveRunningCaptures } from "../capture/capture.js";

export interface LastWords {
  container: string;
  lines: string[];
}

export async function removeLab(
  docker: DockerClient,
  lab: string,
  log: (line: string) => void,
): Promise<LastWords[]> {
  // Running captures first: tcpdump ends cleanly and the pcap is saved before anything goes.
  await saveRunningCaptures(docker, lab, log);
  const containers = await docker.listContainers({ [LAB_LABEL]: lab });
  const programs = containers.filter((c) => c.running && !c.labels[ROLE_LABEL]);
  await Promise.all(programs.map((c) => docker.stopContainer(c.id, 5).catch(() => {})));
  const words: LastWords[] = [];
  for (const c of programs) {
    const { stdout, stderr } = await docker.logs(c.id).catch(() => ({ stdout: "", stderr: "" }));
    // Servers say their CPU times on stderr; a program that only wrote stdout is heard there.
    const lines = (stderr.trim() || stdout.trim()).split("\n").filter(Boolean).slice(-3);
    if (lines.length) words.push({ container: c.name, lines });
  }
  await Promise.all(containers.map((c) => docker.removeContainer(c.id)));
  // Something of the lab may have been created meanwhile (Ctrl-C while `lab up` was
  // still starting containers, or a sidecar): remove it too before the network.
  for (let round = 0; round < 3; round++) {
    const late = await docker.listContainers({ [LAB_LABEL]: lab });
    if (late.length === 0) break;
    await Promise.all(late.map((c) => docker.removeContainer(c.id)));
  }
  for (const n of await docker.listNetworks({ [LAB_LABEL]: lab })) {
    try {
      await docker.removeNetwork(n.id);
    } catch (err) {
      if (statusOf(err) !== 403 && statusOf(err) !== 409) throw err;
      // In use by a container socklab did not create (e.g. `docker run --network`): not ours to remove.
      throw new LabError(
        `network ${n.name} of lab ${lab} is still used by a container socklab did not start ` +
          `(see \`docker network inspect ${n.name}\`): disconnect or remove it, then \`lab down ${lab}\` again`,
      );
    }
  }
  return words;
}

/** Every lab that has a container or network labelled, by name. */
export async function listLabs(docker: DockerClient): Promise<string[]> {
  const [containers, networks] = await Promise.all([
    docker.listContainers({ [LAB_LABEL]: "" }),
    docker.listNetworks({ [LAB_LABEL]: "" }),
  ]);
  const names = new Set<string>();
  for (const r of [...containers, ...networks]) {
    const n = r.labels[LAB_LABEL];
    if (n) names.add(n);
  }
  return [...names].sort();
}
