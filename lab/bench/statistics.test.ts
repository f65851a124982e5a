import { expect, test } from "vitest";
import { apart, coefficientOfVariation, median, spread } from "./statistics.js";

test("median of odd and even counts, unsorted input left as it was", () => {
  const values = [3, 1, 2];
  expect(median(values)).toBe(2);
  expect(values).toEqual([3, 1, 2]);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(median([])).toBeNaN();
});

test("spread ignores what was not measured", () => {
  expect(spread([5, Number.NaN, 1, 3])).toEqual({ median: 3, min: 1, max: 5, n: 3 });
  expect(spread([Number.NaN]).n).toBe(0);
});

test("coefficient of variation: 0 for an even share, larger for a skewed one", () => {
  expect(coefficientOfVariation([10, 10, 10])).toBe(0);
  expect(coefficientOfVariation([0, 0, 30])).toBeCloseTo(Math.SQRT2, 6);
});

test("spreads are apart only when their ranges do not overlap", () => {
  expect(apart(spread([1, 2]), spread([3, 4]))).toBe(true);
  expect(apart(spread([1, 3]), spread([2, 4]))).toBe(false);
});
