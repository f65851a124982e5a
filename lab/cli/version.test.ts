import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { projectRoot } from "../paths.js";
import { packageVersion } from "./version.js";

const versionIn = (file: string) => (JSON.parse(readFileSync(join(projectRoot(), file), "utf8")) as { version: string }).version;

test("lab --version is the package's version", () => {
  expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  expect(packageVersion()).toBe(versionIn("package.json"));
});

test("the lab/ workspace (which only links the bin) carries the same version", () => {
  expect(versionIn("lab/package.json")).toBe(packageVersion());
});
