// The text report: one line per check (status, points, what was observed), the evidence
// of each check that did not pass indented beneath it, and the total.
import type { CheckResult, GradeResult } from "../result.js";

const MARK: Record<CheckResult["status"], string> = { passed: "PASS", failed: "FAIL", "not-run": "SKIP", error: "ERR " };

export function renderText(r: GradeResult, opts: { evidenceLines?: number } = {}): string {
  const width = Math.max(...r.checks.map((c) => c.id.length));
  const lines = [`${r.submission} (${r.path}), rubric ${r.rubric}`];
  for (const c of r.checks) {
    const points = `${c.score}/${c.maxScore}`.padStart(7);
    lines.push(`  ${MARK[c.status]} ${c.id.padEnd(width)} ${points}  ${c.message}`);
    if (c.status === "passed") continue;
    for (const e of c.evidence.slice(0, opts.evidenceLines ?? 12)) lines.push(`       ${" ".repeat(width)}          | ${e}`);
    if (c.evidence.length > (opts.evidenceLines ?? 12)) lines.push(`       ${" ".repeat(width)}          | ... (${c.evidence.length - (opts.evidenceLines ?? 12)} more lines in the JSON report)`);
    for (const a of c.artifacts) lines.push(`       ${" ".repeat(width)}          > ${a}`);
  }
  lines.push(`  total ${r.score}/${r.maxScore}`);
  return `${lines.join("\n")}\n`;
}
