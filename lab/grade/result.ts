// What grading a submission produced: per check its status, points and evidence.
import type { CheckId } from "./check-params.js";
import { CHECKS } from "./checks/index.js";
import { maxScore, type Rubric } from "./rubric.js";
import type { Submission } from "./submission.js";

export type CheckStatus = "passed" | "failed" | "not-run" | "error";

export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  score: number;
  maxScore: number;
  message: string;
  evidence: string[];
  /** Files kept for a failed check (pcap, ladder, server log), relative to the output directory. */
  artifacts: string[];
  seconds: number;
}

export interface GradeResult {
  submission: string;
  path: string;
  rubric: string;
  score: number;
  maxScore: number;
  checks: CheckResult[];
  build: { command: string; exitCode: number; output: string };
  seconds: number;
}

/** The part of a result that must not change between two gradings of the same submission. */
export function verdict(r: GradeResult): Array<Pick<CheckResult, "id" | "status" | "score" | "message">> {
  return r.checks.map(({ id, status, score, message }) => ({ id, status, score, message }));
}

/** A submission the grader could not grade (the engine failed it): every check an error, no points. */
export function failedToGrade(sub: Submission, rubric: Rubric, err: Error): GradeResult {
  const message = `the grader could not grade this submission: ${err.message.split("\n")[0]}`;
  return {
    submission: sub.name,
    path: sub.path,
    rubric: rubric.name,
    score: 0,
    maxScore: maxScore(rubric),
    checks: rubric.checks.map((c) => ({ id: c.id, title: CHECKS[c.id].title, status: "error", score: 0, maxScore: c.points, message, evidence: [], artifacts: [], seconds: 0 })),
    build: { command: "", exitCode: -1, output: "" },
    seconds: 0,
  };
}
