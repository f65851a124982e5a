// What a bench run will do, checked before anything starts: which rows (names the user
// typed, each one known), which idle-connection counts, and the progress through it.
import { usageError } from "../errors.js";
import { findRow, rowNames, type BenchRow } from "./rows.js";

/** UNP chapter 30's client load: 5 processes x 500 connections x 4000 bytes. */
export interface Load {
  connections: number;
  children: number;
  bytes: number;
}

export const UNP_LOAD: Load = { connections: 500, children: 5, bytes: 4000 };

/** The sweep the issue asks for: the event loops and thread-per-connection, up to 10000 idle. */
export const SCALING_DEFAULTS = {
  designs: "select,poll,epoll,epoll-et,thread",
  idle: "0,100,1000,5000,10000",
  load: { connections: 200, children: 5, bytes: 4000 },
} as const;

/** The holders' ephemeral ports (about 28000 per address) bound what one sweep can hold. */
export const MAX_IDLE = 20000;

/** Rows by name (a design, a variant, a reference row or a seed alias), in the order given. */
export function parseRows(text: string, flag: string, allowed: readonly string[] = rowNames()): BenchRow[] {
  const names = text.split(",").map((s) => s.trim());
  if (names.some((n) => n === "")) throw usageError(`${flag}: '${text}' has an empty name (a comma-separated list, e.g. fork,epoll)`);
  const rows: BenchRow[] = [];
  for (const name of names) {
    const row = findRow(name);
    if (!row || !allowed.includes(row.name)) throw usageError(`${flag}: unknown design '${name}': choose from ${allowed.join(", ")}`);
    if (rows.includes(row)) throw usageError(`${flag}: '${row.name}' is named twice`);
    rows.push(row);
  }
  return rows;
}

/** "0,100,1000": idle connection counts, each from 0 to max, in increasing order. */
export function parseIdleCounts(text: string, flag: string, max: number): number[] {
  const counts = text.split(",").map((s) => s.trim());
  const values = counts.map((c) => {
    const n = Number(c);
    if (!/^\d+$/.test(c) || n > max) throw usageError(`${flag}: '${c}' is not a whole number from 0 to ${max}`);
    return n;
  });
  if (new Set(values).size !== values.length) throw usageError(`${flag}: a count is named twice in '${text}'`);
  return values.sort((a, b) => a - b);
}

/** One line per step: what runs now and how much remains, with the time so far. */
export class Progress {
  private done = 0;
  private readonly started = Date.now();

  constructor(
    private readonly total: number,
    private readonly say: (line: string) => void,
  ) {}

  step(what: string): void {
    this.done++;
    const left = this.total - this.done;
    const elapsed = Math.round((Date.now() - this.started) / 1000);
    this.say(`bench: [${this.done}/${this.total}] ${what} (${left} to go, ${elapsed} s so far)`);
  }
}
