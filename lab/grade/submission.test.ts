import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { buildCommand } from "./build.js";
import { findSubmissions } from "./submission.js";

const root = mkdtempSync(join(tmpdir(), "socklab-subs-"));
const put = (path: string, text = "int x;\n") => {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
};

put("class/alice/server.c");
put("class/alice/notes.txt");
put("class/bob/main.c");
put("class/bob/lib/util.c");
put("class/bob/lib/util.h");
put("class/carol/Makefile", "all:\n");
put("class/carol/srv.c");
put("loose/Dave Smith.c");
put("class/empty/readme.txt");

test("a folder of submissions: the directories with sources or a Makefile; only sources are taken", () => {
  const subs = findSubmissions([join(root, "class")]);
  expect(subs.map((s) => [s.name, [...s.files.keys()], s.hasMakefile])).toEqual([
    ["alice", ["server.c"], false],
    ["bob", ["lib/util.c", "lib/util.h", "main.c"], false],
    ["carol", ["Makefile", "srv.c"], true],
  ]);
});

test("gcc gets every .c file and -I for each header directory; a Makefile is run as it is", () => {
  const [alice, bob, carol, dave] = findSubmissions([join(root, "class/alice"), join(root, "class/bob"), join(root, "class/carol"), join(root, "loose/Dave Smith.c")]);
  expect(buildCommand(alice!, ["-Wall", "-O2"], "server")).toBe("gcc -Wall -O2 -o server server.c");
  expect(buildCommand(bob!, ["-Wall"], "server")).toBe("gcc -Wall -o server lib/util.c main.c -Ilib");
  expect(buildCommand(carol!, ["-Wall"], "server")).toBe("make");
  expect(dave?.name).toBe("dave-smith");
  expect(buildCommand(dave!, [], "server")).toBe("gcc -o server 'Dave Smith.c'");
});

test("the same name twice gets a suffix; nothing to grade is one clear error", () => {
  const twice = findSubmissions([join(root, "class/alice"), join(root, "class/alice/server.c")]);
  expect(twice.map((s) => s.name)).toEqual(["alice", "server"]);
  expect(findSubmissions([join(root, "class/alice"), join(root, "class/alice")]).map((s) => s.name)).toEqual(["alice", "alice-2"]);
  expect(() => findSubmissions([join(root, "class/empty")])).toThrow(/neither a submission \(C sources or a Makefile\) nor a folder of them/);
  expect(() => findSubmissions([join(root, "nope")])).toThrow(/no such file or directory/);
  expect(() => findSubmissions([join(root, "class/alice/notes.txt")])).toThrow(/a submission is a directory or a .c file/);
});
