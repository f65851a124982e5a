// The version `lab --version` prints: the socklab package's own, read from its package.json
// when asked (cheap: nothing else is loaded for it).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../paths.js";

export function packageVersion(root = projectRoot()): string {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "unknown";
}
