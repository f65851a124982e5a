// Grading one submission: its own lab (an internal network, everything labelled), the
// build, then each check of the rubric in order, each on a fresh server. A check whose
// needs failed is not run (and scores nothing); a check that throws is an error, never a
// crash of the grader. The lab is removed at the end, after a failed build, and on Ctrl-C.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { interruptCleanup, onInterrupt } from "../util/interrupt.js";
import { labNetwork } from "../testcontainers/lab-network.js";
import { buildSubmission, type BuildResult } from "./build.js";
import type { GradeContext } from "./check.js";
import type { CheckId } from "./check-params.js";
import { CHECKS } from "./checks/index.js";
import { GradeSession } from "./server-session.js";
import type { CheckResult, GradeResult } from "./result.js";
import { maxScore, type CheckSpec, type Rubric } from "./rubric.js";
import type { Submission } from "./submission.js";

export interface GradeOptions {
  /** The lab image, and its build stage (setup(), ensureBuildImage()). */
  image: string;
  buildImage: string;
  /** The lab's name (unique per submission graded at once). */
  lab: string;
  /** Where failed checks keep their files: <outDir>/<check>/ (none: not kept). */
  outDir?: string;
  log?: (line: string) => void;
}

export async function gradeSubmission(sub: Submission, rubric: Rubric, opts: GradeOptions): Promise<GradeResult> {
  const started = Date.now();
  const log = opts.log ?? (() => {});
  await interruptCleanup(); // Ctrl-C: make no lab while the others go
  const work = mkdtempSync(join(tmpdir(), `socklab-grade-${sub.name}-`));
  const net = await labNetwork(opts.lab);
  // The step running (the build, a check) may be creating a container when Ctrl-C comes:
  // remove the lab (the step then fails fast), let the step end, and sweep again.
  let step: Promise<unknown> = Promise.resolve();
  const track = <T>(p: Promise<T>): Promise<T> => ((step = p), p);
  const release = onInterrupt(async () => {
    await net.remove();
    await settled(step, STEP_SETTLE_MS);
    await net.remove();
  });
  try {
    log(`${sub.name}: building`);
    const build = await track(buildSubmission(sub, { image: opts.buildImage, lab: opts.lab, flags: rubric.build.flags, binary: rubric.build.binary }));
    const memo = new Map<string, Promise<unknown>>();
    const session = new GradeSession(opts.image, opts.lab, rubric, build);
    const checks: CheckResult[] = [];
    for (const spec of rubric.checks) {
      await interruptCleanup(); // Ctrl-C: no further check starts containers while the lab goes
      const ctx: GradeContext = {
        image: opts.image,
        lab: opts.lab,
        rubric,
        build,
        session,
        checkDir: join(work, spec.id),
        memo: <T>(key: string, run: () => Promise<T>) => {
          if (!memo.has(key)) memo.set(key, run());
          return memo.get(key) as Promise<T>;
        },
      };
      mkdirSync(ctx.checkDir, { recursive: true });
      const result = await track(runCheck(spec, ctx, checks));
      log(`${sub.name}: ${spec.id} ${result.status} (${result.score}/${result.maxScore})`);
      if (result.status !== "passed" && opts.outDir) result.artifacts = keepArtifacts(ctx.checkDir, join(opts.outDir, spec.id), opts.outDir);
      checks.push(result);
    }
    return {
      submission: sub.name,
      path: sub.path,
      rubric: rubric.name,
      score: checks.reduce((s, c) => s + c.score, 0),
      maxScore: maxScore(rubric),
      checks,
      build: buildSummary(build),
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    release();
    await net.remove();
    rmSync(work, { recursive: true, force: true });
  }
}

/** How long the Ctrl-C cleanup waits for the interrupted step to end before its last sweep. */
const STEP_SETTLE_MS = 20_000;

/** Resolves when the promise has settled (either way) or the time is up. */
function settled(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p.then(() => {}, () => {}), new Promise<void>((r) => (timer = setTimeout(r, ms)))]).finally(() => clearTimeout(timer));
}

async function runCheck(spec: CheckSpec, ctx: GradeContext, done: CheckResult[]): Promise<CheckResult> {
  const check = CHECKS[spec.id];
  const base = { id: spec.id, title: check.title, maxScore: spec.points, artifacts: [] as string[] };
  const unmet = check.needs.filter((id: CheckId) => done.some((d) => d.id === id && d.status !== "passed") || (id === "builds" && !ctx.build.ok));
  if (unmet.length > 0) {
    return { ...base, status: "not-run", score: 0, message: `not run: needs ${unmet.join(", ")}, which did not pass`, evidence: [], seconds: 0 };
  }
  const started = Date.now();
  try {
    const o = await check.run(ctx, spec.params);
    const seconds = (Date.now() - started) / 1000;
    return { ...base, status: o.passed ? "passed" : "failed", score: o.passed ? spec.points : 0, message: o.message, evidence: o.evidence ?? [], seconds };
  } catch (err) {
    const seconds = (Date.now() - started) / 1000;
    return { ...base, status: "error", score: 0, message: `the grader could not run this check: ${(err as Error).message.split("\n")[0]}`, evidence: [], seconds };
  }
}

function keepArtifacts(from: string, to: string, outDir: string): string[] {
  const files = readdirSync(from, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  if (files.length === 0) return [];
  mkdirSync(to, { recursive: true });
  cpSync(from, to, { recursive: true });
  return files.map((e) => relative(outDir, join(to, relative(from, join(e.parentPath, e.name))))).sort();
}

const buildSummary = (b: BuildResult): GradeResult["build"] => ({ command: b.command, exitCode: b.exitCode, output: b.output });
