import { expect, test } from "vitest";
import { parseServerReport, workerShare } from "./server-report.js";

test("a pool design's report: CPU times and connections per worker", () => {
  const r = parseServerReport(
    "prefork-server: listening on port 1234 (prefork, 4 workers)\nuser time = 0.12, sys time = 1.5e+00\nconnections per worker: 700 600 650 550\n",
  );
  expect(r).toEqual({ userS: 0.12, systemS: 1.5, workers: [700, 600, 650, 550], handled: 2500 });
  expect(workerShare(r.workers)).toMatchObject({ min: 550, max: 700 });
  expect(workerShare(r.workers)?.cv).toBeCloseTo(0.0894, 3);
});

test("a design without workers reports its total; a server that said nothing, nothing", () => {
  expect(parseServerReport("user time = 0, sys time = 0.25\nconnections handled: 7500\n")).toEqual({ userS: 0, systemS: 0.25, handled: 7500 });
  expect(parseServerReport("")).toEqual({});
  expect(workerShare(undefined)).toBeUndefined();
});
