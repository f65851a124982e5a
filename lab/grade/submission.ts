// Finding submissions: a directory with C sources (or a Makefile) at its top, or a single
// .c file, is one; a directory without any but with such directories inside is a folder
// of submissions (one per directory). Only sources and Makefiles are taken.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { notFound, usageError } from "../errors.js";

export interface Submission {
  /** Unique among the submissions graded together; used in file and lab names. */
  name: string;
  path: string;
  /** Source files by their path inside the submission. */
  files: Map<string, Buffer>;
  hasMakefile: boolean;
}

const MAKEFILES = ["Makefile", "makefile", "GNUmakefile"];
const isSource = (name: string): boolean => /\.(c|h)$/.test(name) || MAKEFILES.includes(name);
const MAX_BYTES = 4 * 1024 * 1024;
const MAX_DEPTH = 4;

function listSources(dir: string, depth = 0): string[] {
  if (depth > MAX_DEPTH) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith("."))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const full = join(dir, e.name);
      if (e.isDirectory()) return listSources(full, depth + 1);
      return e.isFile() && isSource(e.name) ? [full] : [];
    });
}

/** A submission directory has sources (or a Makefile) at its top. */
function isSubmissionDir(dir: string): boolean {
  return readdirSync(dir, { withFileTypes: true }).some((e) => e.isFile() && isSource(e.name));
}

function readSubmission(path: string, name: string): Submission {
  const isFile = statSync(path).isFile();
  const root = isFile ? resolve(path, "..") : path;
  const paths = isFile ? [path] : listSources(path);
  if (paths.length === 0) throw usageError(`${path}: no C sources (.c, .h) or Makefile in it`);
  const files = new Map<string, Buffer>();
  let total = 0;
  for (const p of paths) {
    const data = readFileSync(p);
    total += data.length;
    if (total > MAX_BYTES) throw usageError(`${path}: more than ${MAX_BYTES / 1024 / 1024} MiB of sources`);
    files.set(relative(root, p), data);
  }
  const hasMakefile = [...files.keys()].some((f) => MAKEFILES.includes(f));
  return { name, path, files, hasMakefile };
}

const slug = (s: string): string => s.toLowerCase().replace(/\.c$/, "").replace(/[^a-z0-9_.-]+/g, "-").replace(/^[-.]+|-+$/g, "").slice(0, 24) || "submission";

/** The submissions named by the command line's paths, each with a unique name. */
export function findSubmissions(paths: string[]): Submission[] {
  const found: Array<{ path: string }> = [];
  for (const arg of paths) {
    const path = resolve(arg);
    let st;
    try {
      st = statSync(path);
    } catch {
      throw notFound(`no such file or directory: ${arg}`);
    }
    if (st.isFile()) {
      if (!path.endsWith(".c")) throw usageError(`${arg}: a submission is a directory or a .c file`);
      found.push({ path });
    } else if (isSubmissionDir(path)) {
      found.push({ path });
    } else {
      const inside = readdirSync(path, { withFileTypes: true })
        .filter((e) => !e.name.startsWith(".") && e.isDirectory() && isSubmissionDir(join(path, e.name)))
        .map((e) => join(path, e.name))
        .sort();
      if (inside.length === 0) throw usageError(`${arg}: neither a submission (C sources or a Makefile) nor a folder of them`);
      found.push(...inside.map((p) => ({ path: p })));
    }
  }
  const taken = new Set<string>();
  return found.map(({ path }) => {
    let name = slug(basename(path));
    for (let i = 2; taken.has(name); i++) name = `${slug(basename(path))}-${i}`;
    taken.add(name);
    return readSubmission(path, name);
  });
}
