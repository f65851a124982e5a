// `lab ps --tree`: the structure of each service of a lab, read from /proc in its container,
// as a text tree (or redrawn every second), as JSON, as Mermaid or as an SVG file.
import { writeFileSync } from "node:fs";
import { dockerClient } from "../../docker/connect.js";
import { LabError } from "../../errors.js";
import { openLab, type StartedLab } from "../../lab/lab.js";
import type { ServiceStructure } from "../../lab/structure.js";
import { renderStructureSvg } from "../../lab/structure-svg.js";
import { renderStructureMermaid, renderStructureText } from "../../lab/structure-text.js";
import { resolveLab } from "../resolve.js";
import { progress, say } from "../output.js";

export interface TreeOptions {
  json?: boolean;
  watch?: boolean;
  mermaid?: boolean;
  svg?: string;
}

async function snapshot(lab: StartedLab): Promise<ServiceStructure[]> {
  const services = [...lab.services.values()].sort((a, b) => a.name.localeCompare(b.name));
  return Promise.all(services.map((s) => s.structure()));
}

export async function showTree(labName: string | undefined, opts: TreeOptions): Promise<void> {
  const docker = dockerClient();
  const lab = await openLab(await resolveLab(docker, labName), docker);
  if (opts.watch) return watch(lab);
  const structures = await snapshot(lab);
  if (opts.svg !== undefined) {
    try {
      writeFileSync(opts.svg, renderStructureSvg(structures));
    } catch (err) {
      throw new LabError(`cannot write ${opts.svg}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    progress(`wrote ${opts.svg}`);
  }
  if (opts.json) say(JSON.stringify({ lab: lab.name, services: structures }, null, 2));
  else if (opts.mermaid) process.stdout.write(renderStructureMermaid(structures));
  else if (opts.svg === undefined) say(structures.map(renderStructureText).join("\n\n"));
}

/** Redraws in place: cursor home, each line cleared to its end, then the rest of the screen cleared. */
async function watch(lab: StartedLab): Promise<void> {
  let stop = false;
  process.stdout.write("\x1b[2J");
  process.once("SIGINT", () => (stop = true));
  while (!stop) {
    const text = (await snapshot(lab)).map(renderStructureText).join("\n\n");
    const stamp = `lab ${lab.name}: ${new Date().toISOString().slice(11, 19)} UTC (Ctrl-C stops)`;
    process.stdout.write(`\x1b[H${[stamp, "", ...text.split("\n")].map((l) => `${l}\x1b[K`).join("\n")}\n\x1b[J`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
