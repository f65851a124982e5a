// The bench's charts: Vega-Lite specifications rendered to SVG by Vega's headless view
// (no browser, no canvas: text is measured by Vega's estimate).
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { DesignSummary } from "./designs-summary.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Grouped bars: CPU time (user and system side by side) and connections per second with their range. */
export function designsChartSpec(summaries: readonly DesignSummary[], title: string): TopLevelSpec {
  const measured = summaries.filter((s) => s.rounds > 0);
  const order = measured.map((s) => s.name);
  const cpu = measured.flatMap((s) => [
    { design: s.name, part: "user", seconds: s.userS.median },
    { design: s.name, part: "system", seconds: s.systemS.median },
  ]);
  const rate = measured.map((s) => ({ design: s.name, median: s.connPerS.median, min: s.connPerS.min, max: s.connPerS.max }));
  const x = { field: "design", type: "nominal", sort: order, title: null, axis: { labelAngle: -40 } } as const;
  const control = measured
    .filter((s) => s.processControlS !== undefined)
    .map((s) => ({ design: s.name, seconds: s.processControlS }));
  const controlPanel = {
    title: "Process control: CPU time minus the iterative server's (UNP Figure 30.1)",
    width: 640,
    height: 160,
    data: { values: control },
    mark: { type: "bar", color: "#e15759" },
    encoding: { x, y: { field: "seconds", type: "quantitative", title: "CPU seconds" } },
  };
  return {
    $schema: SCHEMA,
    title,
    vconcat: [
      {
        title: "Server CPU time per design (median over rounds)",
        width: 640,
        height: 180,
        data: { values: cpu },
        mark: "bar",
        encoding: {
          x,
          xOffset: { field: "part", sort: ["user", "system"] },
          y: { field: "seconds", type: "quantitative", title: "CPU seconds" },
          color: { field: "part", type: "nominal", sort: ["user", "system"], title: "CPU" },
        },
      },
      {
        title: "Connections per second (median, bar; min–max over rounds, rule)",
        width: 640,
        height: 180,
        data: { values: rate },
        layer: [
          { mark: { type: "bar", color: "#59a14f" }, encoding: { x, y: { field: "median", type: "quantitative", title: "connections/s" } } },
          { mark: { type: "rule", strokeWidth: 2 }, encoding: { x, y: { field: "min", type: "quantitative" }, y2: { field: "max" } } },
        ],
      },
      ...(control.length > 0 ? [controlPanel] : []),
    ],
  } as TopLevelSpec;
}

export interface ScalingPoint {
  design: string;
  idle: number;
  connPerS: number;
  replyP99Ms: number;
}

/** Lines: request rate and reply p99 against idle connections held open, one line per design. */
export function scalingChartSpec(points: readonly ScalingPoint[], idle: readonly number[], title: string): TopLevelSpec {
  const x = {
    field: "idle", type: "quantitative", title: "idle connections held open (symlog scale)", scale: { type: "symlog" }, axis: { values: [...idle] },
  } as const;
  const color = { field: "design", type: "nominal", title: "design" } as const;
  const panel = (field: string, ytitle: string, t: string) => ({
    title: t,
    width: 560,
    height: 200,
    mark: { type: "line", point: true },
    encoding: { x, y: { field, type: "quantitative", title: ytitle }, color },
  });
  return {
    $schema: SCHEMA,
    title,
    data: { values: points.map((p) => ({ ...p })) },
    vconcat: [
      panel("connPerS", "connections/s", "Active load's rate"),
      panel("replyP99Ms", "ms", "Active load's reply latency (request written to last byte), p99"),
    ],
  } as TopLevelSpec;
}
