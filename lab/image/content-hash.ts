// The lab image's tag is a hash of everything in images/ that goes into the build (what
// images/.dockerignore lets through), so an image is rebuilt exactly when a source changed.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

// A CommonJS module whose typings declare an ES default export: load it as CommonJS.
type IgnoreFactory = (o?: { ignorecase?: boolean }) => { add(p: string[]): { ignores(path: string): boolean } };
const dockerignore = createRequire(import.meta.url)("@balena/dockerignore") as IgnoreFactory;

/** Build outputs that never enter the context, whatever .dockerignore says. */
const ALWAYS_IGNORED = ["**/*.o", "**/*.a", ".git"];

/** A predicate over paths relative to the context dir, from its .dockerignore. */
export function contextFilter(dir: string): (relPath: string) => boolean {
  const file = join(dir, ".dockerignore");
  const patterns = existsSync(file) ? readFileSync(file, "utf8").split("\n") : [];
  const ig = dockerignore({ ignorecase: false }).add([...ALWAYS_IGNORED, ...patterns]);
  return (relPath: string) => relPath !== "" && ig.ignores(relPath);
}

function listFiles(dir: string, root: string, ignored: (rel: string) => boolean, out: string[]): void {
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    const rel = relative(root, full);
    if (ignored(rel)) continue;
    if (statSync(full).isDirectory()) listFiles(full, root, ignored, out);
    else out.push(rel);
  }
}

/** Hex digest over the relative paths and contents of every file in the context, plus extras. */
export function contentHash(dir: string, extras: string[] = []): string {
  const files: string[] = [];
  listFiles(dir, dir, contextFilter(dir), files);
  const h = createHash("sha256");
  for (const e of extras) h.update(`extra:${e}\0`);
  for (const rel of files) {
    h.update(`${rel}\0`);
    h.update(readFileSync(join(dir, rel)));
    h.update("\0");
  }
  return h.digest("hex").slice(0, 16);
}
