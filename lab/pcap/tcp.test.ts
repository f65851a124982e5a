import { describe, expect, it } from "vitest";
import { hexDump } from "./hex.js";
import type { IpSink } from "./packet.js";
import type { DecodedPacket } from "./packet.js";
import { TcpFlag } from "./packet.js";
import { decodeTcp } from "./tcp.js";
import { decodeIpv4 } from "./ipv4.js";

// IPv4 + TCP SYN 10.0.0.2:40000 > 10.0.0.3:9877, seq 0xdeadbeef, win 64240,
// options [mss 1460, sackOK, TS val 1 ecr 0, nop, wscale 7] (checksums zero: not verified).
const SYN = hexDump(`
  0x0000:  4500 003c 1c46 4000 4006 0000 0a00 0002
  0x0010:  0a00 0003 9c40 2695 dead beef 0000 0000
  0x0020:  a002 faf0 0000 0000 0204 05b4 0402 080a
  0x0030:  0000 0001 0000 0000 0103 0307
`);

// TCP alone: 9877 > 40000, seq 2, ack 0x55, flags [.], win 501,
// options [nop, nop, TS val 7 ecr 1, nop, nop, sack 1 {16:32}].
const ACK_SACK = hexDump(`
  0x0000:  2695 9c40 0000 0002 0000 0055 b010 01f5
  0x0010:  0000 0000 0101 080a 0000 0007 0000 0001
  0x0020:  0101 050a 0000 0010 0000 0020
`);

describe("decodeTcp", () => {
  it("decodes ports, seq, flags, window and SYN options", () => {
    const t = decodeTcp(SYN, 20, SYN.length, SYN.length - 20);
    expect(t).toEqual({
      kind: "tcp", srcPort: 40000, dstPort: 9877, seq: 0xdeadbeef, ack: 0, flags: TcpFlag.SYN, window: 64240,
      headerLength: 40, options: { mss: 1460, sackPermitted: true, timestamp: { value: 1, echo: 0 }, windowScale: 7 },
      payloadLength: 0,
    });
  });

  it("keeps AE (AccECN's bit, once NS) and the reserved bits from the low nibble of byte 12", () => {
    const accecn = SYN.slice();
    accecn[32] = 0xa1; // data offset 10 words, AE
    accecn[33] = 0xc2; // CWR, ECE, SYN: an AccECN SYN (RFC 9768)
    expect(decodeTcp(accecn, 20, accecn.length, 40)).toMatchObject({
      flags: TcpFlag.SYN | TcpFlag.ECE | TcpFlag.CWR | TcpFlag.AE, headerLength: 40,
    });
    accecn[32] = 0xae; // the three reserved bits instead of AE
    expect(decodeTcp(accecn, 20, accecn.length, 40).flags).toBe(0xe00 | 0xc2);
  });

  it("decodes SACK blocks and the timestamp", () => {
    const t = decodeTcp(ACK_SACK, 0, ACK_SACK.length, ACK_SACK.length + 100);
    expect(t.flags).toBe(TcpFlag.ACK);
    expect(t.ack).toBe(0x55);
    expect(t.options).toEqual({ timestamp: { value: 7, echo: 1 }, sack: [[16, 32]] });
    expect(t.payloadLength).toBe(100); // from the IP length, not from the captured bytes
  });

  it("keeps the fixed header when a snaplen cut the options, and notes it", () => {
    const cut = SYN.subarray(0, 50); // 30 of 40 TCP header bytes
    // The record says the snaplen cut the frame: the 10 bytes it lacks were on the wire.
    const packet: Partial<DecodedPacket> = { capturedLength: 50, originalLength: SYN.length };
    decodeIpv4(cut, 0, cut.length, packet);
    const t = packet.ip?.transport;
    expect(t).toMatchObject({ kind: "tcp", seq: 0xdeadbeef, payloadLength: 0, options: { mss: 1460, sackPermitted: true } });
    expect(packet.error).toMatchObject({ layer: "tcp", offset: 50 });
    expect(packet.truncated).toBeUndefined();
  });

  it("reports a header shorter than 20 bytes or a bad data offset", () => {
    expect(() => decodeTcp(SYN, 20, 39, 40)).toThrow(/TCP header needs 20 bytes/);
    const bad = SYN.slice();
    bad[32] = 0x40; // data offset 4 words
    expect(() => decodeTcp(bad, 20, bad.length, 40)).toThrow(/data offset 16/);
    bad[32] = 0xf0; // 60 bytes > segment length 40
    expect(() => decodeTcp(bad, 20, bad.length, 40)).toThrow(/exceeds segment length/);
  });

  it("stops at a zero-length option instead of looping, noting the error", () => {
    const bad = SYN.slice();
    bad[41] = 0; // the MSS option's length byte
    const sink: IpSink = {};
    const t = decodeTcp(bad, 20, bad.length, 40, sink);
    expect(t.options).toEqual({});
    expect(sink.error).toMatchObject({ layer: "tcp", message: expect.stringMatching(/bad length 0/) });
  });
});
