// The reference submissions of test/fixtures/submissions, made at test time: the lab's own
// servers copied from images/src (with lib/), and the broken variants of variants.yaml
// (a base and exact edits). Each goes into a fresh temporary directory.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { findServer } from "../../lab/programs/programs.js";
import { imagesDir, projectRoot } from "../../lab/paths.js";
import type { CheckId, Design } from "../../lab/grade/check-params.js";

export const fixturesDir = (): string => join(projectRoot(), "test/fixtures/submissions");

interface Ours {
  design: Design;
  workers?: number;
  drop?: CheckId[];
}

interface Broken {
  base: string;
  rubric: string;
  breaks: CheckId[];
  edits: Array<{ file: string; find: string; replace: string }>;
}

export const variants = (): { ours: Record<string, Ours>; broken: Record<string, Broken> } =>
  parse(readFileSync(join(fixturesDir(), "variants.yaml"), "utf8")) as { ours: Record<string, Ours>; broken: Record<string, Broken> };

/** A directory holding the design's main file and lib/, as copied from images/src. */
export function copyOurs(design: string, into = mkdtempSync(join(tmpdir(), `socklab-sub-${design}-`))): string {
  const binary = findServer(design)?.binary;
  if (!binary) throw new Error(`no server design ${design}`);
  mkdirSync(into, { recursive: true });
  cpSync(join(imagesDir(), "src", `${binary}.c`), join(into, `${binary}.c`));
  cpSync(join(imagesDir(), "src", "lib"), join(into, "lib"), { recursive: true, filter: (src) => !/\.(o|a)$/.test(src) });
  return into;
}

/** A broken variant, made from its base with its edits; each edit must apply exactly once. */
export function makeBroken(name: string, parent = mkdtempSync(join(tmpdir(), "socklab-sub-"))): string {
  const v = variants().broken[name];
  if (!v) throw new Error(`no variant ${name}`);
  const dir = join(parent, name);
  if (v.base.startsWith("ours:")) copyOurs(v.base.slice(5), dir);
  else cpSync(join(fixturesDir(), v.base), dir, { recursive: true });
  for (const e of v.edits) {
    const path = join(dir, e.file);
    const text = readFileSync(path, "utf8");
    const count = text.split(e.find).length - 1;
    if (count !== 1) throw new Error(`variant ${name}: '${e.find.trim()}' occurs ${count} times in ${e.file}`);
    writeFileSync(path, text.replace(e.find, e.replace));
  }
  return dir;
}

/** The rubric (a YAML file) that grades one of our designs: the load protocol, its design, its pool size (also the clients served at once). */
export function oursRubric(design: string, dir: string): string {
  const o = variants().ours[design];
  if (!o) throw new Error(`no design ${design} in variants.yaml`);
  const checks: Record<string, unknown> = { design: { points: 10, expect: o.design, ...(o.workers ? { workers: o.workers } : {}) } };
  // A pool of N serves N clients at once, and no more: the assignment asks for that many.
  if (o.workers) checks.concurrent = { clients: o.workers };
  for (const id of o.drop ?? []) checks[id] = false;
  const path = join(dir, `rubric-${design}.yaml`);
  writeFileSync(path, stringify({ extends: "load", argv: ["{binary}", "-P", "{port}", ...(o.workers ? ["-t", String(o.workers)] : [])], checks }));
  return path;
}
