// A graded submission for the format tests: checks passed, failed (with evidence that
// needs escaping), not run and in error.
import type { CheckResult, GradeResult } from "../../result.js";

export const sampleCheck = (id: CheckResult["id"], status: CheckResult["status"], points: number, message: string, evidence: string[] = []): CheckResult => ({
  id, title: id, status, score: status === "passed" ? points : 0, maxScore: points, message, evidence, artifacts: [], seconds: 1.5,
});

export const sampleResult: GradeResult = {
  submission: "alice",
  path: "/subs/alice",
  rubric: "echo",
  score: 25,
  maxScore: 45,
  checks: [
    sampleCheck("builds", "passed", 10, "compiled: gcc -o server server.c"),
    sampleCheck("serves-one", "passed", 15, "1 connection, 3 requests, 3000 bytes verified"),
    sampleCheck("no-zombies", "failed", 10, "2 zombie processes after 1000 connections", ["  8  7  8 Z    server <defunct> & \"quoted\"", "bell \x07 here"]),
    sampleCheck("slow-client", "not-run", 10, "not run: needs concurrent, which did not pass"),
  ],
  build: { command: "gcc -o server server.c", exitCode: 0, output: "" },
  seconds: 41.6,
};

/** Every status, and output a compiler or a student's server may print: markup, CDATA ends, ANSI colours, non-ASCII. */
export const awkwardResult: GradeResult = {
  ...sampleResult,
  submission: "bob <&> \"o'neil\"",
  score: 10,
  maxScore: 50,
  checks: [
    sampleCheck("builds", "passed", 10, "compiled with 1 warning", ["\x1b[01;35mwarning:\x1b[0m unused variable ‘n’ [-Wunused-variable]"]),
    sampleCheck("serves-one", "failed", 15, "0 of 1 connections failed: TIMEOUT x1 (connection 1)", ["check-client: {\"ok\":false}", "]]> <![CDATA[ x ]]>", "tab\there, NUL \x00, DEL \x7f, é ü 漢字 🚀"]),
    sampleCheck("concurrent", "error", 15, "the grader could not run this check: engine said <500>"),
    sampleCheck("slow-client", "not-run", 10, "not run: needs concurrent, which did not pass"),
  ],
};
