// IP lengths are claims, not facts: a datagram is capped at the bytes its frame held on
// the wire (as tshark does), the packet says it was truncated, and a snaplen cut (bytes
// that were sent but not captured) is not mistaken for one.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hexDump } from "./hex.js";
import { LinkType } from "./link-type.js";
import { decodeBuffer } from "./reader.js";
import { lyingLengthFrames } from "./testing/sample-captures.js";
import { writePcap, type Frame } from "./testing/pcap-writer.js";
import { diffWithTshark, findTshark, runTshark } from "./testing/tshark-oracle.js";

// Two frames from a real loopback capture (Linux 6.18, `tcpdump -i lo`): a pure ACK with
// the timestamp option and a 33-byte UDP datagram. Only the IPv4 total length was changed
// afterwards (0x0034 -> 0x0334 and 0x003d -> 0xe63d) and the header checksum recomputed,
// so every other byte is what the kernel sent. `tcpdump -nr -XX -v` on them says:
//
// 11:44:52.538602 IP truncated-ip - 768 bytes missing! (tos 0x0, ttl 64, id 15710, offset 0, flags [DF], proto TCP (6), length 820)
//     127.0.0.1.57706 > 127.0.0.1.9877: Flags [.], seq 3836843836:3836844604, ack 1357553175, win 64, options [nop,nop,TS val 204424884 ecr 1893034794], length 768
const REAL_ACK_CLAIMING_820 = hexDump(`
	0x0000:  0000 0000 0000 0000 0000 0000 0800 4500  ..............E.
	0x0010:  0334 3d5e 4000 4006 fc63 7f00 0001 7f00  .4=^@.@..c......
	0x0020:  0001 e16a 2695 e4b1 973c 50ea 9e17 8010  ...j&....<P.....
	0x0030:  0040 fe28 0000 0101 080a 0c2f 46b4 70d5  .@.(......./F.p.
	0x0040:  6b2a                                     k*
`);
// 11:44:52.542063 IP truncated-ip - 58880 bytes missing! (tos 0x0, ttl 64, id 46943, offset 0, flags [DF], proto UDP (17), length 58941)
//     127.0.0.1.39893 > 127.0.0.1.9999: UDP, length 33
const REAL_UDP_CLAIMING_58941 = hexDump(`
	0x0000:  0000 0000 0000 0000 0000 0000 0800 4500  ..............E.
	0x0010:  e63d b75f 4000 4011 9f4d 7f00 0001 7f00  .=._@.@..M......
	0x0020:  0001 9bd5 270f 0029 fe3c 6161 6161 6161  ....'..).<aaaaaa
	0x0030:  6161 6161 6161 6161 6161 6161 6161 6161  aaaaaaaaaaaaaaaa
	0x0040:  6161 6161 6161 6161 6161 61              aaaaaaaaaaa
`);
// tcpdump 4.99 notes the missing bytes but still prints "length 768" from the IP header;
// tshark 4.0 caps at the frame: tcp.len 0, and the UDP payload is the 33 bytes sent.

const REAL_FRAMES: Frame[] = [
  { timestampNs: 1_796_211_892_538_602_000n, data: REAL_ACK_CLAIMING_820 },
  { timestampNs: 1_796_211_892_542_063_000n, data: REAL_UDP_CLAIMING_58941 },
];

const tshark = findTshark();
const dir = mkdtempSync(join(tmpdir(), "ip-length-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function decodeFrames(frames: Frame[]) {
  const capture = decodeBuffer(writePcap(frames, { linkType: LinkType.ETHERNET }));
  expect(capture.errors).toEqual([]);
  return capture.packets;
}

describe("IP lengths past the frame (real capture bytes)", () => {
  it("a 66-byte frame claiming 820 bytes carries no TCP payload, and says it was truncated", () => {
    const [ack] = decodeFrames(REAL_FRAMES);
    expect(ack).toMatchObject({ capturedLength: 66, originalLength: 66, truncated: { claimed: 820, held: 52 } });
    expect(ack?.ip).toMatchObject({ totalLength: 820, src: "127.0.0.1", transport: { kind: "tcp", headerLength: 32, payloadLength: 0 } });
    expect(ack?.error).toBeUndefined();
  });

  it("a 75-byte frame claiming 58,941 bytes is a 33-byte UDP datagram", () => {
    const [, datagram] = decodeFrames(REAL_FRAMES);
    expect(datagram).toMatchObject({ truncated: { claimed: 58_941, held: 61 } });
    expect(datagram?.ip?.transport).toEqual({ kind: "udp", srcPort: 39893, dstPort: 9999, length: 41, payloadLength: 33 });
  });

  it.skipIf(!tshark)("agrees with tshark on the real frames", async () => {
    const path = join(dir, "real.pcap");
    writeFileSync(path, writePcap(REAL_FRAMES, { linkType: LinkType.ETHERNET }));
    expect(diffWithTshark(decodeFrames(REAL_FRAMES), await runTshark(path, tshark))).toEqual([]);
  });
});

describe("IP lengths past the frame (generated captures)", () => {
  const packets = decodeFrames(lyingLengthFrames());
  const transport = (i: number) => packets[i]?.ip?.transport;

  it("caps IPv4 and IPv6 datagrams at the frame and flags each", () => {
    expect(packets[0]).toMatchObject({ truncated: { claimed: 820, held: 52 } });
    expect(transport(0)).toMatchObject({ kind: "tcp", payloadLength: 0 });
    expect(packets[1]).toMatchObject({ truncated: { claimed: 58_941, held: 61 } });
    expect(transport(1)).toMatchObject({ kind: "udp", payloadLength: 33 });
    expect(packets[2]).toMatchObject({ truncated: { claimed: 1040, held: 70 } });
    expect(packets[2]?.ip?.totalLength).toBe(1040);
    expect(transport(2)).toMatchObject({ kind: "tcp", payloadLength: 10 });
    expect(packets[3]).toMatchObject({ truncated: { claimed: 60_040, held: 76 } });
    expect(transport(3)).toMatchObject({ kind: "udp", payloadLength: 12 });
  });

  it("leaves honest packets alone: Ethernet padding, and a snaplen cut whose bytes were on the wire", () => {
    expect(packets[4]?.truncated).toBeUndefined();
    expect(transport(4)).toMatchObject({ kind: "udp", payloadLength: 1 });
    expect(packets[8]).toMatchObject({ capturedLength: 96, originalLength: 1054 });
    expect(packets[8]?.truncated).toBeUndefined();
    expect(transport(8)).toMatchObject({ kind: "tcp", payloadLength: 1000 });
  });

  it("caps a snaplen-cut frame at its wire length, not at the captured bytes", () => {
    // 200 bytes on the wire, 96 captured, the IP header claims 1040: 186 - 20 - 20 = 146 bytes.
    expect(packets[9]).toMatchObject({ capturedLength: 96, originalLength: 200, truncated: { claimed: 1040, held: 186 } });
    expect(transport(9)).toMatchObject({ kind: "tcp", payloadLength: 146 });
  });
});
