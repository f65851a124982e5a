// The ps lines a grader shows for zombies: the zombies, and their parent (the process,
// not each of its threads), as ps printed them.
import { expect, test } from "vitest";
import { parsePs } from "../lab/service.js";
import { zombieLines, zombieParentLines, type ServerShape } from "./process-table.js";

const text = [
  "      1       0       1 Ss   docker-init",
  "      7       1       7 S    server",
  "      7       1       8 S    server",
  "     25       7      25 Z    server",
  "     26       7      26 Z    server",
  "     27       7      27 S    server",
  "     40       0      40 Rs   ps",
  "",
].join("\n");
const shape: ServerShape = { pid: 7, mainThreads: 2, childThreads: [1, 1, 1], zombies: 2, rows: parsePs(text), text };

test("zombie lines: the processes in state Z, as printed", () => {
  expect(zombieLines(shape)).toEqual(["     25       7      25 Z    server", "     26       7      26 Z    server"]);
});

test("their parent: once, its main thread's line", () => {
  expect(zombieParentLines(shape)).toEqual(["      7       1       7 S    server"]);
});

test("no zombies, no parent to show", () => {
  const clean = text.split("\n").filter((l) => !/ Z /.test(l)).join("\n");
  expect(zombieParentLines({ ...shape, zombies: 0, rows: parsePs(clean), text: clean })).toEqual([]);
});
