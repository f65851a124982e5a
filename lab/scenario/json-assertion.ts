// The `json:` assertion: a field of the JSON lines a program prints (a load client's
// summary, a server's per-connection or per-child report), e.g.
//   - json: burst
//     fields: {intact: 5, reads: {at_most: 4}}
//   - json: server
//     where: {event: accept}
//     count: 20
// Without count bounds, the `nth` (default: last) line that has the `where` fields must have
// the `fields`; with them, the number of lines having both is counted.
import { countHolds, describeCount, type CountBounds } from "../assert/index.js";
import { Fields } from "./fields.js";
import { readCountBounds } from "./parse-bounds.js";
import { callLines, type ProgramRecord } from "./program-record.js";
import type { JsonFieldWant, ProgramAssertion } from "./types.js";
import { fail, pass, type Verdict } from "./verdict.js";

type JsonAssertion = Extract<ProgramAssertion, { kind: "json" }>;
type Judged = Pick<Verdict, "passed" | "expected" | "seen" | "detail">;

const readBounds = (f: Fields): CountBounds | undefined => readCountBounds(f, { integer: false });

function readWant(f: Fields, key: string): JsonFieldWant {
  const v = f.raw[key];
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    const m: Fields = f.mapping(key)!;
    const bounds = readBounds(m);
    m.noOthers();
    if (!bounds) return m.fail("count", "a field's bounds need count, at_least or at_most");
    return { bounds };
  }
  return { equals: f.string(key) ?? "null" };
}

/** Reads a `json:` item; `program` is already checked to be a program the steps keep. */
export function parseJsonAssertion(f: Fields, program: string): JsonAssertion {
  const where = f.stringMap("where") ?? {};
  const nthText = f.string("nth") ?? "last";
  const nth = nthText === "last" ? "last" : Number(nthText);
  if (nth !== "last" && (!Number.isInteger(nth) || nth < 1)) f.fail("nth", `'${nthText}' must be 1, 2, ... or last`);
  const fm = f.mapping("fields");
  const fields: Record<string, JsonFieldWant> = {};
  for (const key of fm?.keys() ?? []) fields[key] = readWant(fm!, key);
  fm?.noOthers();
  const bounds = readBounds(f);
  if (!bounds && Object.keys(fields).length === 0) f.fail("json", "say what to expect: fields: {...}, or count/at_least/at_most of the lines");
  return { kind: "json", program, where, nth, fields, ...(bounds ? { bounds } : {}) };
}

const describeWant = (key: string, w: JsonFieldWant): string => ("equals" in w ? `${key} = ${w.equals}` : `${key} ${describeCount(w.bounds)}`);

export function jsonTitle(a: JsonAssertion): string {
  const where = Object.entries(a.where).map(([k, v]) => `${k}=${v}`).join(", ");
  const fields = Object.entries(a.fields).map(([k, w]) => describeWant(k, w)).join(", ");
  if (a.bounds) return `${a.program}: ${describeCount(a.bounds)} JSON line(s)${where ? ` with ${where}` : ""}${fields ? ` and ${fields}` : ""}`;
  return `${a.program}'s ${a.nth === "last" ? "last" : `#${a.nth}`} JSON line${where ? ` with ${where}` : ""}: ${fields}`;
}

/** A field by name, or by a dotted path into nested objects (`errors.EMFILE`). */
function fieldOf(line: Record<string, unknown>, path: string): unknown {
  if (path in line) return line[path];
  return path.split(".").reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), line);
}

const same = (v: unknown, text: string): boolean => (v === null ? text === "null" : String(v) === text);

function holds(line: Record<string, unknown>, key: string, w: JsonFieldWant): boolean {
  const v = fieldOf(line, key);
  if ("equals" in w) return same(v, w.equals);
  return typeof v === "number" && countHolds(v, w.bounds);
}

export function judgeJson(a: JsonAssertion, rec: ProgramRecord): Judged {
  const all = callLines(rec.stdout) as Record<string, unknown>[];
  const chosen = all.filter((l) => Object.entries(a.where).every(([k, v]) => same(fieldOf(l, k), v)));
  const listing = all.length ? `${rec.name}'s JSON lines:\n${all.slice(-12).map((l) => `  ${JSON.stringify(l)}`).join("\n")}` : `${rec.name} printed no JSON line; its output ends:\n${(rec.stdout + rec.stderr).trimEnd().split("\n").slice(-8).join("\n")}`;
  const wants = Object.entries(a.fields);
  if (a.bounds) {
    const n = chosen.filter((l) => wants.every(([k, w]) => holds(l, k, w))).length;
    const expected = `${describeCount(a.bounds)} line(s)`;
    return countHolds(n, a.bounds) ? pass(expected, String(n)) : fail(expected, String(n), listing);
  }
  const line = a.nth === "last" ? chosen[chosen.length - 1] : chosen[a.nth - 1];
  const expected = wants.map(([k, w]) => describeWant(k, w)).join(", ");
  if (!line) return fail(expected, `${chosen.length} such line(s) only`, listing);
  const seen = wants.map(([k]) => `${k} = ${JSON.stringify(fieldOf(line, k)) ?? "(missing)"}`).join(", ");
  return wants.every(([k, w]) => holds(line, k, w)) ? pass(expected, seen) : fail(expected, seen, listing);
}
