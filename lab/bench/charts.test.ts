import { expect, test } from "vitest";
import { designsChartSpec, renderSvg, scalingChartSpec } from "./charts.js";
import type { DesignSummary } from "./designs-summary.js";
import { spread } from "./statistics.js";

const summary = (name: string, cpu: number, rate: number, processControlS?: number): DesignSummary => ({
  name, source: "", reference: false, rounds: 3, connPerS: spread([rate * 0.9, rate, rate * 1.1]), connectP50Ms: spread([0.1]),
  connectP99Ms: spread([1]), replyP50Ms: spread([0.2]), replyP99Ms: spread([2]), cpuS: spread([cpu]), userS: spread([cpu / 4]), systemS: spread([(3 * cpu) / 4]),
  memoryPeakMiB: spread([4]), processesPeak: spread([1]), threadsPeak: spread([1]), ...(processControlS === undefined ? {} : { processControlS }),
});

test("the designs chart is an SVG naming every design, with the process-control panel when there is a baseline", async () => {
  const svg = await renderSvg(designsChartSpec([summary("iterative", 0.4, 5000, 0), summary("fork", 2.4, 2000, 2.0)], "t"));
  expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg).toContain(">iterative</text>");
  expect(svg).toContain(">fork</text>");
  expect(svg).toContain("Process control");
  const without = await renderSvg(designsChartSpec([summary("epoll", 0.4, 5000)], "t"));
  expect(without).not.toContain("Process control");
});

test("the scaling chart has one line per design and the idle counts on its axis", async () => {
  const svg = await renderSvg(
    scalingChartSpec(
      [
        { design: "select", idle: 0, connPerS: 5000, replyP99Ms: 1 },
        { design: "select", idle: 1000, connPerS: 3000, replyP99Ms: 2 },
        { design: "epoll", idle: 0, connPerS: 5000, replyP99Ms: 1 },
        { design: "epoll", idle: 1000, connPerS: 4900, replyP99Ms: 1 },
      ],
      [0, 1000],
      "t",
    ),
  );
  expect(svg).toContain(">select</text>");
  expect(svg).toContain(">epoll</text>");
  expect(svg).toContain(">1,000</text>");
  expect(svg.match(/class="mark-line role-mark/g)?.length).toBeGreaterThanOrEqual(2);
});
