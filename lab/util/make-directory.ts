// `mkdir -p` that cannot hang. Node's recursive mkdirSync spins forever at 100% CPU (and,
// being synchronous, deaf to Ctrl-C) on paths such as /proc/nope, where mkdir answers
// ENOENT although the parent exists. This one walks down from the nearest existing
// ancestor, one plain mkdir per component, and fails with that component's error.
import { mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

export class MakeDirectoryError extends Error {
  constructor(readonly path: string, readonly code: string, detail: string) {
    super(`cannot create ${path}: ${detail}`);
    this.name = "MakeDirectoryError";
  }
}

function isDirectory(path: string): boolean | undefined {
  try {
    return statSync(path).isDirectory();
  } catch {
    return undefined; // missing (or unreadable): try to make it
  }
}

/** Makes `path` and its missing parents; throws MakeDirectoryError naming the part that failed. */
export function makeDirectory(path: string): string {
  const target = resolve(path);
  const missing: string[] = [];
  let at = target;
  for (;;) {
    const dir = isDirectory(at);
    if (dir === true) break;
    if (dir === false) throw new MakeDirectoryError(target, "ENOTDIR", `${at} is not a directory`);
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === "EEXIST" && isDirectory(dir)) continue; // made meanwhile by someone else
      throw new MakeDirectoryError(target, e.code ?? "EIO", `${e.code ?? "error"} at ${dir}`);
    }
  }
  return target;
}
