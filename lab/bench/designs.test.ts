import { expect, test } from "vitest";
import { rotate } from "./designs.js";

test("each round starts with another row and runs every row once", () => {
  const rows = ["iterative", "fork", "epoll"];
  const rounds = [0, 1, 2].map((k) => rotate(rows, k));
  expect(rounds).toEqual([
    ["iterative", "fork", "epoll"],
    ["fork", "epoll", "iterative"],
    ["epoll", "iterative", "fork"],
  ]);
  for (const order of rounds) expect([...order].sort()).toEqual([...rows].sort());
  expect(rotate(rows, 3)).toEqual(rows);
});
