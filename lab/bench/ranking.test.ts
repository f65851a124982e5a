import { expect, test } from "vitest";
import type { DesignSummary } from "./designs-summary.js";
import { checkRanking, describeRanking } from "./ranking.js";
import { spread } from "./statistics.js";

const row = (name: string, rates: number[]): DesignSummary => {
  const s = spread(rates);
  return {
    name, source: "", reference: false, rounds: rates.length, connPerS: s, connectP50Ms: s, connectP99Ms: s, replyP50Ms: s,
    replyP99Ms: s, cpuS: spread(rates.map((r) => 1 / r)), userS: s, systemS: s, memoryPeakMiB: s, processesPeak: s, threadsPeak: s,
  };
};

test("pairs apart in every run keep their order; a pair apart both ways round is a contradiction", () => {
  const runs = [
    [row("fork", [50, 60]), row("prefork", [4000, 5000]), row("epoll", [3000, 4500]), row("poll", [100, 110])],
    [row("fork", [40, 55]), row("prefork", [4200, 4600]), row("epoll", [2000, 2500]), row("poll", [120, 130])],
    [row("fork", [150, 160]), row("prefork", [3900, 4100]), row("epoll", [4200, 5000]), row("poll", [90, 100])],
  ];
  const c = checkRanking(runs, "connPerS");
  expect(c.stable.map((v) => `${v.a}/${v.b}`)).toEqual(["fork/prefork", "fork/epoll", "prefork/poll", "epoll/poll"]);
  // fork/poll flips in run 3; prefork/epoll overlaps in run 1, then is apart both ways
  expect(c.contradicted.map((v) => `${v.a}/${v.b}:${v.orders.join(",")}`)).toEqual(["fork/poll:-1,-1,1", "prefork/epoll:0,1,-1"]);
  expect(c.partly).toEqual([]);
  expect(c.orders[0]).toEqual(["prefork", "epoll", "poll", "fork"]);
  const cpu = checkRanking(runs, "cpuS");
  expect(cpu.orders[0]?.[0]).toBe("prefork"); // least CPU first
  expect(describeRanking(c)).toContain("apart in every run, same order each time: 4");
  expect(describeRanking(c)).toContain("opposite orders (unstable): 2 (fork/poll -1,-1,1; prefork/epoll 0,1,-1)");
  const overlapping = checkRanking([[row("a", [1, 3]), row("b", [2, 4])], [row("a", [1, 3]), row("b", [5, 6])]], "connPerS");
  expect(overlapping.partly.map((v) => v.orders)).toEqual([[0, -1]]);
});

test("a design missing from a run, or not measured, takes no part", () => {
  const c = checkRanking([[row("a", [1, 2]), row("b", [5, 6])], [row("a", [1, 2])]], "connPerS");
  expect(c.stable).toEqual([]);
  expect(c.orders).toEqual([["a"], ["a"]]);
});
