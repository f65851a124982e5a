// results.json against Gradescope's documented format (the schema in
// testing/gradescope-schema.ts, written from https://gradescope-autograders.readthedocs.io/en/latest/specs/):
// valid for every kind of result, with the fields the grader promises, the total equal to
// the tests' sum, and each test's status what Gradescope would infer from its points.
import { describe, expect, test } from "vitest";
import { loadRubric } from "../rubric.js";
import { failedToGrade, type GradeResult } from "../result.js";
import { renderGradescope } from "./gradescope.js";
import { gradescopeSchemaErrors } from "./testing/gradescope-schema.js";
import { awkwardResult, sampleCheck, sampleResult } from "./testing/sample-result.js";

const fullMarks: GradeResult = { ...sampleResult, score: 25, maxScore: 25, checks: sampleResult.checks.filter((c) => c.status === "passed") };
const notGraded = failedToGrade({ name: "carol", path: "/subs/carol", files: new Map(), hasMakefile: false }, loadRubric("echo"), new Error("engine: no such image\nstack..."));

const cases: Array<[string, GradeResult]> = [
  ["full marks", fullMarks],
  ["a failed check and one not run", sampleResult],
  ["an error, escapes, ANSI colours, control characters, non-ASCII", awkwardResult],
  ["a submission the grader could not grade", notGraded],
];

describe("gradescope: results.json as Gradescope documents it", () => {
  test.each(cases)("%s: valid against the documented schema, nothing else in it", (_, r) => {
    const results = JSON.parse(renderGradescope(r)) as Record<string, unknown>;
    expect(gradescopeSchemaErrors(results)).toEqual([]);
  });

  test.each(cases)("%s: score, execution_time, output and a test per check with name, score, max_score, output, status, visibility", (_, r) => {
    const results = JSON.parse(renderGradescope(r)) as { score: number; execution_time: number; output: string; tests: Array<Record<string, unknown>> };
    expect(results).toMatchObject({ score: r.score, execution_time: Math.round(r.seconds), output: expect.stringContaining(`${r.score}/${r.maxScore}`) });
    expect(results.tests).toHaveLength(r.checks.length);
    results.tests.forEach((t, i) => {
      const c = r.checks[i]!;
      expect(t).toMatchObject({ name: expect.stringContaining(c.id), score: c.score, max_score: c.maxScore, output: [c.message, ...c.evidence].join("\n"), visibility: "visible" });
      // Gradescope marks a test passed when it got max_score; ours says so explicitly, and agrees.
      expect(t.status).toBe(c.score === c.maxScore && c.status === "passed" ? "passed" : "failed");
    });
    // The top-level score overrides the tests' total: they must agree.
    expect(results.tests.reduce((s, t) => s + (t.score as number), 0)).toBe(results.score);
    expect(new Set(results.tests.map((t) => t.number)).size).toBe(results.tests.length);
  });

  test("output keeps every character of the evidence (JSON escapes what it must)", () => {
    const results = JSON.parse(renderGradescope(awkwardResult)) as { tests: Array<{ output: string }> };
    expect(results.tests[1]!.output).toContain("tab\there, NUL \x00, DEL \x7f, é ü 漢字 🚀");
    expect(results.tests[0]!.output).toContain("\x1b[01;35mwarning:");
  });

  test("the schema is not vacuous: it rejects what Gradescope does not document", () => {
    const good = JSON.parse(renderGradescope(sampleResult)) as { tests: Array<Record<string, unknown>> } & Record<string, unknown>;
    const bad = (change: (r: typeof good) => void): string[] => {
      const r = structuredClone(good);
      change(r);
      return gradescopeSchemaErrors(r);
    };
    expect(bad((r) => (r.tests[0]!.status = "not-run"))).toContainEqual(expect.stringMatching(/^\/tests\/0\/status must be equal to one of the allowed values/));
    expect(bad((r) => (r.tests[0]!.number = 1))).toContainEqual("/tests/0/number must be string");
    expect(bad((r) => (r.visibility = "public"))).toContainEqual(expect.stringMatching(/^\/visibility must be equal to one of/));
    expect(bad((r) => (r.tests[0]!.maxScore = 10))).toContainEqual("/tests/0 must NOT have additional properties: maxScore");
    expect(bad((r) => (r.execution_time = "42s"))).toContainEqual("/execution_time must be number");
    expect(bad((r) => { delete r.score; delete r.tests[2]!.score; })).toContainEqual("/tests/2 must have required property 'score'");
    expect(gradescopeSchemaErrors({ tests: [sampleCheck("builds", "passed", 10, "ok")].map((c) => ({ name: c.id, score: c.score })) })).toEqual([]);
  });
});
