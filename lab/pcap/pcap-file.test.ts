import { describe, expect, it } from "vitest";
import { PcapFormatError } from "./errors.js";
import { hexDump } from "./hex.js";
import { LinkType } from "./link-type.js";
import { decodeBuffer } from "./reader.js";

// Little-endian microsecond pcap, LINKTYPE_RAW (101), one record at 1700000000.123456
// holding IPv4 UDP 10.0.0.2.40001 > 10.0.0.3.9999 (28 bytes).
const LE_MICRO = hexDump(`
  0x0000:  d4c3 b2a1 0200 0400 0000 0000 0000 0000
  0x0010:  0000 0400 6500 0000 00f1 5365 40e2 0100
  0x0020:  1c00 0000 1c00 0000 4500 001c 0000 0000
  0x0030:  4011 0000 0a00 0002 0a00 0003 9c41 270f
  0x0040:  0008 0000
`);

// The same packet, big-endian nanosecond pcap, at 1700000000.123456789.
const BE_NANO = hexDump(`
  0x0000:  a1b2 3c4d 0002 0004 0000 0000 0000 0000
  0x0010:  0004 0000 0000 0065 6553 f100 075b cd15
  0x0020:  0000 001c 0000 001c 4500 001c 0000 0000
  0x0030:  4011 0000 0a00 0002 0a00 0003 9c41 270f
  0x0040:  0008 0000
`);

describe("classic pcap", () => {
  it("reads a little-endian microsecond file", () => {
    const cap = decodeBuffer(LE_MICRO);
    expect(cap).toMatchObject({ format: "pcap", linkTypes: [LinkType.RAW], errors: [] });
    expect(cap.packets).toEqual([{
      index: 0, timestampNs: 1_700_000_000_123_456_000n, capturedLength: 28, originalLength: 28, linkType: 101, interfaceId: 0,
      ip: { version: 4, src: "10.0.0.2", dst: "10.0.0.3", protocol: 17, ttl: 64, totalLength: 28, fragment: false,
        transport: { kind: "udp", srcPort: 40001, dstPort: 9999, length: 8, payloadLength: 0 } },
    }]);
  });

  it("reads a big-endian nanosecond file to the same packet with the exact nanoseconds", () => {
    const [le] = decodeBuffer(LE_MICRO).packets;
    const [be] = decodeBuffer(BE_NANO).packets;
    expect(be?.timestampNs).toBe(1_700_000_000_123_456_789n);
    expect({ ...be, timestampNs: 0n }).toEqual({ ...le, timestampNs: 0n });
  });

  it("reports an absurd captured length at its file offset instead of buffering it", () => {
    const bad = LE_MICRO.slice();
    bad.set([0xff, 0xff, 0xff, 0xff], 32);
    const cap = decodeBuffer(bad);
    expect(cap.packets).toEqual([]);
    expect(cap.errors[0]).toBeInstanceOf(PcapFormatError);
    expect(cap.errors[0]).toMatchObject({ offset: 32, reason: expect.stringMatching(/4294967295 exceeds/) });
  });

  it("reports a truncated record after the packets before it; strict mode throws it", () => {
    const two = new Uint8Array(LE_MICRO.length + 44);
    two.set(LE_MICRO);
    two.set(LE_MICRO.subarray(24), LE_MICRO.length);
    const cut = two.subarray(0, two.length - 5);
    const cap = decodeBuffer(cut);
    expect(cap.packets).toHaveLength(1);
    expect(cap.errors).toHaveLength(1);
    expect(cap.errors[0]).toMatchObject({ offset: 68, reason: expect.stringMatching(/truncated pcap record: needs 44 bytes, file has 39/) });
    expect(() => decodeBuffer(cut, { strict: true })).toThrow(PcapFormatError);
  });

  it("masks the FCS bits out of the link type field", () => {
    const fcs = LE_MICRO.slice();
    fcs[23] = 0x10; // F bit set in the top nibble
    expect(decodeBuffer(fcs).linkTypes).toEqual([LinkType.RAW]);
  });

  it("rejects unknown magic and empty or too-short files", () => {
    expect(decodeBuffer(Uint8Array.of(1, 2, 3, 4, 5)).errors[0]?.reason).toMatch(/unknown capture format/);
    expect(decodeBuffer(new Uint8Array(0)).errors[0]?.reason).toMatch(/empty capture file/);
    expect(decodeBuffer(LE_MICRO.subarray(0, 3)).errors[0]?.reason).toMatch(/truncated file magic/);
    expect(decodeBuffer(LE_MICRO.subarray(0, 20)).errors[0]).toMatchObject({ offset: 0, reason: expect.stringMatching(/pcap file header/) });
  });
});
