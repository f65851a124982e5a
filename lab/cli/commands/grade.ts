// `lab grade`: compile each submission in the lab's build stage, run it in the lab image
// under the rubric's checks, and report (text, json, Gradescope's results.json, JUnit).
// Heavy modules are loaded only when the command runs.
import type { Command } from "commander";
import { usageError } from "../../errors.js";
import { intOption } from "../options.js";
import { progress, say } from "../output.js";

interface GradeOptions {
  rubric: string;
  out?: string;
  format: string;
  jobs: number;
  labPrefix: string;
  quiet?: boolean;
}

const FORMATS = ["text", "json", "gradescope", "junit"];

export function registerGrade(program: Command): void {
  program
    .command("grade")
    .description("grade C servers: build each submission, run it in a lab under a rubric's checks, report")
    .argument("<submission...>", "a directory of C sources (with or without a Makefile), a .c file, or a folder of them")
    .option("--rubric <name|file>", "echo (default), upper, line, load, or a YAML rubric file", "echo")
    .option("--out <dir>", "write reports there (several submissions: a directory each, and summary.csv); failed checks keep their pcap, ladder and logs")
    .option("--format <format>", `report format: ${FORMATS.join(", ")}`, "text")
    .option("--jobs <n>", "submissions graded at once", intOption("--jobs", 1, 16), 1)
    .option("--lab-prefix <prefix>", "lab names start with this", "grade-")
    .option("-q, --quiet", "no progress lines on stderr")
    .addHelpText("after", "\nExit status: 0 every submission got full marks, 1 some check did not pass, 2 bad usage or rubric.")
    .action(async (paths: string[], opts: GradeOptions) => {
      if (!FORMATS.includes(opts.format)) throw usageError(`--format: '${opts.format}' is not one of ${FORMATS.join(", ")}`);
      if (!/^[a-z0-9][a-z0-9_.-]{0,15}$/.test(opts.labPrefix)) throw usageError(`--lab-prefix: '${opts.labPrefix}': use at most 16 lowercase letters, digits, '-', '_' or '.'`);
      const { runGrade } = await import("../../grade/run-grade.js");
      const failed = await runGrade(paths, { ...opts, format: opts.format as "text", log: opts.quiet ? () => {} : progress, say });
      if (failed) process.exitCode = 1;
    });
}
