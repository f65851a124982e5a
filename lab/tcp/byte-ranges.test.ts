import { describe, expect, it } from "vitest";
import { ByteRanges } from "./byte-ranges.js";

describe("ByteRanges", () => {
  it("counts each byte once, whatever the order the ranges come in", () => {
    const r = new ByteRanges();
    r.add(0, 100);
    r.add(200, 100); // a hole at 100..200
    expect(r.size).toBe(200);
    r.add(50, 100); // overlaps the first range and half the hole
    expect(r.size).toBe(250);
    r.add(100, 100); // fills the hole: one range again
    expect(r.size).toBe(300);
    r.add(0, 300);
    expect(r.size).toBe(300);
  });

  it("merges ranges that only touch, and ignores empty ones", () => {
    const r = new ByteRanges();
    r.add(10, 10);
    r.add(0, 10);
    r.add(20, 0);
    r.add(30, 5);
    expect(r.size).toBe(25);
    r.add(20, 10); // joins 0..20 and 30..35
    expect(r.size).toBe(35);
    r.add(0, 35);
    expect(r.size).toBe(35);
  });
});
