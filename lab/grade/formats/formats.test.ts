import { describe, expect, test } from "vitest";
import { renderCsv } from "./csv.js";
import { toGradescope } from "./gradescope.js";
import { renderJunit } from "./junit.js";
import { renderText } from "./text.js";
import { sampleCheck as check, sampleResult as result } from "./testing/sample-result.js";

describe("report formats", () => {
  test("text: one line per check, evidence under the ones that did not pass, the total", () => {
    const text = renderText(result);
    expect(text).toContain("  PASS builds        10/10  compiled: gcc -o server server.c");
    expect(text).toContain("  FAIL no-zombies     0/10  2 zombie processes after 1000 connections");
    expect(text).toMatch(/\| +8 +7 +8 Z +server <defunct>/);
    expect(text).toContain("  SKIP slow-client    0/10  not run: needs concurrent");
    expect(text.trimEnd().split("\n").pop()).toBe("  total 25/45");
  });

  test("gradescope: score, execution time in whole seconds, a test per check with its status", () => {
    const g = toGradescope(result);
    expect(g.score).toBe(25);
    expect(g.execution_time).toBe(42);
    expect(g.tests.map((t) => [t.number, t.name, t.score, t.max_score, t.status])).toEqual([
      ["1", "builds: builds", 10, 10, "passed"],
      ["2", "serves-one: serves-one", 15, 15, "passed"],
      ["3", "no-zombies: no-zombies", 0, 10, "failed"],
      ["4", "slow-client: slow-client", 0, 10, "failed"],
    ]);
    expect(g.tests[2]?.output.split("\n")[0]).toBe("2 zombie processes after 1000 connections");
  });

  test("junit: failures carry the evidence, escaped; not run is skipped; control characters do not break the XML", () => {
    const xml = renderJunit([result]);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="socklab grade" tests="4" failures="1" errors="0" skipped="1">/);
    expect(xml).toContain('<testcase classname="alice" name="no-zombies (10 points)" time="1.500">');
    expect(xml).toContain("server &lt;defunct&gt; &amp; &quot;quoted&quot;");
    expect(xml).toContain("bell ? here");
    expect(xml).toContain('<skipped message="not run: needs concurrent, which did not pass"/>');
    expect(xml).toContain('<property name="score" value="25"/>');
  });

  test("csv: a row per submission, a column per check, quoted where needed", () => {
    const other = { ...result, submission: 'bob, "the builder"', score: 10, checks: [check("builds", "passed", 10, "ok")] };
    expect(renderCsv([result, other]).split("\r\n")).toEqual([
      "submission,builds,serves-one,no-zombies,slow-client,total,max",
      "alice,10,15,0,0,25,45",
      '"bob, ""the builder""",10,,,,10,45',
      "",
    ]);
  });
});
