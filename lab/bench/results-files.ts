// Where a bench's results go: one directory with the JSON of every round, the Markdown
// table and the SVG chart, rewritten as the run goes so an interrupted run keeps its rounds.
import { mkdirSync, writeFileSync, renameSync } from "node:fs";
import { join, resolve } from "node:path";

export const defaultOutDir = (): string => resolve(process.cwd(), "bench-results");

export function writeResult(dir: string, file: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  // Through a temporary file: a Ctrl-C in the middle leaves the previous version whole.
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  return path;
}
