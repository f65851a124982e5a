// JUnit XML, as CI systems read it: one testsuite per submission, one testcase per check;
// a failed check is a <failure> with its evidence, a check not run is <skipped>, a check
// the grader could not run is an <error>.
import { escapeXml } from "../../trace/xml-escape.js";
import type { CheckResult, GradeResult } from "../result.js";

// XML 1.0 cannot hold most control characters (a compiler's output may).
const clean = (s: string): string => escapeXml(s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, "?"));
const attrs = (a: Record<string, string | number>): string => Object.entries(a).map(([k, v]) => `${k}="${clean(String(v))}"`).join(" ");

function testcase(suite: string, c: CheckResult): string {
  const head = `    <testcase ${attrs({ classname: suite, name: `${c.id} (${c.maxScore} points)`, time: c.seconds.toFixed(3) })}`;
  const body = [c.message, ...c.evidence].join("\n");
  switch (c.status) {
    case "passed":
      return `${head}/>`;
    case "not-run":
      return `${head}>\n      <skipped ${attrs({ message: c.message })}/>\n    </testcase>`;
    case "error":
      return `${head}>\n      <error ${attrs({ message: c.message })}>${clean(body)}</error>\n    </testcase>`;
    case "failed":
      return `${head}>\n      <failure ${attrs({ message: c.message, type: c.id })}>${clean(body)}</failure>\n    </testcase>`;
  }
}

function count(r: GradeResult, status: CheckResult["status"]): number {
  return r.checks.filter((c) => c.status === status).length;
}

export function renderJunit(results: GradeResult[]): string {
  const suites = results.map((r) => {
    const a = attrs({ name: r.submission, tests: r.checks.length, failures: count(r, "failed"), errors: count(r, "error"), skipped: count(r, "not-run"), time: r.seconds.toFixed(3) });
    const props = `    <properties>\n      <property ${attrs({ name: "score", value: r.score })}/>\n      <property ${attrs({ name: "max_score", value: r.maxScore })}/>\n      <property ${attrs({ name: "rubric", value: r.rubric })}/>\n    </properties>`;
    return `  <testsuite ${a}>\n${props}\n${r.checks.map((c) => testcase(r.submission, c)).join("\n")}\n  </testsuite>`;
  });
  const total = (s: CheckResult["status"]) => results.reduce((n, r) => n + count(r, s), 0);
  const top = attrs({ name: "socklab grade", tests: results.reduce((n, r) => n + r.checks.length, 0), failures: total("failed"), errors: total("error"), skipped: total("not-run") });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ${top}>\n${suites.join("\n")}\n</testsuites>\n`;
}
