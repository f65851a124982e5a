import { describe, expect, it } from "vitest";
import { hexDump } from "./hex.js";
import type { IpSink } from "./packet.js";
import { decodeLoop, decodeNull } from "./loopback.js";

const IP4 = `4500 001c 0000 0000 4011 0000 7f00 0001 7f00 0001 9c41 270f 0008 0000`;
// IPv6 ::1 > ::1, no next header (59), empty payload.
const IP6 = `6000 0000 0000 3b40 0000 0000 0000 0000 0000 0000 0000 0001 0000 0000 0000 0000 0000 0000 0000 0001`;

function decode(fn: typeof decodeNull, bytes: Uint8Array): IpSink {
  const sink: IpSink = {};
  fn(bytes, 0, bytes.length, sink);
  return sink;
}

describe("BSD loopback", () => {
  it("reads the NULL family in either byte order", () => {
    // AF_INET written little-endian (x86 host), then big-endian (e.g. SPARC).
    expect(decode(decodeNull, hexDump(`0x0000:  0200 0000 ${IP4}`)).ip?.src).toBe("127.0.0.1");
    expect(decode(decodeNull, hexDump(`0x0000:  0000 0002 ${IP4}`)).ip?.src).toBe("127.0.0.1");
  });

  it("knows the per-OS AF_INET6 values", () => {
    // 30 = Darwin, little-endian; 28 = FreeBSD, big-endian.
    expect(decode(decodeNull, hexDump(`0x0000:  1e00 0000 ${IP6}`)).ip).toMatchObject({ version: 6, src: "::1", protocol: 59 });
    expect(decode(decodeNull, hexDump(`0x0000:  0000 001c ${IP6}`)).ip?.version).toBe(6);
  });

  it("reads the LOOP family in network order", () => {
    expect(decode(decodeLoop, hexDump(`0x0000:  0000 0018 ${IP6}`)).ip?.dst).toBe("::1");
    expect(decode(decodeLoop, hexDump(`0x0000:  0000 0002 ${IP4}`)).ip?.dst).toBe("127.0.0.1");
  });

  it("reports unknown families and truncation", () => {
    expect(() => decode(decodeNull, hexDump(`0x0000:  0700 0000 ${IP4}`))).toThrow(/unknown loopback address family 7/);
    expect(() => decodeNull(Uint8Array.of(2, 0, 0), 0, 3, {})).toThrow(/loopback family needs 4/);
  });
});
