import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { LabError } from "../errors.js";
import { loadRubric, maxScore } from "./rubric.js";

const dir = mkdtempSync(join(tmpdir(), "socklab-rubric-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const usage = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LabError);
    expect((err as LabError).exitCode).toBe(2);
    return (err as Error).message;
  }
  throw new Error("no error");
};

describe("built-in rubrics", () => {
  test("echo is the default: ./server PORT, byte echo, 100 points in ten checks", () => {
    const r = loadRubric();
    expect([r.name, r.protocol, r.argv, r.port]).toEqual(["echo", "echo", ["{binary}", "{port}"], 1234]);
    expect(maxScore(r)).toBe(100);
    expect(r.checks.map((c) => c.id)).toEqual(["builds", "serves-one", "concurrent", "wire", "no-fd-leak", "no-zombies", "slow-client", "malformed", "survives-reset", "sigterm"]);
  });

  test("load starts the server as -P PORT", () => {
    expect(loadRubric("load").argv).toEqual(["{binary}", "-P", "{port}"]);
  });
});

describe("rubric files", () => {
  test("extend a built-in one: points, parameters, new and removed checks, argv, limits", () => {
    const r = loadRubric(
      file(
        "pool.yaml",
        `extends: load
argv: ["{binary}", "-P", "{port}", "-t", "3"]
limits: { memory: 128, pids: 64 }
checks:
  concurrent: { points: 20, clients: 10 }
  design: { points: 10, expect: process-pool, workers: 3 }
  no-warnings: 5
  wire: false
`,
      ),
    );
    expect(r.protocol).toBe("load");
    expect(r.argv).toEqual(["{binary}", "-P", "{port}", "-t", "3"]);
    expect(r.limits).toEqual({ cpus: 1, memoryMb: 128, pids: 64, nofile: 4096 });
    const byId = Object.fromEntries(r.checks.map((c) => [c.id, c]));
    expect(byId.concurrent).toEqual({ id: "concurrent", points: 20, params: { clients: 10, within: 5 } });
    expect(byId.design?.params).toEqual({ expect: "process-pool", workers: 3, clients: 5 });
    expect(byId["no-warnings"]?.points).toBe(5);
    expect(byId.wire).toBeUndefined();
    expect(maxScore(r)).toBe(100 + 5 + 10 + 5 - 10);
  });

  test("every mistake is one line naming the field", () => {
    expect(usage(() => loadRubric(file("a.yaml", "checks:\n  speed: 10\n")))).toMatch(/checks\.speed: unknown check \(known: builds, /);
    expect(usage(() => loadRubric(file("b.yaml", "checks:\n  design: { points: 5, expect: pool }\n")))).toMatch(/checks\.design\.expect: expected one of single-process, /);
    expect(usage(() => loadRubric(file("c.yaml", "checks:\n  design: { points: 5, expect: thread-pool }\n")))).toMatch(/checks\.design\.workers: thread-pool needs the pool size/);
    expect(usage(() => loadRubric(file("d.yaml", "protocol: http\n")))).toMatch(/protocol: expected one of echo, upper, line, load/);
    expect(usage(() => loadRubric(file("e.yaml", "port: 80\n")))).toMatch(/port: expected a number from 1024 to 65535, got 80/);
    expect(usage(() => loadRubric(file("f.yaml", "extends: ftp\n")))).toMatch(/extends: no built-in rubric 'ftp'/);
    expect(usage(() => loadRubric(file("g.yaml", "colour: red\n")))).toMatch(/: colour: unknown key/);
    expect(usage(() => loadRubric(file("h.yaml", "argv: [\n")))).toMatch(/not YAML/);
    expect(usage(() => loadRubric("no-such-rubric"))).toMatch(/no rubric 'no-such-rubric': name a built-in one \(echo, upper, line, load\) or a YAML file/);
    for (const f of "abcdefgh") expect(usage(() => loadRubric(join(dir, `${f}.yaml`))).split("\n")).toHaveLength(1);
  });
});
