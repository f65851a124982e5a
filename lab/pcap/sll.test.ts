import { describe, expect, it } from "vitest";
import { hexDump } from "./hex.js";
import type { IpSink } from "./packet.js";
import { decodeSll, decodeSll2 } from "./sll.js";

// IPv4 UDP 10.0.0.2.40001 > 10.0.0.3.9999, no payload.
const IP = `4500 001c 0000 0000 4011 0000 0a00 0002 0a00 0003 9c41 270f 0008 0000`;

// SLL: packet type 0 (host), ARPHRD_ETHER, address length 6, address, protocol 0x0800.
const SLL = hexDump(`
  0x0000:  0000 0001 0006 0242 ac11 0002 0000 0800
  0x0010:  ${IP}
`);

// SLL2: protocol 0x0800, reserved, ifindex 2, ARPHRD_ETHER, outgoing, address length 6, address.
const SLL2 = hexDump(`
  0x0000:  0800 0000 0000 0002 0001 0406 0242 ac11
  0x0010:  0002 0000 ${IP}
`);

describe("Linux cooked captures", () => {
  it("decodes SLL", () => {
    const sink: IpSink = {};
    decodeSll(SLL, 0, SLL.length, sink);
    expect(sink.ip).toMatchObject({ src: "10.0.0.2", transport: { kind: "udp", dstPort: 9999 } });
    expect(() => decodeSll(SLL, 0, 15, {})).toThrow(/SLL\) header needs 16/);
  });

  it("decodes SLL2", () => {
    const sink: IpSink = {};
    decodeSll2(SLL2, 0, SLL2.length, sink);
    expect(sink.ip).toMatchObject({ dst: "10.0.0.3", transport: { kind: "udp", srcPort: 40001 } });
    expect(() => decodeSll2(SLL2, 0, 19, {})).toThrow(/SLL2\) header needs 20/);
  });
});
