// The structured analysis as JSON: bigint nanosecond times become decimal strings
// (exact; epoch nanoseconds do not fit a double); segments gain flagsText ("S.").
import type { Analysis } from "../tcp/analyzer.js";
import { tcpdumpFlags } from "../tcp/tcp-flags.js";

export function toJsonValue(value: unknown): unknown {
  return JSON.parse(renderJson(value, 0));
}

export function renderJson(value: unknown, indent = 2): string {
  return JSON.stringify(
    value,
    (key, v: unknown) => {
      if (typeof v === "bigint") return v.toString();
      if (isSegment(v)) return { ...v, flagsText: tcpdumpFlags(v.flags) };
      return v;
    },
    indent,
  );
}

export function renderAnalysisJson(analysis: Analysis, indent = 2): string {
  return renderJson({ format: "socklab-trace/1", timeUnit: "ns", ...analysis }, indent);
}

function isSegment(v: unknown): v is { flags: number; dir: string } {
  return typeof v === "object" && v !== null && "dir" in v && "flags" in v && typeof v.flags === "number" && !("flagsText" in v);
}
