// Broken variants of reference submissions (test/fixtures/submissions/variants.yaml): each
// loses exactly the points of the check it breaks, and of the checks that need that one,
// and keeps every other point; each failure says what it saw. Grading twice gives the
// same verdict. Nothing labelled is left, a failed build included.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { verdict } from "../lab/grade/result.js";
import { integration } from "./support/docker-ready.js";
import { grade, labsLeft, warmGrader } from "./support/grading.js";
import { makeBroken, variants } from "./support/submissions.js";

const work = mkdtempSync(join(tmpdir(), "socklab-grade-broken-"));

// What each failure must show (from the wire, the process table, the compiler...).
const EVIDENCE: Record<string, RegExp> = {
  "no-reap": /^\s*\d+\s+\d+\s+\d+\s+Z/m,
  sigpipe: /SIGPIPE/,
  "fd-leak": /\/dev\/null/,
  iterative: /TIMEOUT/,
  "select-blocks": /TIMEOUT/,
  "compile-error": /error: expected ';'/,
  "never-listens": /nothing listened on port 1234/,
  "ignores-sigterm": /still running 5 s after SIGTERM/,
};

integration("lab grade: each broken variant loses exactly the points of what it breaks", () => {
  beforeAll(warmGrader, 900_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  for (const [name, v] of Object.entries(variants().broken)) {
    test(`${name}: loses ${v.breaks.join(", ")}`, async () => {
      const r = await grade(makeBroken(name, work), v.rubric);
      const lost = r.checks.filter((c) => c.status !== "passed");
      expect(lost.map((c) => c.id).sort(), lost.map((c) => `${c.id}: ${c.message}`).join("\n")).toEqual([...v.breaks].sort());
      expect(r.score).toBe(r.maxScore - lost.reduce((s, c) => s + c.maxScore, 0));
      const shown = lost.flatMap((c) => [c.message, ...c.evidence]).join("\n");
      expect(shown).toMatch(EVIDENCE[name]!);
      expect(await labsLeft()).toEqual([]);
    });
  }

  test("grading the same submission twice gives the same result", async () => {
    const dir = makeBroken("no-reap", join(work, "twice"));
    const first = await grade(dir, "echo");
    const second = await grade(dir, "echo");
    expect(verdict(second)).toEqual(verdict(first));
    expect(first.score).toBe(first.maxScore - 10);
  });
});
