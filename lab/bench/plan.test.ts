import { expect, test } from "vitest";
import { LabError } from "../errors.js";
import { parseIdleCounts, parseRows, Progress } from "./plan.js";
import { rowNames } from "./rows.js";

const usage = (fn: () => unknown): LabError => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LabError);
    expect((err as LabError).exitCode).toBe(2);
    return err as LabError;
  }
  throw new Error("no error");
};

test("rows by design name, variant, reference row or seed alias, in the order given", () => {
  expect(parseRows("epoll-et,server3,limit,nginx", "--designs").map((r) => r.name)).toEqual(["epoll-et", "prefork-lock", "limit", "nginx"]);
  expect(parseRows(rowNames().join(","), "--designs")).toHaveLength(15);
});

test("an unknown name lists every valid one", () => {
  const err = usage(() => parseRows("fork,frok", "--designs"));
  expect(err.message).toBe(`--designs: unknown design 'frok': choose from ${rowNames().join(", ")}`);
  expect(usage(() => parseRows("fork", "--designs", ["select", "poll"])).message).toMatch(/choose from select, poll$/);
  expect(usage(() => parseRows("fork,,epoll", "--designs")).message).toMatch(/empty name/);
  expect(usage(() => parseRows("fork,server1", "--designs")).message).toMatch(/'fork' is named twice/);
});

test("idle counts: whole numbers up to the maximum, sorted", () => {
  expect(parseIdleCounts("1000, 0,100", "--idle", 20000)).toEqual([0, 100, 1000]);
  expect(usage(() => parseIdleCounts("10,-1", "--idle", 20000)).message).toBe("--idle: '-1' is not a whole number from 0 to 20000");
  expect(usage(() => parseIdleCounts("30000", "--idle", 20000)).message).toMatch(/from 0 to 20000/);
  expect(usage(() => parseIdleCounts("5,5", "--idle", 20000)).message).toMatch(/named twice/);
});

test("progress counts down", () => {
  const lines: string[] = [];
  const p = new Progress(3, (l) => lines.push(l));
  p.step("fork round 1/3");
  p.step("fork round 2/3");
  expect(lines[0]).toMatch(/^bench: \[1\/3\] fork round 1\/3 \(2 to go, \d+ s so far\)$/);
  expect(lines[1]).toMatch(/\[2\/3\] .*\(1 to go/);
});
