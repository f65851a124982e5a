import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { sampleCaptures } from "../pcap/testing/sample-captures.js";
import { readPackets } from "../pcap/reader.js";
import { analyze } from "./analyzer.js";
import { analyzeFile } from "./analyze-file.js";

const dir = mkdtempSync(join(tmpdir(), "analyze-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("reading in batches gives the same analysis as packet by packet", async () => {
  for (const sample of sampleCaptures()) {
    const file = join(dir, sample.name);
    writeFileSync(file, sample.data);
    const batched = await analyzeFile(file, { chunkSize: 64 });
    const single = await analyze(readPackets(file));
    expect(batched, sample.name).toEqual(single);
  }
});
