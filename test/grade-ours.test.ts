// The lab's own servers, copied as a student would copy them (the design's main file and
// lib/), built by the grader and graded on the load protocol with the design each has:
// full marks, the design check included, and no lab left behind.
import { afterAll, beforeAll, expect, test } from "vitest";
import { rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { integration } from "./support/docker-ready.js";
import { grade, labsLeft, statuses, warmGrader } from "./support/grading.js";
import { copyOurs, oursRubric, variants } from "./support/submissions.js";

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
});
