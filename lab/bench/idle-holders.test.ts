import { expect, test } from "vitest";
import { holderArgs } from "./idle-holders.js";

test("idle connections are split into processes of at most 2500, each verified once and held", () => {
  expect(holderArgs(100)).toEqual(["-c", "100", "-t", "1", "-r", "1", "--hold", "3600"]);
  expect(holderArgs(10000)).toEqual(["-c", "2500", "-t", "4", "-r", "1", "--hold", "3600"]);
  expect(holderArgs(5001)).toEqual(["-c", "1667", "-t", "3", "-r", "1", "--hold", "3600"]);
});
