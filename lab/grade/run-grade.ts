// What `lab grade` does once its options are checked: find the submissions, load the
// rubric (both before Docker is touched), grade, and write the results.
import { findSubmissions } from "./submission.js";
import { loadRubric } from "./rubric.js";
import { gradeMany } from "./grade-many.js";
import { renderText } from "./formats/text.js";
import { render, submissionDir, writeResult, writeSummary, type Format } from "./write-results.js";

export interface RunGradeOptions {
  rubric: string;
  out?: string;
  format: Format;
  jobs: number;
  labPrefix: string;
  log: (line: string) => void;
  say: (text: string) => void;
}

/** Grades and reports; returns whether some submission lost points. */
export async function runGrade(paths: string[], opts: RunGradeOptions): Promise<boolean> {
  const subs = findSubmissions(paths);
  const rubric = loadRubric(opts.rubric);
  const many = subs.length > 1;
  const out = opts.out;
  const results = await gradeMany(subs, {
    rubric,
    jobs: opts.jobs,
    labPrefix: opts.labPrefix,
    log: opts.log,
    outDir: out ? (sub) => submissionDir(out, sub.name, many) : undefined,
    onResult: (r) => {
      if (!out) return opts.say(render(opts.format, r).trimEnd());
      const path = writeResult(submissionDir(out, r.submission, many), opts.format, r);
      opts.say(renderText(r).trimEnd());
      opts.log(`${r.submission}: ${path}`);
    },
  });
  if (many && out) opts.log(`summary: ${writeSummary(out, results)}`);
  return results.some((r) => r.score < r.maxScore);
}
