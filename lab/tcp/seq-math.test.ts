import { describe, expect, it } from "vitest";
import { relativeSeq, seqAdd, seqGeq, seqLt } from "./seq-math.js";

describe("seq-math", () => {
  it("adds modulo 2^32", () => {
    expect(seqAdd(0xffff_fff0, 0x20)).toBe(0x10);
  });
  it("orders across the wrap", () => {
    expect(seqLt(0xffff_fff0, 0x10)).toBe(true);
    expect(seqLt(0x10, 0xffff_fff0)).toBe(false);
    expect(seqGeq(0x10, 0xffff_fff0)).toBe(true);
  });
  it("gives unsigned relative numbers", () => {
    expect(relativeSeq(0x10, 0xffff_fff0)).toBe(0x20);
  });
});
