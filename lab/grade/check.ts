// One check of a rubric: what it is called, which checks it needs to have passed (a
// server that does not build cannot serve; a server that serves no two clients at once
// cannot be judged on a slow one), and how it runs: it returns what it observed.
import type { BuildResult } from "./build.js";
import type { CheckId, CheckParams } from "./check-params.js";
import type { Rubric } from "./rubric.js";
import type { GradeSession } from "./server-session.js";

export interface CheckOutcome {
  passed: boolean;
  /** One line: what was observed (deterministic: no times, no process ids). */
  message: string;
  /** The lines that show it: ps, descriptors, client summaries, compiler output. */
  evidence?: string[];
}

export interface GradeContext {
  /** The lab image. */
  image: string;
  lab: string;
  rubric: Rubric;
  build: BuildResult;
  /** The server and client box the checks share. */
  session: GradeSession;
  /** Where the running check keeps files (pcap, ladder, logs); kept for failed checks. */
  checkDir: string;
  /** A scenario shared by several checks (e.g. 1000 connections for leaks and zombies) runs once. */
  memo<T>(key: string, run: () => Promise<T>): Promise<T>;
}

export interface Check {
  id: CheckId;
  title: string;
  /** Checks that must have passed (every check but builds needs builds). */
  needs: CheckId[];
  run(ctx: GradeContext, params: CheckParams): Promise<CheckOutcome>;
}
