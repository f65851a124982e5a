// The bench's Markdown tables: medians with min–max over rounds, the reference rows'
// protocol differences as notes under the table.
import type { DesignSummary } from "./designs-summary.js";
import type { Spread } from "./statistics.js";

/** A number with about `digits` significant figures, never in exponent form. */
export function fmt(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return "–";
  if (Number.isInteger(value) || Math.abs(value) >= 10 ** (digits - 1)) return String(Math.round(value));
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(value))));
  return value.toFixed(Math.min(decimals, 6));
}

/** "4980 (4800–5100)"; a single round shows its value alone. */
export function cell(s: Spread, digits = 3): string {
  if (s.n === 0) return "–";
  if (s.n === 1 || s.min === s.max) return fmt(s.median, digits);
  return `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;
}

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

const workersCell = (s: DesignSummary): string =>
  s.workers ? `${s.workers.min}–${s.workers.max} (CV ${fmt(s.workers.cv, 2)})` : s.handled !== undefined ? `${s.handled} total` : "–";

export function designsTable(summaries: readonly DesignSummary[]): string {
  const header = [
    "design", "UNP", "conn/s", "connect p50 ms", "connect p99 ms", "reply p50 ms", "reply p99 ms", "CPU s", "user s", "sys s",
    "process control s", "peak memory MiB", "processes", "threads", "connections per worker",
  ];
  const rows = summaries.map((s) => [
    s.reference ? `*${s.name}*` : s.name,
    s.source,
    ...(s.rounds === 0
      ? [`not measured: ${s.failure ?? "no round completed"}`, ...Array<string>(11).fill("")]
      : [
          cell(s.connPerS, 4), cell(s.connectP50Ms, 2), cell(s.connectP99Ms, 2),
          cell(s.replyP50Ms, 2), cell(s.replyP99Ms, 2), cell(s.cpuS), cell(s.userS, 2), cell(s.systemS, 2),
          s.processControlS === undefined ? "–" : fmt(s.processControlS),
          cell(s.memoryPeakMiB, 2), cell(s.processesPeak, 3), cell(s.threadsPeak, 3),
        ]),
    workersCell(s),
  ]);
  const notes = summaries.flatMap((s) => [
    ...(s.protocolNote ? [`- *${s.name}*: ${s.protocolNote}.`] : []),
    ...(s.failure && s.rounds > 0 ? [`- ${s.name} stopped early: ${s.failure}.`] : []),
    ...(s.check ? [`- ${s.name}: ${s.check}.`] : []),
  ]);
  return [markdownTable(header, rows), ...(notes.length ? ["", ...notes] : [])].join("\n");
}
