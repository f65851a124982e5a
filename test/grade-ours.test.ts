// The lab's own servers, copied as a student would copy them (the design's main file and
// lib/), built by the grader and graded on the load protocol with the design each has:
// full marks, the design check included, and no lab left behind. The student-style
// reference (echo-fork) gets full marks the same way when two gradings share the machine.
import { afterAll, beforeAll, expect, test } from "vitest";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { integration } from "./support/docker-ready.js";
import { verdict } from "../lab/grade/result.js";
import { grade, gradeAll, labsLeft, statuses, warmGrader } from "./support/grading.js";
import { copyOurs, fixturesDir, oursRubric, variants } from "./support/submissions.js";

const work = mkdtempSync(join(tmpdir(), "socklab-grade-ours-"));

integration("lab grade: the lab's own servers get full marks", () => {
  beforeAll(warmGrader, 900_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  for (const design of Object.keys(variants().ours)) {
    test(design, async () => {
      const dir = copyOurs(design, join(work, design));
      const r = await grade(dir, oursRubric(design, work));
      const lost = r.checks.filter((c) => c.status !== "passed").map((c) => `${c.id}: ${c.message}\n${c.evidence.join("\n")}`);
      expect(lost, lost.join("\n\n")).toEqual([]);
      expect(r.score).toBe(r.maxScore);
      expect(statuses(r).design).toBe("passed");
      expect(await labsLeft()).toEqual([]);
    });
  }

  // A correct server's marks must not depend on how busy the machine is: two gradings at
  // once (each a lab, a server with fork per connection, 1000 connections) on two cores.
  test("the reference echo-fork, graded twice at once: full marks both times, the same verdict", async () => {
    const copies = ["a", "b"].map((n) => join(work, "twice", n));
    for (const dir of copies) cpSync(join(fixturesDir(), "echo-fork"), dir, { recursive: true });
    const [first, second] = await gradeAll(copies, "echo", 2);
    const lost = [first!, second!].flatMap((r) => r.checks.filter((c) => c.status !== "passed").map((c) => `${r.submission} ${c.id}: ${c.message}`));
    expect(lost, lost.join("\n")).toEqual([]);
    expect(verdict(second!)).toEqual(verdict(first!));
    expect(await labsLeft()).toEqual([]);
  });
});
