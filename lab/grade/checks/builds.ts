// The submission compiles (with the rubric's flags, or its own Makefile).
import type { Check } from "../check.js";

const tail = (text: string, n: number): string[] => text.trimEnd().split("\n").filter(Boolean).slice(-n);

export const builds: Check = {
  id: "builds",
  title: "builds",
  needs: [],
  async run({ build }) {
    // The engine's failure, not the submission's: reported as an error of the grader.
    if (build.graderError) throw new Error(`the build could not run: ${build.graderError}`);
    if (build.ok) {
      const warned = build.warnings.length ? ` (${build.warnings.length} warning${build.warnings.length === 1 ? "" : "s"})` : "";
      return { passed: true, message: `compiled${warned}: ${build.command}` };
    }
    const why = build.exitCode === 0 ? "it made no executable" : build.exitCode === -1 ? "it did not finish in time" : `exit status ${build.exitCode}`;
    return { passed: false, message: `the build failed (${why}): ${build.command}`, evidence: [`$ ${build.command}`, ...tail(build.output, 30)] };
  },
};
