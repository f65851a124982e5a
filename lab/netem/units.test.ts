import { describe, expect, it } from "vitest";
import { formatDurationForTc, parseDuration, parsePercent, parseRate } from "./units.js";

describe("parseDuration", () => {
  it.each([
    ["100ms", 100],
    ["1.5s", 1500],
    ["250us", 0.25],
    ["0", 0],
    ["2sec", 2000],
    ["10MS", 10],
    ["5usecs", 0.005],
  ])("%s → %d ms", (v, ms) => expect(parseDuration("--delay", v)).toBe(ms));

  it.each([
    ["10xs", "--delay: '10xs' is not a duration (use e.g. 100ms, 1.5s)"],
    ["", "--delay: '' is not a duration (use e.g. 100ms, 1.5s)"],
    ["ms", "--delay: 'ms' is not a duration (use e.g. 100ms, 1.5s)"],
    ["100", "--delay: '100' needs a unit (use e.g. 100ms)"],
  ])("%j is refused", (v, msg) => expect(() => parseDuration("--delay", v)).toThrow(msg));

  it("formats for tc", () => {
    expect(formatDurationForTc(100)).toBe("100ms");
    expect(formatDurationForTc(0.25)).toBe("250us");
    expect(formatDurationForTc(1500)).toBe("1500ms");
  });
});

describe("parsePercent", () => {
  it.each([
    ["10%", 10],
    ["0.5%", 0.5],
    ["10", 10],
    ["0%", 0],
    ["100%", 100],
  ])("%s → %d", (v, p) => expect(parsePercent("--loss", v)).toBe(p));
  it.each([
    ["10x", "--loss: '10x' is not a percentage (use e.g. 10%, 0.5%)"],
    ["101%", "--loss: '101%' is outside 0%..100%"],
  ])("%j is refused", (v, msg) => expect(() => parsePercent("--loss", v)).toThrow(msg));
});

describe("parseRate", () => {
  it.each([
    ["1mbit", 1_000_000],
    ["500kbit", 500_000],
    ["10mbps", 80_000_000],
    ["1gbit", 1_000_000_000],
    ["100bit", 100],
    ["1Mbit", 1_000_000],
    ["1mibit", 1_048_576],
    ["2kbps", 16_000],
    ["1.5mbit", 1_500_000],
  ])("%s → %d bit/s", (v, bits) => expect(parseRate("--rate", v)).toBe(bits));
  it.each([
    ["1mb", "--rate: '1mb' is not a rate (use e.g. 1mbit, 500kbit, 10mbps)"],
    ["fast", "--rate: 'fast' is not a rate (use e.g. 1mbit, 500kbit, 10mbps)"],
    ["1000", "--rate: '1000' needs a unit (use e.g. 1000kbit)"],
  ])("%j is refused", (v, msg) => expect(() => parseRate("--rate", v)).toThrow(msg));
});
