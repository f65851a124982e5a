// Where results go: with --out, files (one submission: straight into the directory, as
// Gradescope wants results.json; several: a directory each, and summary.csv); without,
// the chosen format on stdout.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderCsv } from "./formats/csv.js";
import { renderGradescope } from "./formats/gradescope.js";
import { renderJson } from "./formats/json.js";
import { renderJunit } from "./formats/junit.js";
import { renderText } from "./formats/text.js";
import type { GradeResult } from "./result.js";

export const FORMATS = ["text", "json", "gradescope", "junit"] as const;
export type Format = (typeof FORMATS)[number];

const FILE: Record<Format, string> = { text: "report.txt", json: "grade.json", gradescope: "results.json", junit: "junit.xml" };

export function render(format: Format, r: GradeResult): string {
  switch (format) {
    case "text":
      return renderText(r);
    case "json":
      return renderJson(r);
    case "gradescope":
      return renderGradescope(r);
    case "junit":
      return renderJunit([r]);
  }
}

/** A submission's directory under --out. */
export const submissionDir = (out: string, name: string, many: boolean): string => (many ? join(out, name) : out);

/** Writes one submission's report (and its compiler output) into its directory; returns the report's path. */
export function writeResult(dir: string, format: Format, r: GradeResult): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "build.log"), `$ ${r.build.command}\n${r.build.output}`);
  const path = join(dir, FILE[format]);
  writeFileSync(path, render(format, r));
  return path;
}

/** summary.csv of several submissions; returns its path. */
export function writeSummary(out: string, results: GradeResult[]): string {
  mkdirSync(out, { recursive: true });
  const path = join(out, "summary.csv");
  writeFileSync(path, renderCsv(results));
  return path;
}
