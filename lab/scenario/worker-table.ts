// The `workers:` assertion: the per-worker counts a pool server prints when it stops
// (`connections per worker: 5 3 7 5`, one number per child), read into a table with one
// column per line asked for, checked per worker (`each`) and in total (`sum`), e.g.
//   - workers: prefork
//     columns: {served: connections per worker, woken: kernel wakeups per worker}
//     sum: {served: 20}
//     each: {woken: {at_least: 10}}
// The table goes into the verdict: one line in its evidence, aligned rows in its detail,
// and as data (`table`) in result.json.
import { countHolds, describeCount, type CountBounds } from "../assert/index.js";
import { Fields } from "./fields.js";
import { readCountBounds } from "./parse-bounds.js";
import type { ProgramRecord } from "./program-record.js";
import type { ProgramAssertion } from "./types.js";
import { fail, pass, type Verdict } from "./verdict.js";

type WorkersAssertion = Extract<ProgramAssertion, { kind: "workers" }>;
type Judged = Pick<Verdict, "passed" | "expected" | "seen" | "detail" | "table">;

/** A want per column: a number (exactly) or {count, at_least, at_most}. */
function readWants(f: Fields, key: string, columns: Record<string, string>): Record<string, CountBounds> {
  const m = f.mapping(key);
  if (!m) return {};
  const wants: Record<string, CountBounds> = {};
  for (const col of m.keys()) {
    if (!(col in columns)) m.fail(col, `'${col}' is not a column (columns: ${Object.keys(columns).join(", ")})`);
    const raw = m.raw[col];
    if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
      const b: Fields = m.mapping(col)!;
      const bounds = readCountBounds(b);
      b.noOthers();
      if (!bounds) return b.fail("count", "needs count, at_least or at_most");
      wants[col] = bounds;
    } else {
      wants[col] = { count: m.number(col, { min: 0 })! };
    }
  }
  return wants;
}

/** Reads a `workers:` item; `program` is already checked to be a program the steps keep. */
export function parseWorkersAssertion(f: Fields, program: string): WorkersAssertion {
  const columns = f.stringMap("columns");
  if (!columns || !Object.keys(columns).length) f.fail("columns", "is required: {name: <label of the report line>, ...}, e.g. {served: connections per worker}");
  const sum = readWants(f, "sum", columns);
  const each = readWants(f, "each", columns);
  return { kind: "workers", program, columns, sum, each };
}

function wantsText(a: WorkersAssertion): string {
  const parts = [
    ...Object.entries(a.sum).map(([c, b]) => `sum of ${c} ${describeCount(b)}`),
    ...Object.entries(a.each).map(([c, b]) => `${c} of every worker ${describeCount(b)}`),
  ];
  return parts.join("; ") || "the table";
}

export function workersTitle(a: WorkersAssertion): string {
  return `${a.program}'s workers: ${wantsText(a)}`;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The numbers of the last line `<label>: n n n` in the program's output, if any. */
function countsLine(text: string, label: string): number[] | undefined {
  const re = new RegExp(`^(?:\\S+: )?${escape(label)}:((?: \\d+)+)\\s*$`);
  const lines = text.split("\n").map((l) => re.exec(l)).filter((m) => m !== null);
  const last = lines[lines.length - 1];
  return last ? last[1]!.trim().split(/\s+/).map(Number) : undefined;
}

const total = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

/** One line: `worker 0 1 2 | served 5 3 7 (15) | woken ...`. */
function oneLine(table: Record<string, number[]>, names: string[]): string {
  const workers = table[names[0]!]!.map((_, i) => i);
  return [`worker ${workers.join(" ")}`, ...names.map((n) => `${n} ${table[n]!.join(" ")} (sum ${total(table[n]!)})`)].join(" | ");
}

/** Aligned rows, one per worker, and the totals. */
function aligned(table: Record<string, number[]>, names: string[]): string {
  const n = table[names[0]!]!.length;
  const rows = [["worker", ...names], ...Array.from({ length: n }, (_, i) => [String(i), ...names.map((c) => String(table[c]![i]))]), ["total", ...names.map((c) => String(total(table[c]!)))]];
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  return rows.map((r) => r.map((cell, j) => cell.padStart(widths[j]!)).join("  ")).join("\n");
}

export function judgeWorkers(a: WorkersAssertion, rec: ProgramRecord): Judged {
  const text = `${rec.stdout}\n${rec.stderr}`;
  const expected = wantsText(a);
  const table: Record<string, number[]> = {};
  for (const [name, label] of Object.entries(a.columns)) {
    const counts = countsLine(text, label);
    const tail = text.trimEnd().split("\n").slice(-8).join("\n");
    if (!counts) return fail(expected, `no line "${label}: n n ..." in ${rec.name}'s output`, `${rec.name}'s output ends:\n${tail}`);
    table[name] = counts;
  }
  const names = Object.keys(table);
  const sizes = new Set(names.map((n) => table[n]!.length));
  if (sizes.size > 1) return fail(expected, `columns of different lengths: ${oneLine(table, names)}`);
  const bad = [
    ...Object.entries(a.sum).filter(([c, b]) => !countHolds(total(table[c]!), b)).map(([c]) => `sum of ${c} is ${total(table[c]!)}`),
    ...Object.entries(a.each).flatMap(([c, b]) => table[c]!.flatMap((v, i) => (countHolds(v, b) ? [] : [`worker ${i}: ${c} ${v}`]))),
  ];
  const seen = oneLine(table, names);
  const detail = aligned(table, names);
  const verdict = bad.length ? fail(expected, `${bad.join(", ")}: ${seen}`, detail) : { ...pass(expected, seen), detail };
  return { ...verdict, table };
}
