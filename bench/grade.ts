// Benchmark (not a test): the wall time of `lab grade` as a user runs it, warm (images
// built): one submission against the default rubric, then ten with --jobs 2. The
// submissions are the reference echo server (full marks: every check runs to the end).
//   npm run build && npm run bench:grade
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { graderImages } from "../lab/grade/grader-images.js";
import { projectRoot } from "../lab/paths.js";

const SUBMISSION = join(projectRoot(), "test/fixtures/submissions/echo-fork");
const cli = join(projectRoot(), "dist/cli/main.js");
// The grader's own prefix: a shared engine's labs named bench-* belong to `lab bench`.
const LAB_PREFIX = "grade-bench-";
const load = () => spawnSync("cat", ["/proc/loadavg"], { encoding: "utf8" }).stdout.trim();

function timed(label: string, args: string[]): number {
  const started = Date.now();
  const r = spawnSync(process.execPath, [cli, "grade", ...args, "-q", "--lab-prefix", LAB_PREFIX], { encoding: "utf8" });
  const seconds = (Date.now() - started) / 1000;
  const totals = r.stdout.split("\n").filter((l) => l.includes("total ")).map((l) => l.trim());
  process.stdout.write(`${label}: ${seconds.toFixed(1)} s (exit ${r.status}; ${totals.join(", ")})\n`);
  // A correct server loses no point: show any check that did not pass, with its message.
  for (const report of r.stdout.split(/\n(?=\S)/)) {
    const lost = report.split("\n").filter((l) => /^ {2}(FAIL|ERR |SKIP) /.test(l));
    if (lost.length > 0) process.stdout.write(`  ${report.split(" ")[0]}:\n${lost.map((l) => `    ${l.trim()}\n`).join("")}`);
  }
  if (r.status !== 0) process.stderr.write(r.stderr);
  return seconds;
}

await graderImages({ log: (l) => process.stderr.write(`${l}\n`) });
const work = mkdtempSync(join(tmpdir(), "socklab-bench-grade-"));
try {
  const class10 = join(work, "class");
  for (let i = 1; i <= 10; i++) cpSync(SUBMISSION, join(class10, `student${String(i).padStart(2, "0")}`), { recursive: true });
  process.stdout.write(`load average before: ${load()}\n`);
  timed("one submission, default rubric", [SUBMISSION]);
  process.stdout.write(`load average after it: ${load()}\n`);
  const ten = timed("ten submissions, --jobs 2", [class10, "--jobs", "2", "--out", join(work, "out")]);
  process.stdout.write(`  ${(ten / 10).toFixed(1)} s per submission; load average after: ${load()}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
