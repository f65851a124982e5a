// Where the project's own files are, wherever the CLI runs from (source via tsx or dist/).
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "images"))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("socklab: cannot find the project root (package.json beside images/)");
    dir = up;
  }
}

let root: string | undefined;
export const projectRoot = (): string => (root ??= findRoot());
export const imagesDir = (): string => join(projectRoot(), "images");
export const composeDir = (): string => join(projectRoot(), "compose");
/** Captures go under the user's working directory, as a student expects. */
export const capturesDir = (): string => resolve(process.cwd(), "captures");
/** Names this checkout (a short hash of its path), so checkouts sharing an engine keep apart. */
export const checkoutId = (): string => createHash("sha256").update(projectRoot()).digest("hex").slice(0, 12);
