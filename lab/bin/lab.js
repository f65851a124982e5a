#!/usr/bin/env node
// `lab` as npm links it into node_modules/.bin: lab/ is an npm workspace only so that
// `npm ci` links this bin, and `npx lab` then runs it from the checkout (no npx cache).
// It runs the built CLI, or says in one line how to build it.
import { existsSync } from "node:fs";

const main = new URL("../../dist/cli/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write("lab: the CLI is not built (no dist/cli/main.js): run `npm ci` in the checkout first\n");
  process.exit(3);
}
await import(main.href);
