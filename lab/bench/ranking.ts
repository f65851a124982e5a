// Is the ranking of the designs stable across runs? The issue's test: runs of the same
// load give the same order for every two designs whose medians differ by more than their
// spread (their min–max ranges over rounds do not overlap). A pair that is apart in one run
// and apart the other way round in another is a contradiction; a pair whose ranges overlap
// in a run is unresolved there, and says nothing about stability.
import type { DesignSummary } from "./designs-summary.js";
import { apart, type Spread } from "./statistics.js";
import { fmt } from "./table.js";

export type RankMetric = "connPerS" | "cpuS";

export interface PairVerdict {
  a: string;
  b: string;
  /** Per run: 1 when a's median is above b's and the ranges are apart, -1 the other way, 0 overlapping. */
  orders: number[];
}

export interface RankingCheck {
  metric: RankMetric;
  runs: number;
  /** Pairs apart in every run, in the same order each time. */
  stable: PairVerdict[];
  /** Pairs apart in two runs in opposite orders. */
  contradicted: PairVerdict[];
  /** Pairs apart in some runs, overlapping in others, never contradicted. */
  partly: PairVerdict[];
  /** Pairs overlapping in every run: no order to keep. */
  unresolved: PairVerdict[];
  /** Each run's order by median, best first (highest conn/s, lowest CPU). */
  orders: string[][];
}

const order = (x: Spread, y: Spread): number => (apart(x, y) ? Math.sign(x.median - y.median) : 0);

/** Compare the runs' summaries on one metric; only designs measured in every run take part. */
export function checkRanking(runs: readonly (readonly DesignSummary[])[], metric: RankMetric): RankingCheck {
  const measured = (run: readonly DesignSummary[]) => new Map(run.filter((s) => s.rounds > 0).map((s) => [s.name, s[metric]] as const));
  const maps = runs.map(measured);
  const names = [...(maps[0]?.keys() ?? [])].filter((n) => maps.every((m) => m.has(n)));
  const check: RankingCheck = { metric, runs: runs.length, stable: [], contradicted: [], partly: [], unresolved: [], orders: [] };
  for (let i = 0; i < names.length; i++)
    for (let j = i + 1; j < names.length; j++) {
      const [a, b] = [names[i] as string, names[j] as string];
      const orders = maps.map((m) => order(m.get(a) as Spread, m.get(b) as Spread));
      const verdict = { a, b, orders };
      if (orders.includes(1) && orders.includes(-1)) check.contradicted.push(verdict);
      else if (orders.every((o) => o === 0)) check.unresolved.push(verdict);
      else if (orders.includes(0)) check.partly.push(verdict);
      else check.stable.push(verdict);
    }
  const better = metric === "cpuS" ? 1 : -1;
  check.orders = maps.map((m) => [...names].sort((x, y) => better * ((m.get(x) as Spread).median - (m.get(y) as Spread).median)));
  return check;
}

const pair = (v: PairVerdict): string => {
  const first = v.orders.find((o) => o !== 0) === 1 ? [v.a, v.b] : [v.b, v.a];
  return `${first[0]} > ${first[1]}`;
};

/** A few lines saying what held and what did not. */
export function describeRanking(c: RankingCheck): string {
  const what = c.metric === "cpuS" ? "CPU s (lower first)" : "conn/s (higher first)";
  const total = c.stable.length + c.contradicted.length + c.partly.length + c.unresolved.length;
  return [
    `${what}, ${c.runs} runs, ${total} pairs of designs:`,
    `  apart in every run, same order each time: ${c.stable.length}`,
    `  apart in two runs in opposite orders (unstable): ${c.contradicted.length}` +
      (c.contradicted.length ? ` (${c.contradicted.map((v) => `${v.a}/${v.b} ${v.orders.join(",")}`).join("; ")})` : ""),
    `  apart in some runs only, never contradicted: ${c.partly.length}; overlapping in every run: ${c.unresolved.length}`,
    `  share of the pairs apart in any run that never flip: ${fmt(total - c.unresolved.length ? (total - c.unresolved.length - c.contradicted.length) / (total - c.unresolved.length) : Number.NaN, 2)}`,
    ...c.orders.map((o, k) => `  run ${k + 1}: ${o.join(" ")}`),
    ...(c.stable.length ? [`  stable pairs (larger median first): ${c.stable.map(pair).join(", ")}`] : []),
  ].join("\n");
}
