import { describe, expect, it } from "vitest";
import { icmp, ipv6, quoteDatagram, tcp, udp } from "./testing/datagram-builder.js";
import { hexDump } from "./hex.js";
import { decodeIcmp, IcmpType, IcmpUnreachableCode } from "./icmp.js";
import { decodeIpv4 } from "./ipv4.js";
import type { IpSink } from "./packet.js";
import { decodeIpv6 } from "./ipv6.js";

// 10.0.0.3 > 10.0.0.2: ICMP 10.0.0.3 udp port 9999 unreachable, quoting
// 10.0.0.2.40001 > 10.0.0.3.9999: UDP, length 5 (IP header + first 8 bytes).
const PORT_UNREACHABLE = hexDump(`
  0x0000:  4500 0038 0000 0000 4001 0000 0a00 0003
  0x0010:  0a00 0002 0303 0000 0000 0000 4500 0021
  0x0020:  abcd 0000 4011 0000 0a00 0002 0a00 0003
  0x0030:  9c41 270f 000d 0000
`);

describe("ICMP", () => {
  it("decodes a port unreachable and the UDP datagram it quotes", () => {
    const sink: IpSink = {};
    decodeIpv4(PORT_UNREACHABLE, 0, PORT_UNREACHABLE.length, sink);
    expect(sink.ip?.transport).toEqual({
      kind: "icmp", version: 4, type: IcmpType.DEST_UNREACHABLE, code: IcmpUnreachableCode.PORT,
      quoted: { version: 4, src: "10.0.0.2", dst: "10.0.0.3", protocol: 17, srcPort: 40001, dstPort: 9999 },
    });
  });

  it("quotes a TCP header's sequence number (time exceeded)", () => {
    const inner = new Uint8Array(48);
    inner.set(PORT_UNREACHABLE.subarray(28, 48)); // reuse the quoted IPv4 header...
    inner[9] = 6; // ...as TCP
    inner.set(Uint8Array.of(0x9c, 0x40, 0x26, 0x95, 0xde, 0xad, 0xbe, 0xef), 20);
    const msg = new Uint8Array(8 + 28);
    msg[0] = IcmpType.TIME_EXCEEDED;
    msg.set(inner.subarray(0, 28), 8);
    expect(decodeIcmp(msg, 0, msg.length, 4).quoted).toEqual({
      version: 4, src: "10.0.0.2", dst: "10.0.0.3", protocol: 6, srcPort: 40000, dstPort: 9877, tcpSeq: 0xdeadbeef,
    });
  });

  it("leaves `quoted` out when the quote is too short, and has none for echo", () => {
    expect(decodeIcmp(PORT_UNREACHABLE, 20, 40, 4).quoted).toBeUndefined();
    const echo = Uint8Array.of(8, 0, 0, 0, 0, 1, 0, 1);
    expect(decodeIcmp(echo, 0, echo.length, 4)).toEqual({ kind: "icmp", version: 4, type: 8, code: 0 });
    expect(() => decodeIcmp(echo, 0, 3, 4)).toThrow(/ICMP header needs 4/);
  });

  it("decodes ICMPv6 destination unreachable quoting IPv6 + UDP, and packet too big quoting TCP", () => {
    const probe = ipv6({ src: "2001:db8::2", dst: "2001:db8::3", extensions: [{ kind: "destination" }], payload: udp({ srcPort: 50000, dstPort: 9999 }) });
    const d = ipv6({ src: "2001:db8::3", dst: "2001:db8::2", payload: icmp({ type: 1, code: 4, quoted: probe }, 6) });
    const sink: IpSink = {};
    decodeIpv6(d, 0, d.length, sink);
    expect(sink.ip?.transport).toEqual({
      kind: "icmp", version: 6, type: 1, code: 4,
      quoted: { version: 6, src: "2001:db8::2", dst: "2001:db8::3", protocol: 17, srcPort: 50000, dstPort: 9999 },
    });
    const seg = ipv6({ src: "::1", dst: "::2", payload: tcp({ srcPort: 1, dstPort: 2, seq: 77 }) });
    const big = icmp({ type: 2, rest: 1280, quoted: quoteDatagram(seg) }, 6).build(new Uint8Array(16), new Uint8Array(16));
    expect(decodeIcmp(big, 0, big.length, 6).quoted).toMatchObject({ protocol: 6, srcPort: 1, dstPort: 2, tcpSeq: 77 });
  });
});
