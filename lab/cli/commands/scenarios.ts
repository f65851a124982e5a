import type { Command } from "commander";
import { ExitCode, LabError } from "../../errors.js";
import { progress, say } from "../output.js";

export function registerScenarios(program: Command): void {
  program
    .command("scenarios")
    .description("list the wire scenarios (scenarios/<name>/): name, cases, topic tags and what each shows")
    .option("--json", "print them as JSON")
    .action(async (opts: { json?: boolean }) => {
      const { loadScenarios, scenariosDir } = await import("../../scenario/index.js");
      const { scenarios, broken } = loadScenarios();
      if (opts.json) {
        say(JSON.stringify(scenarios.map((s) => ({ name: s.name, title: s.title, tags: s.tags, cases: s.cases.map((c) => c.name) })), null, 2));
      } else {
        const rows = scenarios.map((s) => [s.name, s.cases.length > 1 ? s.cases.map((c) => c.name).join(",") : "-", s.tags.join(","), s.title]);
        const head = ["NAME", "CASES", "TAGS", "WHAT IT SHOWS"];
        const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
        for (const r of [head, ...rows]) say(r.map((v, i) => (i < 3 ? v.padEnd(widths[i] ?? 0) : v)).join("  "));
        if (scenarios.length === 0) say(`(no scenario in ${scenariosDir()})`);
        else say(`\nrun one: npx lab run ${scenarios[0]?.name}   all: npx lab run --all`);
      }
      for (const b of broken) progress(`lab: ${b.problem}`);
      if (broken.length) throw new LabError(`${broken.length} scenario folder(s) could not be read (above)`, ExitCode.USAGE);
    });
}
