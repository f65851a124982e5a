// The floors of lab/, read from the import statements themselves: the CLI on top, then the
// lab core (and the scenario runner and the grader with its testcontainers API beside it), then capture / impair / trace /
// assert (and the image, engine and topology the core uses), then docker / pcap / tcp / netem and the other leaves. Nothing imports a
// floor above its own, nothing outside lab/cli imports lab/cli, lab/errors.ts imports
// nothing, and product code never imports a test or a testing room.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const LAB = dirname(fileURLToPath(import.meta.url));

/** Floor of each top-level folder (or file) of lab/: higher floors may import lower ones. */
const FLOORS: Record<string, number> = {
  cli: 4,
  lab: 3,
  scenario: 3,
  grade: 3,
  testcontainers: 3,
  bench: 3, // the benchmarks drive labs (lab/lab) as a library caller does
  "index.ts": 3,
  "setup.ts": 3,
  capture: 2,
  impair: 2,
  trace: 2,
  assert: 2,
  image: 2,
  engine: 2,
  topology: 2,
  docker: 1,
  pcap: 1,
  tcp: 1,
  netem: 1,
  programs: 1,
  util: 1,
  "errors.ts": 0,
  "paths.ts": 0,
};

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

const room = (file: string): string => relative(LAB, file).split("/")[0] ?? "";
const isTestCode = (file: string): boolean => file.endsWith(".test.ts") || relative(LAB, file).split("/").includes("testing");

/** Relative imports (static, type-only and dynamic) of a file, as absolute .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1] as string);
  return specs.map((s) => resolve(dirname(file), s.replace(/\.js$/, ".ts")));
}

const files = tsFiles(LAB);

test("every top-level folder of lab/ has a floor", () => {
  expect(files.filter((f) => !isTestCode(f)).map(room).filter((r) => !(r in FLOORS))).toEqual([]);
});

test("nothing outside lab/cli imports lab/cli", () => {
  const bad = files
    .filter((f) => room(f) !== "cli")
    .flatMap((f) => importsOf(f).filter((t) => room(t) === "cli").map((t) => `${relative(LAB, f)} -> ${relative(LAB, t)}`));
  expect(bad).toEqual([]);
});

test("no module imports a floor above its own", () => {
  const bad = files.flatMap((f) =>
    importsOf(f)
      .filter((t) => (FLOORS[room(t)] ?? 0) > (FLOORS[room(f)] ?? 0))
      .map((t) => `${relative(LAB, f)} (floor ${FLOORS[room(f)]}) -> ${relative(LAB, t)} (floor ${FLOORS[room(t)]})`),
  );
  expect(bad).toEqual([]);
});

test("lab/errors.ts is a leaf: every floor may import it", () => {
  expect(importsOf(join(LAB, "errors.ts"))).toEqual([]);
});

test("product code imports no test and no testing room (they stay out of dist/)", () => {
  const bad = files
    .filter((f) => !isTestCode(f))
    .flatMap((f) => importsOf(f).filter(isTestCode).map((t) => `${relative(LAB, f)} -> ${relative(LAB, t)}`));
  expect(bad).toEqual([]);
});

test("the build leaves tests and testing rooms out", () => {
  const text = readFileSync(join(LAB, "..", "tsconfig.build.json"), "utf8").replace(/^\s*\/\/.*$/gm, "");
  const exclude = (JSON.parse(text) as { exclude?: string[] }).exclude ?? [];
  expect(exclude).toEqual(expect.arrayContaining(["lab/**/*.test.ts", "lab/**/testing/**"]));
});
