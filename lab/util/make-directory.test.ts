import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { makeDirectory, MakeDirectoryError } from "./make-directory.js";

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

describe("makeDirectory", () => {
  test("makes missing parents and accepts an existing directory", () => {
    scratch = mkdtempSync(join(tmpdir(), "mkdir-"));
    const deep = join(scratch, "a", "b", "c");
    expect(makeDirectory(deep)).toBe(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    expect(makeDirectory(deep)).toBe(deep);
  });

  test("a path under /proc fails at once (Node's recursive mkdir spins forever there)", () => {
    const started = Date.now();
    expect(() => makeDirectory("/proc/nope/deeper")).toThrow(MakeDirectoryError);
    expect(() => makeDirectory("/proc/nope")).toThrow(/cannot create \/proc\/nope: ENOENT at \/proc\/nope/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test("a file in the way is named", () => {
    scratch = mkdtempSync(join(tmpdir(), "mkdir-"));
    writeFileSync(join(scratch, "file"), "");
    expect(() => makeDirectory(join(scratch!, "file", "sub"))).toThrow(/is not a directory/);
  });
});
