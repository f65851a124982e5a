import type { Command } from "commander";
import { resolve } from "node:path";
import { CLIENT_TEST_LIMITS as L, SERVER_LIMITS } from "../../programs/programs.js";
import { MAX_IDLE, SCALING_DEFAULTS, UNP_LOAD } from "../../bench/plan.js";
import { intOption, rangeOption } from "../options.js";
import { progress, say } from "../output.js";

// Heavy modules (the bench, Vega) are imported inside the actions: `lab --help` and the
// other commands do not load them.

interface CommonOptions {
  rounds: number;
  json?: boolean;
  out?: string;
  labPrefix: string;
}

interface DesignsOptions extends CommonOptions {
  designs?: string;
  connections: number;
  children: number;
  bytes: number;
  workers?: number;
}

interface ScalingOptions extends CommonOptions {
  designs: string;
  idle: string;
  connections: number;
  children: number;
  bytes: number;
}

const DESIGN_DEFAULTS = "every design, prefork-lock-fcntl, epoll-et, and the reference rows limit and nginx";

function common(cmd: Command, roundsDefault: number): Command {
  return cmd
    .option("--rounds <n>", "rounds per design (medians with min–max over them)", intOption("--rounds", 1, 100), roundsDefault)
    .option("--json", "print the JSON report (every round, the machine) instead of the table")
    .option("--out <dir>", "where the JSON, the Markdown table and the SVG chart go (default ./bench-results)")
    .option("--lab-prefix <prefix>", "prefix of the labs the bench starts (one at a time)", "bench-");
}

export function registerBench(program: Command): void {
  const bench = program
    .command("bench")
    .description("measure the server designs under the same load (UNP chapter 30), with tables and charts");

  common(
    bench
      .command("designs")
      .description("each design in its own lab under UNP's load: CPU, conn/s, latency, memory, processes, per-worker counts")
      .option("--designs <a,b,...>", `designs to run (default: ${DESIGN_DEFAULTS})`)
      .option("-c, --connections <n>", "connections per client process", rangeOption(L.connections), UNP_LOAD.connections)
      .option("-t, --children <n>", "client processes", rangeOption(L.children), UNP_LOAD.children)
      .option("-n, --bytes <n>", "bytes asked for per connection", rangeOption(L.bytes), UNP_LOAD.bytes)
      .option("-w, --workers <n>", "workers of the pool designs (default: each server's own, 4)", rangeOption({ ...SERVER_LIMITS.workers, flag: "-w" })),
    3,
  ).action(async (opts: DesignsOptions) => {
    const { parseRows } = await import("../../bench/plan.js");
    const { rowNames } = await import("../../bench/rows.js");
    const rows = parseRows(opts.designs ?? rowNames().join(","), "--designs");
    const { benchDesigns } = await import("../../bench/designs.js");
    const { defaultOutDir } = await import("../../bench/results-files.js");
    const { dockerClient } = await import("../../docker/connect.js");
    const { setup } = await import("../../setup.js");
    await setup({ log: progress }); // the CLI may install and start an engine; the library never does
    const outDir = opts.out ? resolve(opts.out) : defaultOutDir();
    const outcome = await benchDesigns({
      docker: dockerClient(),
      rows,
      load: { connections: opts.connections, children: opts.children, bytes: opts.bytes },
      rounds: opts.rounds,
      workers: opts.workers,
      labPrefix: opts.labPrefix,
      outDir,
      log: progress,
    });
    if (opts.json) say(JSON.stringify(outcome.report, null, 2));
    else say(outcome.markdown);
    progress(`bench: wrote ${outcome.files.join(", ")} in ${Math.round(outcome.report.wallS)} s`);
  });

  common(
    bench
      .command("scaling")
      .description("a fixed active load beside K idle connections held open: rate and reply p99 as K grows")
      .option("--designs <a,b,...>", "designs to sweep", SCALING_DEFAULTS.designs)
      .option("--idle <k,k,...>", `idle connections to hold, each 0..${MAX_IDLE}`, SCALING_DEFAULTS.idle)
      .option("-c, --connections <n>", "active load: connections per client process", rangeOption(L.connections), SCALING_DEFAULTS.load.connections)
      .option("-t, --children <n>", "active load: client processes", rangeOption(L.children), SCALING_DEFAULTS.load.children)
      .option("-n, --bytes <n>", "active load: bytes asked for per connection", rangeOption(L.bytes), SCALING_DEFAULTS.load.bytes),
    3,
  ).action(async (opts: ScalingOptions) => {
    const { parseIdleCounts, parseRows } = await import("../../bench/plan.js");
    const { BENCH_ROWS } = await import("../../bench/rows.js");
    const designs = BENCH_ROWS.filter((r) => !r.reference).map((r) => r.name);
    const rows = parseRows(opts.designs, "--designs", designs);
    const idle = parseIdleCounts(opts.idle, "--idle", MAX_IDLE);
    const { benchScaling } = await import("../../bench/scaling.js");
    const { defaultOutDir } = await import("../../bench/results-files.js");
    const { dockerClient } = await import("../../docker/connect.js");
    const { setup } = await import("../../setup.js");
    await setup({ log: progress });
    const outcome = await benchScaling({
      docker: dockerClient(),
      rows,
      idle,
      load: { connections: opts.connections, children: opts.children, bytes: opts.bytes },
      rounds: opts.rounds,
      labPrefix: opts.labPrefix,
      outDir: opts.out ? resolve(opts.out) : defaultOutDir(),
      log: progress,
    });
    if (opts.json) say(JSON.stringify(outcome.report, null, 2));
    else say(outcome.markdown);
    progress(`bench: wrote ${outcome.files.join(", ")} in ${Math.round(outcome.report.wallS)} s`);
  });
}
