import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PcapFormatError } from "./errors.js";
import type { DecodedPacket } from "./packet.js";
import { decodeBuffer, readCapture, readPackets } from "./reader.js";
import { sampleCaptures } from "./testing/sample-captures.js";

const dir = mkdtempSync(join(tmpdir(), "pcap-reader-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, data: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

async function collect(path: string, opts: Parameters<typeof readPackets>[1]): Promise<DecodedPacket[]> {
  const out: DecodedPacket[] = [];
  for await (const p of readPackets(path, opts)) out.push(p);
  return out;
}

describe("readPackets (streaming)", () => {
  it.each(sampleCaptures().map((s) => [s.name, s.data] as const))(
    "%s: 7-byte chunks decode exactly like decodeBuffer",
    async (name, data) => {
      const path = save(name, data);
      const expected = decodeBuffer(data);
      expect(expected.errors).toEqual([]);
      expect(await collect(path, { chunkSize: 7 })).toEqual(expected.packets);
      expect(await readCapture(path, { chunkSize: 7 })).toEqual(expected);
    },
  );

  it("yields the packets before a truncated record, then collects or throws the error", async () => {
    const { data } = sampleCaptures()[0]!;
    const path = save("cut.pcap", data.subarray(0, data.length - 3));
    const full = decodeBuffer(data).packets;
    const errors: PcapFormatError[] = [];
    const packets = await collect(path, { chunkSize: 64, errors });
    expect(packets).toEqual(full.slice(0, -1));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.reason).toMatch(/truncated pcap record/);

    const seen: DecodedPacket[] = [];
    await expect(async () => {
      for await (const p of readPackets(path, { chunkSize: 64, strict: true })) seen.push(p);
    }).rejects.toBeInstanceOf(PcapFormatError);
    expect(seen).toHaveLength(full.length - 1);
  });

  it("stops reading at a framing error and can be abandoned early", async () => {
    const { data } = sampleCaptures()[0]!;
    const bad = Buffer.from(data);
    bad.writeUInt32LE(0xffffffff, 24 + 8); // first record's captured length
    expect(await collect(save("bad.pcap", bad), {})).toEqual([]);
    for await (const p of readPackets(save("ok.pcap", data))) {
      expect(p.index).toBe(0);
      break; // the generator's finally closes the stream
    }
  });
});
