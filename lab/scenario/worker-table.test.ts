// The process-table additions: `workers:` (a pool's per-worker counts as a table), `output`
// with `increasing: true` (a count read twice must grow), and `wait` with `count:`.
import { describe, expect, test } from "vitest";
import { judgeCase } from "./judge-case.js";
import { loadScenario } from "./load-scenario.js";
import type { ProgramRecord } from "./program-record.js";
import { scenarioRoot } from "./testing/scenario-folder.js";
import type { Verdict } from "./verdict.js";

const STEPS = `title: recorded
tags: [test]
topology: probe
steps:
  - start: server-design
    as: pool
  - wait: pool
    log: "EAGAIN: "
    count: 2
  - stop: pool
expect:
`;

const report = [
  "prefork-server: listening on port 1234 (preforked, children sleep in select(), 3 workers)",
  "EAGAIN: 100 (accept 100, read 0, write 0) in 100 polling passes",
  "EAGAIN: 5000 (accept 5000, read 0, write 0) in 5000 polling passes",
  "connections per worker: 1 2 3",
  "connections per worker: 4 6 10",
  "kernel wakeups per worker: 19 20 18",
  "EAGAIN per worker: 0 1 0",
].join("\n");

const pool: ProgramRecord = { name: "pool", service: "server-design", kind: "start", argv: ["prefork-server"], startedMs: 0, endedMs: 1, exitCode: 0, stdout: "", stderr: report };

function judge(assertions: string): Verdict[] {
  using root = scenarioRoot();
  const scenario = loadScenario(root.add("recorded", STEPS + assertions));
  return judgeCase(scenario.cases[0]!.expect, new Map([["pool", pool]]), new Map()).verdicts;
}

function problem(assertion: string): string {
  try {
    judge(assertion);
  } catch (err) {
    return (err as Error).message.replace(/^.*?scenario\.yml: /, "");
  }
  throw new Error("it loaded");
}

describe("workers: a pool's per-worker counts", () => {
  const COLUMNS = "    columns: {served: connections per worker, woken: kernel wakeups per worker, EAGAIN: EAGAIN per worker}\n";

  test("reads the last line of each label into a table, printed in the evidence and kept as data", () => {
    const [v] = judge(`  - workers: pool\n${COLUMNS}    sum: {served: 20, woken: {at_least: 40}}\n    each: {woken: {at_least: 10}}\n`);
    expect(v).toMatchObject({
      passed: true,
      title: "pool's workers: sum of served exactly 20; sum of woken at least 40; woken of every worker at least 10",
      seen: "worker 0 1 2 | served 4 6 10 (sum 20) | woken 19 20 18 (sum 57) | EAGAIN 0 1 0 (sum 1)",
      table: { served: [4, 6, 10], woken: [19, 20, 18], EAGAIN: [0, 1, 0] },
    });
    expect(v!.detail).toBe(["worker  served  woken  EAGAIN", "     0       4     19       0", "     1       6     20       1", "     2      10     18       0", " total      20     57       1"].join("\n"));
  });

  test("fails naming the sums and the workers that miss", () => {
    const [v] = judge(`  - workers: pool\n${COLUMNS}    sum: {woken: {at_most: 20}}\n    each: {EAGAIN: 0}\n`);
    expect(v).toMatchObject({ passed: false, seen: "sum of woken is 57, worker 1: EAGAIN 1: worker 0 1 2 | served 4 6 10 (sum 20) | woken 19 20 18 (sum 57) | EAGAIN 0 1 0 (sum 1)" });
    const [missing] = judge("  - workers: pool\n    columns: {x: switches per worker}\n");
    expect(missing).toMatchObject({ passed: false, seen: 'no line "switches per worker: n n ..." in pool\'s output' });
  });

  test("bad input: one line naming the field", () => {
    expect(problem("  - workers: pool\n")).toBe("expect[0].columns: is required: {name: <label of the report line>, ...}, e.g. {served: connections per worker}");
    expect(problem(`  - workers: pool\n${COLUMNS}    sum: {served: many}\n`)).toBe("expect[0].sum.served: 'many' is not a number");
    expect(problem(`  - workers: pool\n${COLUMNS}    each: {wakeups: 1}\n`)).toBe("expect[0].each.wakeups: 'wakeups' is not a column (columns: served, woken, EAGAIN)");
  });
});

describe("output with increasing: true", () => {
  test("the captured number grows from line to line", () => {
    const [v] = judge("  - output: pool\n    matches: 'EAGAIN: (\\d+) \\(accept'\n    increasing: true\n");
    expect(v).toMatchObject({ passed: true, seen: "100 -> 5000 (2 line(s))" });
    const [down] = judge("  - output: pool\n    matches: 'connections per worker: (\\d+)'\n    increasing: true\n");
    expect(down).toMatchObject({ passed: true, seen: "1 -> 4 (2 line(s))" });
    const [one] = judge("  - output: pool\n    matches: 'kernel wakeups per worker: (\\d+)'\n    increasing: true\n");
    expect(one).toMatchObject({ passed: false, seen: "19 (1 line(s))" });
  });
  test("needs matches, and no count", () => {
    expect(problem("  - output: pool\n    not_matches: x\n    increasing: true\n")).toMatch(/^expect\[0\]\.increasing: compares the number/);
  });
});

describe("wait with count", () => {
  test("is read with the log it counts, and only with a log", () => {
    using root = scenarioRoot();
    const scenario = loadScenario(root.add("w", STEPS + "  - exit: pool\n    code: 0\n"));
    expect(scenario.cases[0]!.steps[1]).toMatchObject({ kind: "wait", program: "pool", count: 2 });
    expect(() => loadScenario(root.add("w2", STEPS.replace('log: "EAGAIN: "', "exit: true") + "  - exit: pool\n    code: 0\n"))).toThrow(/steps\[1\]\.count: goes with log/);
  });
});
