// Every scenario of scenarios/ as a test, through the very function `lab run` calls: all
// of them run (each case in its own lab, four at a time), then each is a test that
// passes when every one of its assertions held, and shows the failed verdicts otherwise.
import { mkdtempSync, existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { loadScenarios, runScenarios, verdictLine, type ScenarioResult } from "../lab/scenario/index.js";
import { integration, testLabPrefix } from "./support/docker-ready.js";

const { scenarios, broken } = loadScenarios();
const out = mkdtempSync(join(tmpdir(), "socklab-scenario-results-"));
let results: ScenarioResult[] = [];

integration("every scenario holds", () => {
  beforeAll(async () => {
    results = await runScenarios(scenarios, { jobs: 4, outRoot: out, labPrefix: testLabPrefix() });
  }, 900_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test("every folder of scenarios/ is a valid scenario", () => {
    expect(broken).toEqual([]);
    expect(scenarios.length).toBe(20);
  });

  test.each(scenarios.map((s) => s.name))("%s", (name) => {
    const r = results.find((x) => x.scenario === name);
    expect(r, "the scenario ran").toBeDefined();
    const failed = r!.cases.flatMap((c) => c.verdicts.filter((v) => !v.passed).map((v) => `${c.name}: ${verdictLine(v)}\n${v.detail ?? ""}`));
    expect(failed).toEqual([]);
    expect(r!.cases.map((c) => c.name)).toEqual(scenarios.find((s) => s.name === name)!.cases.map((c) => c.name));
    expect(r!.passed).toBe(true);
    // What it leaves: result.json and report.html, and each case's pcaps with their JSON.
    const json = JSON.parse(readFileSync(join(r!.dir, "result.json"), "utf8")) as ScenarioResult;
    expect(json.passed).toBe(true);
    expect(readFileSync(join(r!.dir, "report.html"), "utf8")).toContain('data-result="PASS"');
    for (const c of r!.cases) {
      for (const cap of c.captures) {
        expect(existsSync(join(r!.dir, cap.pcap)), cap.pcap).toBe(true);
        expect(JSON.parse(readFileSync(join(r!.dir, cap.meta), "utf8"))).toMatchObject({ format: "socklab-capture/1", file: cap.pcap.split("/").pop() });
      }
      for (const l of c.ladders) expect(readFileSync(join(r!.dir, l.svg), "utf8")).toMatch(/^<svg /);
    }
  });
});
