// The summary of many submissions: one row per submission, one column per check (its
// points), then the total and the maximum.
import type { GradeResult } from "../result.js";

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
const field = (v: string | number): string => (/[",\r\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));

export function renderCsv(results: GradeResult[]): string {
  const ids = [...new Set(results.flatMap((r) => r.checks.map((c) => c.id)))];
  const rows = [["submission", ...ids, "total", "max"]];
  for (const r of results) {
    const byId = new Map(r.checks.map((c) => [c.id, c.score]));
    rows.push([r.submission, ...ids.map((id) => String(byId.get(id) ?? "")), String(r.score), String(r.maxScore)]);
  }
  return rows.map((row) => row.map(field).join(",")).join("\r\n") + "\r\n";
}
