import { describe, expect, it } from "vitest";
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from "./address.js";

const v6 = (text: string) => formatIpv6(parseIpv6(text), 0);

describe("formatIpv4", () => {
  it("formats a dotted quad at an offset, and the cached value is the same", () => {
    const b = Uint8Array.of(0xff, 10, 0, 0, 2);
    expect(formatIpv4(b, 1)).toBe("10.0.0.2");
    expect(formatIpv4(b, 1)).toBe("10.0.0.2");
    expect(formatIpv4(Uint8Array.of(255, 255, 255, 255), 0)).toBe("255.255.255.255");
  });
});

describe("formatIpv6 (RFC 5952)", () => {
  it.each([
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"], // longest run... first of equal runs
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"], // a single zero group is not shortened
    ["0:0:0:0:0:0:0:0", "::"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["fe80:0:0:0:0:0:0:0", "fe80::"],
    ["2001:DB8::A", "2001:db8::a"],
    ["::ffff:192.0.2.1", "::ffff:192.0.2.1"],
    ["1:0:0:2:0:0:0:3", "1:0:0:2::3"],
  ])("%s -> %s", (input, expected) => {
    expect(v6(input)).toBe(expected);
  });
});

describe("parse", () => {
  it("rejects malformed text", () => {
    expect(() => parseIpv4("1.2.3")).toThrow();
    expect(() => parseIpv6("1::2::3")).toThrow();
    expect(() => parseIpv6("1:2:3")).toThrow();
  });
});
