// Our own JSON report: the whole GradeResult, versioned.
import type { GradeResult } from "../result.js";

export function renderJson(r: GradeResult): string {
  return `${JSON.stringify({ format: "socklab-grade/1", ...r }, null, 2)}\n`;
}
