import { describe, expect, it } from "vitest";
import { ipv4, udp } from "./testing/datagram-builder.js";
import { hexDump } from "./hex.js";
import { LinkType } from "./link-type.js";
import { setResolution, timestampNs, type PcapngInterface } from "./pcapng-file.js";
import { writePcapng } from "./testing/pcap-writer.js";
import { decodeBuffer } from "./reader.js";

// Little-endian pcapng: SHB (28 bytes), IDB LINKTYPE_RAW with if_tsresol=9 (ns) (32 bytes),
// EPB at 1700000000.123456789 with IPv4 UDP 10.0.0.2.40001 > 10.0.0.3.9999 (60 bytes).
const LE_NS = hexDump(`
  0x0000:  0a0d 0d0a 1c00 0000 4d3c 2b1a 0100 0000
  0x0010:  ffff ffff ffff ffff 1c00 0000 0100 0000
  0x0020:  2000 0000 6500 0000 0000 0000 0900 0100
  0x0030:  0900 0000 0000 0000 2000 0000 0600 0000
  0x0040:  3c00 0000 0000 0000 fe9c 9717 15cd 853d
  0x0050:  1c00 0000 1c00 0000 4500 001c 0000 0000
  0x0060:  4011 0000 0a00 0002 0a00 0003 9c41 270f
  0x0070:  0008 0000 3c00 0000
`);

const EPB_OFFSET = 0x3c;

function iface(tsresol?: number): PcapngInterface {
  const i: PcapngInterface = { linkType: 1, snaplen: 0, unitsPerSecond: 1_000_000n, nsPerUnit: 1000n, offsetNs: 0n };
  if (tsresol !== undefined) setResolution(i, tsresol);
  return i;
}

describe("pcapng", () => {
  it("reads SHB, IDB with if_tsresol and an EPB", () => {
    const cap = decodeBuffer(LE_NS);
    expect(cap).toMatchObject({ format: "pcapng", linkTypes: [LinkType.RAW], errors: [] });
    expect(cap.packets[0]).toMatchObject({ timestampNs: 1_700_000_000_123_456_789n, capturedLength: 28, interfaceId: 0,
      ip: { src: "10.0.0.2", transport: { kind: "udp", dstPort: 9999 } } });
  });

  it("converts every if_tsresol kind exactly", () => {
    expect(timestampNs(iface(), 0, 1_000_001)).toBe(1_000_001_000n); // default µs
    expect(timestampNs(iface(3), 0, 1500)).toBe(1_500_000_000n); // ms
    expect(timestampNs(iface(12), 0, 1_500_000_000)).toBe(1_500_000n); // ps truncate to ns
    expect(timestampNs(iface(0x80 | 10), 0, 1024 + 512)).toBe(1_500_000_000n); // 2^-10 s
    expect(timestampNs(iface(9), 0x17979cfe, 0x3d85cd15)).toBe(1_700_000_000_123_456_789n); // > 2^53 units
  });

  it("reads a big-endian section after a little-endian one, resetting interfaces", () => {
    const d = ipv4({ src: "10.1.1.1", dst: "10.1.1.2", payload: udp({ srcPort: 1, dstPort: 2 }) });
    const file = writePcapng([
      { interfaces: [{ linkType: LinkType.RAW }], packets: [{ timestampNs: 1_000_000_000n, data: d }] },
      { bigEndian: true, extraBlocks: true, interfaces: [{ linkType: LinkType.IPV4, tsresol: 9 }],
        packets: [{ timestampNs: 2_000_000_001n, data: d }, { timestampNs: 3n, data: d, simple: true }] },
    ]);
    const cap = decodeBuffer(file);
    expect(cap.errors).toEqual([]);
    expect(cap.linkTypes).toEqual([LinkType.RAW, LinkType.IPV4]);
    expect(cap.packets.map((p) => [p.timestampNs, p.linkType, p.ip?.src])).toEqual([
      [1_000_000_000n, 101, "10.1.1.1"],
      [2_000_000_001n, 228, "10.1.1.1"],
      [0n, 228, "10.1.1.1"], // a simple packet block has no timestamp
    ]);
  });

  it.each([
    ["shorter than 12", 8, /bad pcapng block length 8/],
    ["not a multiple of 4", 62, /bad pcapng block length 62/],
    ["over 16 MiB", 0x7fffffff, /bad pcapng block length 2147483647/],
  ])("rejects a block length %s at its offset", (_name, length, reason) => {
    const bad = LE_NS.slice();
    new DataView(bad.buffer).setUint32(EPB_OFFSET + 4, length, true);
    const cap = decodeBuffer(bad);
    expect(cap.packets).toEqual([]);
    expect(cap.errors[0]).toMatchObject({ offset: EPB_OFFSET + 4, reason: expect.stringMatching(reason) });
  });

  it("rejects an EPB whose captured length overruns it, or a wrong trailing length", () => {
    const bad = LE_NS.slice();
    new DataView(bad.buffer).setUint32(EPB_OFFSET + 20, 29, true);
    expect(decodeBuffer(bad).errors[0]?.reason).toMatch(/captured length 29 does not fit/);
    const trailer = LE_NS.slice();
    trailer[trailer.length - 4] = 0x40;
    expect(decodeBuffer(trailer).errors[0]?.reason).toMatch(/trailing length/);
  });

  it("rejects a packet on an undeclared interface and a file not starting with an SHB", () => {
    const bad = LE_NS.slice();
    bad[EPB_OFFSET + 8] = 1;
    expect(decodeBuffer(bad).errors[0]).toMatchObject({ offset: EPB_OFFSET + 8, reason: expect.stringMatching(/interface 1/) });
    const badBom = LE_NS.slice();
    badBom[8] = 0;
    expect(decodeBuffer(badBom).errors[0]?.reason).toMatch(/byte-order magic/);
  });
});
