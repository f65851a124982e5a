// The lab image's tag is a hash of everything in images/ that goes into the build, so an
// image is rebuilt exactly when a source changed.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** Build outputs and editor litter that never enter the build context. */
export function ignoredInContext(relPath: string): boolean {
  return /(^|\/)(bin|\.git)(\/|$)|\.o$|~$|\.swp$/.test(relPath);
}

function listFiles(dir: string, root: string, out: string[]): void {
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    const rel = relative(root, full);
    if (ignoredInContext(rel)) continue;
    if (statSync(full).isDirectory()) listFiles(full, root, out);
    else out.push(rel);
  }
}

/** Hex digest over the relative paths and contents of every file under dir, plus extras. */
export function contentHash(dir: string, extras: string[] = []): string {
  const files: string[] = [];
  listFiles(dir, dir, files);
  const h = createHash("sha256");
  for (const e of extras) h.update(`extra:${e}\0`);
  for (const rel of files) {
    h.update(`${rel}\0`);
    h.update(readFileSync(join(dir, rel)));
    h.update("\0");
  }
  return h.digest("hex").slice(0, 16);
}
