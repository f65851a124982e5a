// The CLI starts light: `lab --help` and `lab trace` load neither dockerode nor the lab
// core (Compose parsing, images, sidecars); commands load what they need when they run.
// Every module the program imports is recorded by a resolve hook (testing/record-imports.mjs).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { projectRoot } from "../paths.js";
import { sampleCaptures } from "../pcap/testing/sample-captures.js";

const dir = mkdtempSync(join(tmpdir(), "socklab-startup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI from source; returns its exit status and every module URL it imported. */
function run(name: string, args: string[]): { status: number | null; stdout: string; loaded: string[] } {
  const record = join(dir, `${name}.imports`);
  writeFileSync(record, "");
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "--import", "./lab/cli/testing/record-imports.mjs", "lab/cli/main.ts", ...args],
    { cwd: projectRoot(), encoding: "utf8", env: { ...process.env, SOCKLAB_RECORD_IMPORTS: record, DOCKER_HOST: `unix://${join(dir, "no-engine.sock")}` } },
  );
  return { status: r.status, stdout: r.stdout, loaded: readFileSync(record, "utf8").split("\n").filter(Boolean) };
}

const packages = (loaded: string[]) => [...new Set(loaded.flatMap((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []))].sort();
const labModules = (loaded: string[]) => loaded.flatMap((u) => /\/lab\/(.+)\.ts$/.exec(u)?.[1] ?? []);

test("lab --help loads commander and the command definitions only", () => {
  const r = run("help", ["--help"]);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain("Usage: lab");
  expect(packages(r.loaded).filter((p) => p !== "tsx" && !p.startsWith("@esbuild"))).toEqual(["commander"]);
  const heavy = labModules(r.loaded).filter((m) => /^(lab\/(?!names$)|docker\/dockerode-client|topology|image|capture|impair|pcap|tcp|trace|setup)/.test(m));
  expect(heavy).toEqual([]);
}, 60_000);

test("lab trace decodes a capture without loading dockerode or the lab core", () => {
  const sample = sampleCaptures()[0]!;
  const file = join(dir, `${sample.name}.pcap`);
  writeFileSync(file, sample.data);
  const r = run("trace", ["trace", file]);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/TCP connection/);
  expect(packages(r.loaded)).not.toContain("dockerode");
  expect(labModules(r.loaded).filter((m) => /^(lab\/(?!names$)|docker\/dockerode-client|topology|image|setup)/.test(m))).toEqual([]);
}, 60_000);
