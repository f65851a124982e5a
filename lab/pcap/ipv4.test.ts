import { describe, expect, it } from "vitest";
import { hexDump } from "./hex.js";
import { decodeIpv4 } from "./ipv4.js";
import type { IpSink } from "./packet.js";

// 192.168.0.1.8080 > 192.168.0.2.53: UDP, length 4, with a 4-byte IP option (4 x NOP), IHL 6
// (checksums zero: the decoder does not verify them).
const UDP_WITH_OPTIONS = hexDump(`
  0x0000:  4600 0024 0001 0000 4011 0000 c0a8 0001
  0x0010:  c0a8 0002 0101 0101 1f90 0035 000c 0000
  0x0020:  6162 6364
`);

function decode(bytes: Uint8Array, end = bytes.length): IpSink {
  const sink: IpSink = {};
  decodeIpv4(bytes, 0, end, sink);
  return sink;
}

function withFragmentField(bytes: Uint8Array, field: number): Uint8Array {
  const b = bytes.slice();
  b[6] = field >> 8;
  b[7] = field & 0xff;
  return b;
}

describe("decodeIpv4", () => {
  it("skips options by IHL and decodes the UDP header after them", () => {
    expect(decode(UDP_WITH_OPTIONS).ip).toEqual({
      version: 4, src: "192.168.0.1", dst: "192.168.0.2", protocol: 17, ttl: 64, totalLength: 36, fragment: false,
      transport: { kind: "udp", srcPort: 8080, dstPort: 53, length: 12, payloadLength: 4 },
    });
  });

  it("ignores Ethernet padding after the total length", () => {
    const padded = new Uint8Array(46);
    padded.set(UDP_WITH_OPTIONS);
    expect(decode(padded).ip?.transport).toMatchObject({ payloadLength: 4 });
  });

  it("flags the first fragment (MF) and still decodes its transport", () => {
    const ip = decode(withFragmentField(UDP_WITH_OPTIONS, 0x2000)).ip;
    expect(ip).toMatchObject({ fragment: true, transport: { kind: "udp", srcPort: 8080 } });
  });

  it("flags a later fragment and does not read its payload as a header", () => {
    const ip = decode(withFragmentField(UDP_WITH_OPTIONS, 0x0003)).ip;
    expect(ip?.fragment).toBe(true);
    expect(ip?.transport).toBeUndefined();
  });

  it("takes the frame length when the total length is 0 (segmentation offload)", () => {
    const b = UDP_WITH_OPTIONS.slice();
    b[2] = 0;
    b[3] = 0;
    expect(decode(b).ip?.totalLength).toBe(36);
  });

  it("reports truncation, bad version and bad IHL as layer errors", () => {
    expect(() => decode(UDP_WITH_OPTIONS, 19)).toThrow(/IPv4 header needs 20 bytes, only 19/);
    expect(() => decode(UDP_WITH_OPTIONS, 22)).toThrow(/with options needs 24/);
    const v5 = UDP_WITH_OPTIONS.slice();
    v5[0] = 0x56;
    expect(() => decode(v5)).toThrow(/IP version 5/);
    const ihl4 = UDP_WITH_OPTIONS.slice();
    ihl4[0] = 0x44;
    expect(() => decode(ihl4)).toThrow(/header length 16 < 20/);
  });

  it("keeps the IP layer when the transport is truncated", () => {
    const sink: IpSink = {};
    expect(() => decodeIpv4(UDP_WITH_OPTIONS, 0, 30, sink)).toThrow(/UDP header needs 8 bytes, only 6/);
    expect(sink.ip).toMatchObject({ src: "192.168.0.1", protocol: 17 });
  });
});
