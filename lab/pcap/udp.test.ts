import { describe, expect, it } from "vitest";
import { hexDump } from "./hex.js";
import { decodeUdp } from "./udp.js";

// UDP 40001 > 9999, length 13 (5 payload bytes "hello").
const UDP = hexDump(`
  0x0000:  9c41 270f 000d 0000 6865 6c6c 6f
`);

describe("decodeUdp", () => {
  it("decodes ports, the length field and the payload length from the IP length", () => {
    expect(decodeUdp(UDP, 0, UDP.length, 13)).toEqual({ kind: "udp", srcPort: 40001, dstPort: 9999, length: 13, payloadLength: 5 });
    expect(decodeUdp(UDP, 0, 8, 13).payloadLength).toBe(5); // payload not captured
  });

  it("reports a short header or an IP payload shorter than 8 bytes", () => {
    expect(() => decodeUdp(UDP, 0, 7, 13)).toThrow(/UDP header needs 8 bytes/);
    expect(() => decodeUdp(UDP, 0, UDP.length, 6)).toThrow(/shorter than a UDP header/);
  });
});
