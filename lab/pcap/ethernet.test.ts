import { describe, expect, it } from "vitest";
import { decodeEthernet } from "./ethernet.js";
import { hexDump } from "./hex.js";
import type { IpSink } from "./packet.js";

// 802.1ad outer tag (VLAN 10) + 802.1Q inner tag (VLAN 20), then IPv4 UDP 10.0.0.2.40001 > 10.0.0.3.9999.
const QINQ_UDP = hexDump(`
  0x0000:  0242 ac11 0003 0242 ac11 0002 88a8 000a
  0x0010:  8100 0014 0800 4500 001c 0000 0000 4011
  0x0020:  0000 0a00 0002 0a00 0003 9c41 270f 0008
  0x0030:  0000
`);

function decode(bytes: Uint8Array, end = bytes.length): IpSink {
  const sink: IpSink = {};
  decodeEthernet(bytes, 0, end, sink);
  return sink;
}

describe("decodeEthernet", () => {
  it("skips stacked VLAN tags to the IPv4 header", () => {
    expect(decode(QINQ_UDP).ip).toMatchObject({ src: "10.0.0.2", transport: { kind: "udp", srcPort: 40001, dstPort: 9999, payloadLength: 0 } });
  });

  it("decodes an untagged frame", () => {
    const untagged = new Uint8Array(QINQ_UDP.length - 8);
    untagged.set(QINQ_UDP.subarray(0, 12));
    untagged.set(QINQ_UDP.subarray(20), 12);
    expect(decode(untagged).ip?.dst).toBe("10.0.0.3");
  });

  it("leaves non-IP frames (ARP) without an IP layer", () => {
    const arp = QINQ_UDP.slice(0, 42);
    arp[12] = 0x08;
    arp[13] = 0x06;
    expect(decode(arp)).toEqual({});
  });

  it("reports a truncated header or tag", () => {
    expect(() => decode(QINQ_UDP, 13)).toThrow(/Ethernet header needs 14/);
    expect(() => decode(QINQ_UDP, 17)).toThrow(/VLAN tag needs 4/);
  });
});
