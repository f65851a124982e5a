// What grading a submission produced: per check its status, points and evidence.
import type { CheckId } from "./check-params.js";

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
