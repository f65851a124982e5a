// Where a bench's results go: one directory with the JSON of every round, the Markdown
// table and the SVG chart, rewritten as the run goes so an interrupted run keeps its rounds.
import { mkdirSync, writeFileSync, renameSync } from "node:fs";
import { join, resolve } from "node:path";
import { onInterrupt } from "../util/interrupt.js";

export const defaultOutDir = (): string => resolve(process.cwd(), "bench-results");

export function writeResult(dir: string, file: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  // Through a temporary file: a Ctrl-C in the middle leaves the previous version whole.
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  return path;
}

/** A run's report as it grows: its JSON rewritten after every change, everything written on Ctrl-C. */
export class KeptReport<D, R extends { designs: D[]; wallS: number }> {
  private readonly started = Date.now();

  constructor(
    readonly report: R,
    private readonly dir: string,
    private readonly jsonFile: string,
  ) {}

  /** One design's results changed (a round more, or its end): save the JSON. */
  save(design: D): void {
    if (!this.report.designs.includes(design)) this.report.designs.push(design);
    this.report.wallS = (Date.now() - this.started) / 1000;
    writeResult(this.dir, this.jsonFile, `${JSON.stringify(this.report, null, 2)}\n`);
  }

  /**
   * Until the returned release(), a Ctrl-C writes every file and prints the table. Registered
   * before any lab starts, so it runs last: after the labs are removed.
   */
  keepOnInterrupt(writeAll: () => Promise<{ markdown: string }>, log: (line: string) => void, what: () => string): () => void {
    return onInterrupt(async () => {
      const kept = await writeAll();
      process.stdout.write(`${kept.markdown}\n`);
      log(`bench: interrupted: ${what()} kept in ${this.dir}`);
    });
  }
}
