// Grading several submissions, N at a time, each in its own lab: setup (the lab image and
// its build stage) once, then the pool. The labs are named <prefix><submission>-<random>
// so that runs side by side never meet.
import { randomBytes } from "node:crypto";
import type { DockerClient } from "../docker/docker-client.js";
import { interruptCleanup } from "../util/interrupt.js";
import { graderImages } from "./grader-images.js";
import { gradeSubmission } from "./grade.js";
import { failedToGrade, type GradeResult } from "./result.js";
import type { Rubric } from "./rubric.js";
import type { Submission } from "./submission.js";

export interface GradeManyOptions {
  rubric: Rubric;
  jobs: number;
  /** Lab names start with this (default "grade-"). */
  labPrefix?: string;
  /** Each submission's failed-check files go under outDir(submission). */
  outDir?: (sub: Submission) => string | undefined;
  docker?: DockerClient;
  log?: (line: string) => void;
  /** Called as each submission is done, in completion order. */
  onResult?: (r: GradeResult) => void | Promise<void>;
}

export async function gradeMany(subs: Submission[], opts: GradeManyOptions): Promise<GradeResult[]> {
  const log = opts.log ?? (() => {});
  const { image, buildImage } = await graderImages({ docker: opts.docker, log });
  const results: GradeResult[] = new Array(subs.length);
  let next = 0;
  const worker = async () => {
    while (next < subs.length) {
      await interruptCleanup(); // Ctrl-C: no submission starts while the labs go
      const i = next++;
      const sub = subs[i]!;
      const lab = `${opts.labPrefix ?? "grade-"}${sub.name}-${randomBytes(2).toString("hex")}`;
      results[i] = await gradeSubmission(sub, opts.rubric, { image, buildImage, lab, outDir: opts.outDir?.(sub), log }).catch((err: Error) => {
        // One submission's trouble with the engine must not stop the others.
        log(`${sub.name}: the grader failed: ${err.message.split("\n")[0]}`);
        return failedToGrade(sub, opts.rubric, err);
      });
      await opts.onResult?.(results[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.jobs, subs.length) }, worker));
  return results;
}
