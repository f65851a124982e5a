// The README's picture of each design under load, drawn by the lab itself: every server of
// the catalogue starts in its own lab (pools with 5 workers), a client holds 5 connections
// open (-r 0 --hold), and once the server holds them (iterative: one, the rest in the
// backlog) `service.structure()` is drawn as images/diagrams/<design>.svg, as
// `lab ps --tree --svg` draws it. Labs are named <prefix><design> and removed afterwards.
//   npm run diagrams                  every design, two at a time (about three minutes)
//   npm run diagrams -- tree-         another lab name prefix (default "diagram-")
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { dockerClient } from "../../lab/docker/connect.js";
import { startLab, type StartedLab } from "../../lab/lab/lab.js";
import { allProcesses, type ServiceStructure } from "../../lab/lab/structure.js";
import { renderStructureSvg } from "../../lab/lab/structure-svg.js";
import { loadArgs, SERVERS, serverCommand, serverVariables, type ServerProgram } from "../../lab/programs/programs.js";
import { projectRoot } from "../../lab/paths.js";
import { setup } from "../../lab/setup.js";
import { handleInterrupts } from "../../lab/util/interrupt.js";

const HELD = 5;
const PARALLEL = 2;
const HOLD_S = 30;
const prefix = process.argv[2] ?? "diagram-";
const outDir = join(projectRoot(), "images", "diagrams");
const docker = dockerClient();
const log = (line: string) => process.stderr.write(`${line}\n`);

const established = (s: ServiceStructure): number =>
  allProcesses(s).reduce((n, p) => n + p.sockets.filter((k) => k.kind === "tcp" && k.state === "ESTABLISHED").length, 0);

/** Held and settled: the server holds what it can serve, and no task is between calls. */
const settled = (s: ServiceStructure, served: number): boolean =>
  established(s) === served && allProcesses(s).every((p) => p.threads.every((t) => t.state !== "R" && t.blocked !== undefined));

async function snapshotUnderLoad(lab: StartedLab, served: number): Promise<ServiceStructure> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = await lab.service("server").structure();
    if (settled(s, served)) return s;
    if (Date.now() > deadline) throw new Error(`${lab.name}: ${established(s)} connections held, not ${served}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function draw(server: ServerProgram): Promise<void> {
  const opts = server.hasWorkers ? { workers: HELD } : {};
  const lab = await startLab({
    name: `${prefix}${server.name}`, topology: "server", docker, log,
    variables: serverVariables(server, opts), overrides: { server: { command: serverCommand(server, opts) } },
  });
  try {
    // The client holds its connections HOLD_S seconds, then closes them and exits: the lab goes down after.
    const load = lab.run("load", loadArgs({ connections: HELD, requests: 0, hold: HOLD_S }));
    const structure = await snapshotUnderLoad(lab, server.name === "iterative" ? 1 : HELD);
    writeFileSync(join(outDir, `${server.name}.svg`), renderStructureSvg([structure]));
    log(`${server.name}: images/diagrams/${server.name}.svg`);
    await load;
  } finally {
    await lab.down();
  }
}

handleInterrupts(); // Ctrl-C removes the labs started
await setup({ log });
const queue = [...SERVERS];
await Promise.all(Array.from({ length: PARALLEL }, async () => {
  for (let s = queue.shift(); s; s = queue.shift()) await draw(s);
}));
