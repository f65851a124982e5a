import { describe, expect, test } from "vitest";
import { interpolate, InterpolationError } from "./interpolate.js";

describe("Compose interpolation", () => {
  const vars = { SET: "x", EMPTY: "" };

  test.each([
    ["${SET}", "x"],
    ["$SET-y", "x-y"],
    ["${MISSING:-d}", "d"],
    ["${EMPTY:-d}", "d"],
    ["${EMPTY-d}", ""],
    ["${MISSING-d}", "d"],
    ["$${SET}", "${SET}"],
    ["a ${MISSING} b", "a  b"],
  ])("%s -> %s", (input, expected) => {
    expect(interpolate(input, vars)).toBe(expected);
  });

  test("${VAR:?message} fails with the message when unset or empty", () => {
    expect(() => interpolate("${EMPTY:?needs a value}", vars)).toThrow(InterpolationError);
    expect(() => interpolate("${MISSING?gone}", vars)).toThrow(/MISSING must be set: gone/);
    expect(interpolate("${EMPTY?fine}", vars)).toBe("");
  });
});
