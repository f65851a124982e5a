import { expect, test } from "vitest";
import { cell, designsTable, fmt, markdownTable } from "./table.js";
import type { DesignSummary } from "./designs-summary.js";
import { spread } from "./statistics.js";

test("numbers keep about three significant figures, counts stay whole", () => {
  expect(fmt(4980.4)).toBe("4980");
  expect(fmt(0.012345)).toBe("0.0123");
  expect(fmt(1.5)).toBe("1.50");
  expect(fmt(7)).toBe("7");
  expect(fmt(-0.00152)).toBe("-0.00152");
  expect(fmt(Number.NaN)).toBe("–");
});

test("a cell is the median with its range; one round or equal values, the value alone", () => {
  expect(cell(spread([0.5, 0.52, 0.55]))).toBe("0.520 (0.500–0.550)");
  expect(cell(spread([3]))).toBe("3");
  expect(cell(spread([]))).toBe("–");
});

test("markdown cells escape the pipe", () => {
  expect(markdownTable(["a", "b"], [["x|y", "1"]])).toBe("| a | b |\n| --- | --- |\n| x\\|y | 1 |");
});

const summary = (over: Partial<DesignSummary>): DesignSummary => ({
  name: "epoll", source: "(Linux) epoll", reference: false, rounds: 3,
  connPerS: spread([4000, 5000, 6000]), connectP50Ms: spread([0.1]), connectP99Ms: spread([2]),
  replyP50Ms: spread([0.3]), replyP99Ms: spread([3, 4, 5]),
  cpuS: spread([0.5]), userS: spread([0.1]), systemS: spread([0.4]), processControlS: 0.2,
  memoryPeakMiB: spread([4.1]), processesPeak: spread([1]), threadsPeak: spread([1]), handled: 7500, ...over,
});

test("the designs table: one row per design, reference rows in italics with their note below, failures said", () => {
  const text = designsTable([
    summary({}),
    summary({ name: "limit", reference: true, protocolNote: "one request per connection, server closes first" }),
    summary({ name: "fork", rounds: 0, failure: "round 1: 10 of 2500 connections failed (ECONNREFUSED=10)" }),
  ]);
  const lines = text.split("\n");
  expect(lines[2]).toBe("| epoll | (Linux) epoll | 5000 (4000–6000) | 0.10 | 2 | 0.30 | 4 (3–5) | 0.500 | 0.10 | 0.40 | 0.200 | 4.1 | 1 | 1 | 7500 total |");
  expect(lines[3]).toMatch(/^\| \*limit\* \|/);
  expect(lines[4]).toBe("| fork | (Linux) epoll | not measured: round 1: 10 of 2500 connections failed (ECONNREFUSED=10) |  |  |  |  |  |  |  |  |  |  |  | 7500 total |");
  for (const l of lines.slice(0, 5)) expect(l.match(/(?<!\\)\|/g)).toHaveLength(16);
  expect(text).toContain("- *limit*: one request per connection, server closes first.");
});
