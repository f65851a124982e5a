// The submission compiles without a single warning.
import type { Check } from "../check.js";

export const noWarnings: Check = {
  id: "no-warnings",
  title: "builds without warnings",
  needs: ["builds"],
  async run({ build }) {
    const n = build.warnings.length;
    if (n === 0) return { passed: true, message: `no warnings: ${build.command}` };
    return { passed: false, message: `${n} warning${n === 1 ? "" : "s"}: ${build.command}`, evidence: build.warnings.slice(0, 20) };
  },
};
