// UNP chapter 30 on this machine: `lab bench designs` with the book's load (5 x 500 x 4000
// bytes, 3 rounds) and `lab bench scaling` with its defaults, through the same library the
// CLI uses; the results go to bench/results/ and the designs table into bench/README.md
// (between its <!-- designs-table --> markers), which shows the chart beside UNP's Figure 30.1.
//   npm run bench:designs            both (about 5 minutes each on an idle 2-core machine)
//   npm run bench:designs -- designs only the designs; `-- scaling` only the sweep
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dockerClient } from "../lab/docker/connect.js";
import { setup } from "../lab/setup.js";
import { benchDesigns } from "../lab/bench/designs.js";
import { benchScaling } from "../lab/bench/scaling.js";
import { MAX_IDLE, parseIdleCounts, parseRows, SCALING_DEFAULTS, UNP_LOAD } from "../lab/bench/plan.js";
import { rowNames } from "../lab/bench/rows.js";
import { projectRoot } from "../lab/paths.js";
import { handleInterrupts } from "../lab/util/interrupt.js";

const which = process.argv[2] ?? "both";
const dir = join(projectRoot(), "bench");
const out = join(dir, "results");
const log = (line: string) => process.stderr.write(`${line}\n`);
const docker = dockerClient();

function replaceBetween(file: string, marker: string, text: string): void {
  const readme = readFileSync(file, "utf8");
  const open = `<!-- ${marker} -->`;
  const close = `<!-- /${marker} -->`;
  const a = readme.indexOf(open);
  const b = readme.indexOf(close);
  if (a < 0 || b < a) throw new Error(`${file} has no ${open} ... ${close} markers`);
  writeFileSync(file, `${readme.slice(0, a + open.length)}\n${text}\n${readme.slice(b)}`);
}

handleInterrupts(); // Ctrl-C removes the lab running and keeps the rounds measured, as in the CLI
await setup({ log });
if (which === "both" || which === "designs") {
  const designs = await benchDesigns({
    docker, rows: parseRows(rowNames().join(","), "designs"), load: UNP_LOAD, rounds: 3, labPrefix: "bench-", outDir: out, log,
  });
  replaceBetween(join(dir, "README.md"), "designs-table", designs.markdown);
  log(`designs: ${Math.round(designs.report.wallS)} s`);
}
if (which === "both" || which === "scaling") {
  const scaling = await benchScaling({
    docker, rows: parseRows(SCALING_DEFAULTS.designs, "scaling"), idle: parseIdleCounts(SCALING_DEFAULTS.idle, "idle", MAX_IDLE),
    load: SCALING_DEFAULTS.load, rounds: 3, labPrefix: "bench-", outDir: out, log,
  });
  replaceBetween(join(dir, "README.md"), "scaling-table", scaling.markdown);
  log(`scaling: ${Math.round(scaling.report.wallS)} s`);
}
