import { Command } from "commander";
import { describe, expect, test } from "vitest";
import { ValidationError } from "../netem/index.js";
import { addImpairmentOptions, impairmentFromOptions, type ImpairmentCliOptions } from "./impairment-options.js";

function parse(argv: string[], sysctl = true): ImpairmentCliOptions {
  const cmd = addImpairmentOptions(new Command("up").exitOverride().configureOutput({ writeErr: () => {} }), { sysctl });
  cmd.parse(argv, { from: "user" });
  return cmd.opts<ImpairmentCliOptions>();
}

describe("impairment options", () => {
  test("flags become a validated Impairment and sysctls", () => {
    const opts = parse(["--delay", "100ms", "--jitter", "10ms", "--loss", "1%", "--rate", "1mbit", "--direction", "egress", "--sysctl", "net.core.somaxconn=16", "--sysctl", "net.ipv4.tcp_syncookies=0"]);
    expect(impairmentFromOptions(opts)).toEqual({
      impairment: { delayMs: 100, jitterMs: 10, lossPercent: 1, rateBitsPerSec: 1_000_000, direction: "egress" },
      sysctls: { "net.core.somaxconn": "16", "net.ipv4.tcp_syncookies": "0" },
    });
  });

  test("no impairment flag: no impairment, egress is the default direction", () => {
    expect(impairmentFromOptions(parse([]))).toEqual({ sysctls: {} });
    expect(impairmentFromOptions(parse(["--delay", "5ms"])).impairment).toEqual({ delayMs: 5, direction: "egress" });
  });

  test("--sysctl is only added where asked", () => {
    expect(() => parse(["--sysctl", "net.core.somaxconn=16"], false)).toThrow(/unknown option/);
  });

  test.each([
    [["--delay", "100"], /^--delay: '100' needs a unit/],
    [["--delay", "fast"], /^--delay: 'fast' is not a duration/],
    [["--jitter", "10ms"], /^--jitter: '10ms' needs a delay too/],
    [["--loss", "120%"], /^--loss: '120%' is outside 0%\.\.100%/],
    [["--loss", "-1%"], /^--loss: '-1%' must not be negative/],
    [["--rate", "1mbits"], /^--rate: '1mbits' is not a rate/],
    [["--direction", "up", "--delay", "1ms"], /^--direction: 'up' is not a direction/],
    [["--direction", "both"], /^--direction: 'both' needs an impairment too/],
    [["--rate", "1mbit", "--direction", "both"], /^--rate: '1mbit' applies to egress only/],
    [["--sysctl", "kernel.hostname=x"], /^--sysctl: 'kernel.hostname=x': kernel.hostname is not namespaced/],
    [["--sysctl", "net.core.somaxconn=lots"], /^--sysctl: 'net.core.somaxconn=lots': net.core.somaxconn must be an integer/],
  ])("%j is refused with one line", (argv, message) => {
    let err: unknown;
    try {
      impairmentFromOptions(parse(argv));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain("\n");
  });
});
