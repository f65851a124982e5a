// `lab grade` as a user runs it: a student's fork server that never reaps loses exactly
// the zombie check (the ps lines shown) in a Gradescope results.json of the documented
// shape; several submissions, two at a time, give JUnit XML and summary.csv; bad usage is
// one line; Ctrl-C leaves nothing labelled behind, and starts no further submission.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { gradescopeSchemaErrors } from "../lab/grade/formats/testing/gradescope-schema.js";
import { eventually } from "socklab/testcontainers";
import { lab, spawnLab } from "./support/cli.js";
import { integration, testLabPrefix } from "./support/docker-ready.js";
import { labsLeft, warmGrader } from "./support/grading.js";
import { fixturesDir, makeBroken } from "./support/submissions.js";

const work = mkdtempSync(join(tmpdir(), "socklab-grade-cli-"));
const prefix = () => `${testLabPrefix()}c-`;

integration("lab grade (the CLI)", () => {
  beforeAll(warmGrader, 900_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test("a fork server that never reaps: the zombie check fails with the ps lines, full marks elsewhere, Gradescope's results.json", async () => {
    const out = join(work, "gs");
    const r = await lab(["grade", makeBroken("no-reap", work), "--format", "gradescope", "--out", out, "--lab-prefix", prefix(), "-q"]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/FAIL no-zombies\s+0\/10\s+1000 zombie processes after 1000 connections/);
    expect(r.stdout).toMatch(/\| +(\d+) +1 +\1 S\S* +server\n(.*\| +\d+ +\1 +\d+ Z\S* +server\n){8}/); // ps: the parent (init's child), then 8 of its zombies
    expect(r.stdout).toContain("total 90/100");

    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as Record<string, unknown> & { tests: Array<Record<string, unknown>> };
    // Gradescope's autograder specification: score, execution_time, output, tests[] with
    // name, number, score, max_score, status (passed|failed), output, visibility.
    expect(gradescopeSchemaErrors(results)).toEqual([]);
    expect(results).toMatchObject({ score: 90, output: expect.any(String), visibility: "visible", stdout_visibility: "hidden" });
    expect(Number.isInteger(results.execution_time)).toBe(true);
    expect(results.tests).toHaveLength(10);
    for (const t of results.tests) {
      expect(Object.keys(t).sort()).toEqual(["max_score", "name", "number", "output", "output_format", "score", "status", "visibility"]);
      expect(t).toMatchObject({ name: expect.any(String), number: expect.any(String), score: expect.any(Number), max_score: expect.any(Number), output: expect.any(String), output_format: "text" });
      expect(t.status).toBe(t.score === t.max_score ? "passed" : "failed");
    }
    expect(results.tests.filter((t) => t.status === "failed").map((t) => t.name)).toEqual(["no-zombies: no zombies"]);
    expect(existsSync(join(out, "build.log"))).toBe(true);
    expect(readFileSync(join(out, "no-zombies", "ps.txt"), "utf8")).toMatch(/ Z\S* +server/); // a failed check keeps its files
    expect(await labsLeft(prefix())).toEqual([]);
  });

  test("several submissions, two at a time: JUnit XML each, summary.csv, a failed build leaves nothing", async () => {
    const dir = join(work, "class");
    makeBroken("compile-error", dir);
    makeBroken("ignores-sigterm", dir);
    const out = join(work, "class-out");
    const r = await lab(["grade", dir, "--jobs", "2", "--format", "junit", "--out", out, "--lab-prefix", prefix(), "-q"]);
    expect(r.code, r.stderr).toBe(1);
    const csv = readFileSync(join(out, "summary.csv"), "utf8").trim().split("\r\n");
    expect(csv[0]).toBe("submission,builds,serves-one,concurrent,wire,no-fd-leak,no-zombies,slow-client,malformed,survives-reset,sigterm,total,max");
    expect(csv.slice(1)).toEqual(["compile-error,0,0,0,0,0,0,0,0,0,0,0,100", "ignores-sigterm,10,15,15,10,10,10,10,5,10,0,95,100"]);
    const xml = readFileSync(join(out, "compile-error", "junit.xml"), "utf8");
    expect(xml).toMatch(/<testsuite name="compile-error" tests="10" failures="1" errors="0" skipped="9"/);
    expect(xml).toMatch(/<failure message="the build failed \(exit status 1\)[^"]*" type="builds">/);
    expect(readFileSync(join(out, "ignores-sigterm", "junit.xml"), "utf8")).toMatch(/failures="1" errors="0" skipped="0"/);
    expect(await labsLeft(prefix())).toEqual([]);
  });

  test("bad usage is one line: no such submission (4), a bad rubric (2), a bad format (2)", async () => {
    const missing = await lab(["grade", join(work, "nothing-here")]);
    expect([missing.code, missing.stderr.trim().split("\n").length]).toEqual([4, 1]);
    const rubric = join(work, "bad.yaml");
    writeFileSync(rubric, "checks:\n  concurrent: { points: 10, clients: 1 }\n");
    const bad = await lab(["grade", join(fixturesDir(), "echo-fork"), "--rubric", rubric]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(`lab: rubric ${rubric}: checks.concurrent.clients: expected a whole number from 2 to 200, got 1`);
    const format = await lab(["grade", join(fixturesDir(), "echo-fork"), "--format", "xml"]);
    expect([format.code, format.stderr.trim().split("\n").length]).toEqual([2, 1]);
  });

  // Interrupted while the build container runs, and mid-check once its server is up and serving.
  test.each([
    ["while it builds", /echo-fork: building/],
    ["mid-check", /serves-one passed/],
  ])("Ctrl-C %s removes the lab and exits 130", async (_, moment) => {
    const { child, done } = spawnLab(["grade", join(fixturesDir(), "echo-fork"), "--lab-prefix", prefix()]);
    let stderr = "";
    child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
    await eventually(async () => stderr, (s) => moment.test(s), 240_000, 100);
    child.kill("SIGINT");
    const r = await done;
    expect(r.code, r.stderr).toBe(130);
    expect(await labsLeft(prefix())).toEqual([]);
  });

  test("Ctrl-C while grading several, two at a time: no submission starts after it, nothing is left", async () => {
    const dir = join(work, "interrupted");
    for (const name of ["a", "b", "c"]) cpSync(join(fixturesDir(), "echo-fork"), join(dir, name), { recursive: true });
    const { child, done } = spawnLab(["grade", dir, "--jobs", "2", "--lab-prefix", prefix()]);
    let stderr = "";
    child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
    await eventually(async () => stderr, (s) => /[ab]: serves-one passed/.test(s), 240_000, 200);
    child.kill("SIGINT");
    const r = await done;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr.slice(r.stderr.indexOf("interrupted: cleaning up"))).not.toMatch(/^c: building/m);
    expect(await labsLeft(prefix())).toEqual([]);
  });
});
