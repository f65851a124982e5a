// Truncated, bit-flipped and absurd input must give a typed error or a correct partial
// result: never an exception escaping, an "internal" layer error, or a hang.
import { describe, expect, it } from "vitest";
import { PcapFormatError } from "./errors.js";
import { newRecord } from "./framer.js";
import { LinkType } from "./link-type.js";
import type { DecodedPacket } from "./packet.js";
import { decodePacket } from "./packet-decoder.js";
import { decodeBuffer, type Capture } from "./reader.js";
import { sampleCaptures } from "./testing/sample-captures.js";

const samples = sampleCaptures();
const small = (name: string, count: number): Buffer => {
  const s = samples.find((x) => x.name === name)!;
  // Cut right after `count` records: decode, and find the end offset via prefix search.
  for (let n = 1; n <= s.data.length; n++) {
    const cap = decodeBuffer(s.data.subarray(0, n));
    if (cap.packets.length === count && cap.errors.length === 0) return s.data.subarray(0, n);
  }
  throw new Error("sample too small");
};
const PCAP = small("pcap-us-le-ethernet-vlan", 5);
const PCAPNG = samples.find((s) => s.name === "pcapng-power-of-two-and-sections")!.data;

/** A seeded PRNG (mulberry32) so a failing case can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decodes within a time bound, checking the invariants every result must hold. */
function decodeChecked(data: Uint8Array, label: string): Capture {
  const started = performance.now();
  const cap = decodeBuffer(data);
  expect(performance.now() - started, `${label} took too long`).toBeLessThan(500);
  expect(cap.errors.length, label).toBeLessThanOrEqual(1);
  for (const e of cap.errors) {
    expect(e, label).toBeInstanceOf(PcapFormatError);
    expect(e.offset, label).toBeGreaterThanOrEqual(0);
    expect(e.offset, label).toBeLessThanOrEqual(data.length);
  }
  for (const p of cap.packets) checkPacket(p, label);
  let strictError: unknown;
  try {
    decodeBuffer(data, { strict: true });
  } catch (err) {
    strictError = err;
  }
  expect(strictError === undefined || strictError instanceof PcapFormatError, label).toBe(true);
  return cap;
}

function checkPacket(p: DecodedPacket, label: string): void {
  expect(p.error?.layer, `${label}: ${p.error?.message}`).not.toBe("internal");
  if (p.error) {
    expect(p.error.offset, label).toBeGreaterThanOrEqual(0);
    expect(p.error.offset, label).toBeLessThanOrEqual(p.capturedLength);
  }
}

describe("truncation", () => {
  it.each([
    ["pcap", PCAP],
    ["pcapng", PCAPNG],
  ])("every prefix of a %s gives the records before the cut plus at most one typed error", (_name, data) => {
    const full = decodeBuffer(data).packets;
    for (let n = 0; n < data.length; n++) {
      const cap = decodeChecked(data.subarray(0, n), `prefix ${n}`);
      expect(cap.packets, `prefix ${n}`).toEqual(full.slice(0, cap.packets.length));
      // Only a cut exactly between records is error-free (and only past the file header).
      if (cap.errors.length === 0) expect(n === 0, `prefix ${n}`).toBe(false);
    }
  });
});

describe("random byte flips", () => {
  it.each([
    ["pcap", PCAP, 1],
    ["pcapng", PCAPNG, 2],
  ])("%s: 2000 seeded mutations never crash or hang", (_name, data, seed) => {
    const random = prng(seed);
    for (let i = 0; i < 2000; i++) {
      const mutated = Buffer.from(data);
      const flips = 1 + Math.floor(random() * 4);
      for (let f = 0; f < flips; f++) mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
      decodeChecked(mutated, `seed ${seed} iteration ${i}`);
    }
  });

  it("random frames of every link type decode to a packet or a layer error", () => {
    const random = prng(3);
    const record = newRecord();
    for (const linkType of Object.values(LinkType)) {
      for (let i = 0; i < 2000; i++) {
        const frame = Buffer.alloc(Math.floor(random() * 120));
        for (let b = 0; b < frame.length; b++) frame[b] = Math.floor(random() * 256);
        // Bias towards headers that get past the first checks.
        if (frame.length > 20 && random() < 0.5) frame[linkType === LinkType.ETHERNET ? 14 : 0] = random() < 0.5 ? 0x45 : 0x60;
        Object.assign(record, { linkType, capturedLength: frame.length, originalLength: frame.length, dataOffset: 0 });
        checkPacket(decodePacket(frame, record, i), `link ${linkType} frame ${frame.toString("hex")}`);
      }
    }
  });
});

describe("absurd lengths", () => {
  it("caplen 0xffffffff in a big-endian pcap and a zero-length record", () => {
    const be = samples.find((s) => s.name === "pcap-ns-be-ethernet")!.data;
    const huge = Buffer.from(be);
    huge.writeUInt32BE(0xffffffff, 24 + 8);
    expect(decodeChecked(huge, "huge").errors[0]?.reason).toMatch(/exceeds/);
    const zero = Buffer.from(be.subarray(0, 40));
    zero.writeUInt32BE(0, 24 + 8);
    const cap = decodeChecked(zero, "zero");
    expect(cap.packets[0]).toMatchObject({ capturedLength: 0, error: { layer: "ethernet" } });
  });

  it("pcapng block lengths below 12, unaligned, and past the end of the file", () => {
    for (const length of [0, 4, 11, 13, 30, 0xfffffffc, 1 << 20]) {
      const bad = Buffer.from(PCAPNG);
      bad.writeUInt32LE(length, 28 + 4); // the IDB after the first SHB
      expect(decodeChecked(bad, `length ${length}`).errors, `length ${length}`).toHaveLength(1);
    }
  });
});
