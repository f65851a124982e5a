import { describe, expect, it } from "vitest";
import { TcpFlag } from "../pcap/packet.js";
import { parseStep } from "./segment-pattern.js";

describe("parseStep", () => {
  it("reads direction, flags, length and time", () => {
    expect(parseStep("s>c S. within 5ms")).toEqual({
      kind: "segment",
      text: "s>c S. within 5ms",
      dir: "s>c",
      flags: { mask: 0x3f, value: TcpFlag.SYN | TcpFlag.ACK },
      time: { minNs: 0n, maxNs: 5_000_000n },
    });
    expect(parseStep("c>s P. len=4000")).toMatchObject({ length: { op: "=", value: 4000 } });
    expect(parseStep("* R. after 100ms..1.5s")).toMatchObject({ time: { minNs: 100_000_000n, maxNs: 1_500_000_000n } });
    expect(parseStep("c>s P?.")).toMatchObject({ flags: { mask: 0x3f & ~TcpFlag.PSH, value: TcpFlag.ACK } });
    expect(parseStep("c>s *")).not.toHaveProperty("flags");
    // AccECN's AE bit ("e", as tcpdump prints it) is compared only when written, like E and W.
    const ae = TcpFlag.SYN | TcpFlag.ECE | TcpFlag.CWR | TcpFlag.AE;
    expect(parseStep("c>s SEWe")).toMatchObject({ flags: { mask: 0x3f | ae, value: ae } });
  });

  it("reads wildcards", () => {
    expect(parseStep("*")).toEqual({ kind: "any", text: "*" });
    expect(parseStep("...")).toEqual({ kind: "gap", text: "..." });
  });

  it("rejects what it cannot read", () => {
    expect(() => parseStep("c->s S")).toThrow(/direction must be/);
    expect(() => parseStep("c>s X")).toThrow(/unknown flag "X"/);
    expect(() => parseStep("c>s S within 5 ms")).toThrow(/bad duration "5"/);
    expect(() => parseStep("c>s")).toThrow(/flags missing/);
  });
});
