import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.js";
import { checkImpairment, isEmptyImpairment, parseImpairmentFlags, parseXNetem } from "./impairment.js";

describe("parseImpairmentFlags", () => {
  it("parses every field", () => {
    expect(parseImpairmentFlags({ delay: "100ms", jitter: "10ms", loss: "1%", rate: "1mbit", direction: "egress" })).toEqual({
      delayMs: 100,
      jitterMs: 10,
      lossPercent: 1,
      rateBitsPerSec: 1_000_000,
      direction: "egress",
    });
    expect(parseImpairmentFlags({ delay: "100ms", loss: "1%", direction: "both" })).toEqual({ delayMs: 100, lossPercent: 1, direction: "both" });
  });
  it("a rate applies to egress only: refused here, for flags as for x-netem", () => {
    expect(() => parseImpairmentFlags({ rate: "1mbit", direction: "both" })).toThrow(
      "--rate: '1mbit' applies to egress only (tc shapes what an interface sends); drop --direction both or set the rate on the sending service",
    );
  });
  it("defaults to egress", () => {
    expect(parseImpairmentFlags({ loss: "5%" })).toEqual({ lossPercent: 5, direction: "egress" });
  });
  it("accepts a jitter as large as the delay", () => {
    expect(parseImpairmentFlags({ delay: "5ms", jitter: "5ms" })).toEqual({ delayMs: 5, jitterMs: 5, direction: "egress" });
  });
  it.each([
    [{ jitter: "10ms" }, "--jitter: '10ms' needs a delay too (jitter varies the delay, e.g. --delay 100ms --jitter 10ms)"],
    [{ delay: "50ms", jitter: "80ms" }, "--jitter: '80ms' is larger than the delay (50 ms): delays would go below zero; use a jitter of at most the delay"],
    [{ delay: "0", jitter: "5ms" }, "--jitter: '5ms' is larger than the delay (0 ms): delays would go below zero; use a jitter of at most the delay"],
    [{ loss: "150%" }, "--loss: '150%' is outside 0%..100%"],
    [{ loss: "-1%" }, "--loss: '-1%' must not be negative"],
    [{ delay: "-5ms" }, "--delay: '-5ms' must not be negative"],
    [{ delay: "2min" }, "--delay: '2min' is not a duration (use e.g. 100ms, 1.5s)"],
    [{ delay: "61s" }, "--delay: '61s' is too large (at most 60s)"],
    [{ delay: "1s", jitter: "90s" }, "--jitter: '90s' is too large (at most 60s)"],
    [{ rate: "0kbit" }, "--rate: '0kbit' is too small (at least 8bit)"],
    [{ rate: "1tbit" }, "--rate: '1tbit' is too large (at most 100gbit)"],
    [{ direction: "out" }, "--direction: 'out' is not a direction (use egress, ingress or both)"],
    [{ delay: "10xs" }, "--delay: '10xs' is not a duration (use e.g. 100ms, 1.5s)"],
  ])("%j → %s", (input, msg) => {
    expect(() => parseImpairmentFlags(input)).toThrow(ValidationError);
    expect(() => parseImpairmentFlags(input)).toThrow(msg);
  });
  it("every message is one line", () => {
    try {
      parseImpairmentFlags({ jitter: "1ms" });
    } catch (e) {
      expect((e as Error).message).not.toContain("\n");
    }
  });
});

describe("parseXNetem", () => {
  it("parses a mapping with YAML numbers", () => {
    expect(parseXNetem({ delay: "100ms", jitter: "10ms", loss: 1, rate: "1mbit", direction: "egress" })).toEqual({
      delayMs: 100,
      jitterMs: 10,
      lossPercent: 1,
      rateBitsPerSec: 1_000_000,
      direction: "egress",
    });
    expect(parseXNetem({ delay: "100ms", loss: 1, direction: "ingress" })).toEqual({ delayMs: 100, lossPercent: 1, direction: "ingress" });
  });
  it.each(["both", "ingress"])("a rate with direction %s fails when parsed, before anything starts", (direction) => {
    expect(() => parseXNetem({ rate: "1mbit", direction }, "services.server.x-netem")).toThrow(
      `services.server.x-netem.rate: '1mbit' applies to egress only (tc shapes what an interface sends); drop services.server.x-netem.direction ${direction} or set the rate on the sending service`,
    );
  });
  it.each([
    [{ latency: "100ms" }, "x-netem: unknown key 'latency' (known: delay, jitter, loss, rate, direction)"],
    [{ delay: 100 }, "x-netem.delay: '100' needs a unit (use e.g. 100ms)"],
    [{ delay: true }, "x-netem.delay: 'true' must be a string such as 100ms"],
    [{ jitter: "1ms" }, "x-netem.jitter: '1ms' needs a delay too (jitter varies the delay, e.g. x-netem.delay 100ms x-netem.jitter 1ms)"],
    [{ loss: "200%" }, "x-netem.loss: '200%' is outside 0%..100%"],
    ["100ms", "x-netem: must be a mapping with keys delay, jitter, loss, rate, direction"],
    [null, "x-netem: must be a mapping with keys delay, jitter, loss, rate, direction"],
  ])("%j → %s", (value, msg) => expect(() => parseXNetem(value)).toThrow(msg));
  it("uses the given location in messages", () => {
    expect(() => parseXNetem({ rate: "fast" }, "services.web.x-netem")).toThrow(
      "services.web.x-netem.rate: 'fast' is not a rate (use e.g. 1mbit, 500kbit, 10mbps)",
    );
  });
});

it("isEmptyImpairment", () => {
  expect(isEmptyImpairment({ direction: "egress" })).toBe(true);
  expect(isEmptyImpairment({ delayMs: 0, lossPercent: 0, direction: "both" })).toBe(true);
  expect(isEmptyImpairment({ rateBitsPerSec: 8, direction: "egress" })).toBe(false);
});

it("checkImpairment holds a library caller's Impairment to the same rules", () => {
  expect(() => checkImpairment({ rateBitsPerSec: 1e6, direction: "egress" })).not.toThrow();
  expect(() => checkImpairment({ rateBitsPerSec: 1e6, direction: "both" }, "impairments.server")).toThrow(
    /^impairments\.server\.rate: '1000000bit' applies to egress only/,
  );
  expect(() => checkImpairment({ delayMs: 1, direction: "up" as "egress" })).toThrow(ValidationError);
});
