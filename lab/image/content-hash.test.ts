import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { contentHash } from "./content-hash.js";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), "socklab-hash-"));
  made.push(dir);
  mkdirSync(join(dir, "src/bin"), { recursive: true });
  writeFileSync(join(dir, "Dockerfile"), "FROM x\n");
  writeFileSync(join(dir, "src/a.c"), "int main(void){return 0;}\n");
  return dir;
}

test("the hash changes when a source changes, and only then", () => {
  const dir = tree();
  const before = contentHash(dir);
  expect(contentHash(dir)).toBe(before);
  writeFileSync(join(dir, ".dockerignore"), "src/bin\n");
  const withIgnore = contentHash(dir);
  writeFileSync(join(dir, "src/bin/a"), "build output");
  writeFileSync(join(dir, "src/a.o"), "object");
  expect(contentHash(dir)).toBe(withIgnore);
  writeFileSync(join(dir, "src/a.c"), "int main(void){return 1;}\n");
  expect(contentHash(dir)).not.toBe(before);
});

test("the base image is part of the identity", () => {
  const dir = tree();
  expect(contentHash(dir, ["debian:bookworm-slim"])).not.toBe(contentHash(dir, ["socklab/base:bookworm"]));
});
