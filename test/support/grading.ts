// Grading in the integration tests: the lab image and its build stage once, then a
// submission graded through the library, in a lab named with the test prefix; and what
// the engine still holds of a lab afterwards (it must hold nothing).
import { dockerClient } from "../../lab/docker/connect.js";
import { graderImages } from "../../lab/grade/grader-images.js";
import { listLabs } from "../../lab/lab/teardown.js";
import { gradeMany } from "../../lab/grade/grade-many.js";
import type { GradeResult } from "../../lab/grade/result.js";
import { loadRubric } from "../../lab/grade/rubric.js";
import { findSubmissions } from "../../lab/grade/submission.js";
import { testLabPrefix } from "./docker-ready.js";

/** Lab names of graded submissions start with this (the global teardown removes them). */
export const gradeLabPrefix = (): string => `${testLabPrefix()}g-`;

export async function grade(path: string, rubric: string, outDir?: string): Promise<GradeResult> {
  const [result] = await gradeAll([path], rubric, 1, outDir);
  return result!;
}

/** Several submissions, `jobs` at a time, as `lab grade --jobs` does. */
export function gradeAll(paths: string[], rubric: string, jobs: number, outDir?: string): Promise<GradeResult[]> {
  return gradeMany(findSubmissions(paths), { rubric: loadRubric(rubric), jobs, labPrefix: gradeLabPrefix(), outDir: outDir ? () => outDir : undefined });
}

/** Labs (labelled containers or networks) whose names start with the prefix. */
export async function labsLeft(prefix = gradeLabPrefix()): Promise<string[]> {
  return (await listLabs(dockerClient())).filter((l) => l.startsWith(prefix));
}

/** Warms the build stage before the first timed grade. */
export async function warmGrader(): Promise<void> {
  await graderImages();
}

/** Every check's id with its status, for one comparison. */
export const statuses = (r: GradeResult): Record<string, string> => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));
