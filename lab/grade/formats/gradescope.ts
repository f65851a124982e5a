// Gradescope's results.json (its autograder specification): a top-level score, execution
// time and output, and one test per check with name, number, score, max_score, status and
// output (the message, then the evidence).
import type { GradeResult } from "../result.js";

export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  output_format: "text";
  visibility: "visible";
}

export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  output_format: "text";
  visibility: "visible";
  stdout_visibility: "hidden";
  tests: GradescopeTest[];
}

export function toGradescope(r: GradeResult): GradescopeResults {
  return {
    score: r.score,
    execution_time: Math.round(r.seconds),
    output: `${r.score}/${r.maxScore} points (rubric ${r.rubric})`,
    output_format: "text",
    visibility: "visible",
    stdout_visibility: "hidden",
    tests: r.checks.map((c, i) => ({
      name: `${c.id}: ${c.title}`,
      number: String(i + 1),
      score: c.score,
      max_score: c.maxScore,
      status: c.status === "passed" ? "passed" : "failed",
      output: [c.message, ...c.evidence].join("\n"),
      output_format: "text",
      visibility: "visible",
    })),
  };
}

export const renderGradescope = (r: GradeResult): string => `${JSON.stringify(toGradescope(r), null, 2)}\n`;
