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
      const e = err as NodeJS.ErrnoException;
      const why = e.code ? `${e.message.replace(/^\w+: /, "").replace(/, \w+ '.*'$/, "")} (${e.code})` : String(err);
      throw new LabError(`cannot write ${opts.svg}: ${why}`);
    }
    progress(`wrote ${opts.svg}`);
  }
  if (opts.json) say(JSON.stringify({ lab: lab.name, services: structures }, null, 2));
  else if (opts.mermaid) process.stdout.write(renderStructureMermaid(structures));
  else if (opts.svg === undefined) say(structures.map(renderStructureText).join("\n\n"));
}

/**
 * One frame of --watch: cursor home, each line cleared to its end, the rest of the screen
 * cleared, so the old frame is overwritten in place instead of blanked (no flicker). On a
 * terminal the frame is cut to its height: a frame that scrolled would tear.
 */
export function watchFrame(lines: string[], rows?: number): string {
  const fit = rows && lines.length > rows - 1 ? [...lines.slice(0, rows - 2), `... ${lines.length - rows + 2} more lines (a taller terminal shows them)`] : lines;
  return `\x1b[H${fit.map((l) => `${l}\x1b[K`).join("\n")}\n\x1b[J`;
}

/** Redraws the tree every second until Ctrl-C; the screen is cleared once, at the start. */
async function watch(lab: StartedLab): Promise<void> {
  let stop = false;
  const tty = process.stdout.isTTY;
  process.stdout.write(tty ? "\x1b[2J\x1b[?25l" : "\x1b[2J"); // the cursor hidden: it would blink across the frame
  let wake = (): void => {};
  const end = (): void => void ((stop = true), wake());
  for (const s of ["SIGINT", "SIGTERM"] as const) process.once(s, end); // the normal end: exit 0, cursor back
  try {
    while (!stop) {
      const started = Date.now(); // a frame a second, whatever a snapshot takes (a busy engine: most of it)
      const text = (await snapshot(lab)).map(renderStructureText).join("\n\n");
      if (stop) break;
      const stamp = `lab ${lab.name}: ${new Date().toISOString().slice(11, 19)} UTC (Ctrl-C stops)`;
      process.stdout.write(watchFrame([stamp, "", ...text.split("\n")], tty ? process.stdout.rows : undefined));
      await new Promise<void>((r) => ((wake = r), setTimeout(r, Math.max(0, started + 1000 - Date.now()))));
    }
  } finally {
    if (tty) process.stdout.write("\x1b[?25h");
  }
}
