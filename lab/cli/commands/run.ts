import type { Command } from "commander";
import { resolve } from "node:path";
import { capturesDir } from "../../paths.js";
import { ExitCode, LabError, notFound, usageError } from "../../errors.js";
import { intOption } from "../options.js";
import { progress, say } from "../output.js";

interface RunOptions {
  all?: boolean;
  jobs: number;
  out?: string;
  json?: boolean;
  prefix: string;
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("run wire scenarios, each case in a lab of its own; one verdict per assertion with its evidence")
    .argument("[scenario...]", "scenario names (see `lab scenarios`)")
    .option("--all", "run every scenario")
    .option("-j, --jobs <n>", "cases run at once (each is mostly waiting on Docker and TCP timers)", intOption("--jobs", 1, 16), 4)
    .option("--out <dir>", "write results under <dir>/<scenario>/<UTC time>/ (default ./captures)")
    .option("--json", "print the results as JSON (progress goes to stderr)")
    .option("--prefix <text>", "put before every lab's name (sc-<scenario>-<case>-<random>), e.g. to tell test runs apart", "")
    .addHelpText("after", "\nExit status: 0 when every assertion of every case held, 1 otherwise, 4 for an unknown scenario.")
    .action(async (names: string[], opts: RunOptions) => {
      if (opts.all && names.length) throw usageError("give scenario names or --all, not both");
      if (!opts.all && names.length === 0) throw usageError("name the scenarios to run (see `lab scenarios`), or --all");
      if (opts.prefix && !/^[a-z0-9][a-z0-9_.-]{0,15}$/.test(opts.prefix)) throw usageError(`--prefix: '${opts.prefix}' must be up to 16 lowercase letters, digits, '-', '_' or '.'`);
      const { loadScenarios, runScenarios, verdictLine } = await import("../../scenario/index.js");
      const { scenarios, broken } = loadScenarios();
      const known = [...scenarios.map((s) => s.name), ...broken.map((b) => b.name)];
      const unknown = names.filter((n) => !known.includes(n));
      if (unknown.length) {
        throw notFound(`no scenario ${unknown.map((n) => `'${n}'`).join(", ")}: choose from ${known.join(", ") || "(none: scenarios/ is empty)"}`);
      }
      const chosen = opts.all ? scenarios : scenarios.filter((s) => names.includes(s.name));
      const badOnes = opts.all ? broken : broken.filter((b) => names.includes(b.name));
      for (const b of badOnes) progress(`lab: not run: ${b.problem}`);
      const { setup } = await import("../../setup.js");
      await setup({ log: progress }); // the CLI may install and start an engine; the library never does
      const out = (line: string) => (opts.json ? progress(line) : say(line));
      const t0 = Date.now();
      const results = await runScenarios(chosen, {
        jobs: opts.jobs,
        labPrefix: opts.prefix,
        outRoot: opts.out ? resolve(opts.out) : capturesDir(),
        log: progress,
        onCase: (r, c) => {
          const name = r.cases.length > 1 || chosen.find((s) => s.name === r.scenario)!.cases.length > 1 ? `${r.scenario}/${c.name}` : r.scenario;
          const held = c.verdicts.filter((v) => v.passed).length;
          out(`${c.passed ? "PASS" : "FAIL"}  ${name}: ${held} of ${c.verdicts.length} held in ${(c.durationMs / 1000).toFixed(1)} s; report ${r.dir}/report.html`);
          for (const i of c.impairments) out(`  impairment of ${i.service}: ${i.asked}, by ${i.mechanism}`);
          for (const v of c.verdicts) out(`  ${verdictLine(v)}`);
        },
      });
      if (opts.json) say(JSON.stringify(results, null, 2));
      const cases = results.flatMap((r) => r.cases);
      const failed = cases.filter((c) => !c.passed).length + badOnes.length;
      out(`${results.length} scenario(s), ${cases.length} case(s): ${cases.length - cases.filter((c) => !c.passed).length} passed, ${failed} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      if (failed > 0) throw new LabError(`${failed} of ${cases.length + badOnes.length} did not pass`, ExitCode.FAILED);
    });
}
