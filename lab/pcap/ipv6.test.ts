import { describe, expect, it } from "vitest";
import { ipv6, tcp, udp } from "./testing/datagram-builder.js";
import { hexDump } from "./hex.js";
import type { IpSink } from "./packet.js";
import { decodeIpv6 } from "./ipv6.js";

// 2001:db8::2.50000 > 2001:db8::3.53: hop-by-hop (PadN) -> fragment (offset 0, M) -> UDP, 4 bytes.
const HBH_FRAGMENT_UDP = hexDump(`
  0x0000:  6000 0000 001c 0040 2001 0db8 0000 0000
  0x0010:  0000 0000 0000 0002 2001 0db8 0000 0000
  0x0020:  0000 0000 0000 0003 2c00 0104 0000 0000
  0x0030:  1100 0001 0000 0001 c350 0035 000c 0000
  0x0040:  6162 6364
`);

function decode(bytes: Uint8Array, end = bytes.length): IpSink {
  const sink: IpSink = {};
  decodeIpv6(bytes, 0, end, sink);
  return sink;
}

describe("decodeIpv6", () => {
  it("skips hop-by-hop and fragment headers to the UDP header", () => {
    expect(decode(HBH_FRAGMENT_UDP).ip).toEqual({
      version: 6, src: "2001:db8::2", dst: "2001:db8::3", protocol: 17, ttl: 64, totalLength: 68, fragment: true,
      transport: { kind: "udp", srcPort: 50000, dstPort: 53, length: 12, payloadLength: 4 },
    });
  });

  it("skips routing, destination options and AH headers", () => {
    const d = ipv6({ src: "::1", dst: "::2", extensions: [{ kind: "routing" }, { kind: "destination" }, { kind: "ah" }],
      payload: tcp({ srcPort: 1, dstPort: 2, seq: 3, payload: 10 }) });
    expect(decode(d).ip).toMatchObject({ protocol: 6, fragment: false, transport: { kind: "tcp", seq: 3, payloadLength: 10 } });
  });

  it("does not decode a transport in a later fragment", () => {
    const d = ipv6({ src: "::1", dst: "::2", extensions: [{ kind: "fragment", fragmentOffset: 5 }], payload: udp({ srcPort: 1, dstPort: 2 }) });
    const ip = decode(d).ip;
    expect(ip).toMatchObject({ fragment: true, protocol: 17 });
    expect(ip?.transport).toBeUndefined();
  });

  it("reports extension headers cut by the capture, keeping the IP layer", () => {
    const sink: IpSink = {};
    expect(() => decodeIpv6(HBH_FRAGMENT_UDP, 0, 52, sink)).toThrow(/extension headers run past/);
    expect(sink.ip?.src).toBe("2001:db8::2");
    expect(() => decode(HBH_FRAGMENT_UDP, 39)).toThrow(/IPv6 header needs 40/);
  });

  it("reports extension headers longer than the payload length", () => {
    const b = HBH_FRAGMENT_UDP.slice();
    b[5] = 8; // payload length 8: only the hop-by-hop header fits
    expect(() => decode(b)).toThrow(/extension headers|UDP/);
  });
});
