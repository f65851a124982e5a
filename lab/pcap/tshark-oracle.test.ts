// Every generated capture, decoded by us and by tshark: each frame's time (ns), lengths,
// addresses, ports, TCP flags/seq/ack/window/length/options and ICMP type/code must match.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeBuffer } from "./reader.js";
import { sampleCaptures } from "./testing/sample-captures.js";
import { diffWithTshark, epochToNs, findTshark, runTshark } from "./testing/tshark-oracle.js";

const tshark = findTshark();
const dir = mkdtempSync(join(tmpdir(), "pcap-oracle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tshark oracle", () => {
  if (!tshark) {
    if (process.env.CI === "true") {
      it("needs tshark in CI", () => {
        throw new Error("tshark not found: CI must install it (apt-get install -y tshark) or set $TSHARK");
      });
    } else {
      it.skip("skipped: tshark is not installed (install it or set $TSHARK to run the oracle tests)", () => {});
    }
    return;
  }

  it.each(sampleCaptures().map((s) => [s.name, s.data] as const))("%s matches tshark field for field", async (name, data) => {
    const path = join(dir, name);
    writeFileSync(path, data);
    const ours = decodeBuffer(data);
    expect(ours.errors).toEqual([]);
    const theirs = await runTshark(path, tshark);
    expect(diffWithTshark(ours.packets, theirs)).toEqual([]);
    // Guard against a vacuous pass: tshark did see addresses and transport fields.
    expect(theirs.filter((r) => r.ip4Src || r.ip6Src).length).toBeGreaterThan(theirs.length / 2);
    expect(theirs.some((r) => r.tcpSeq || r.udpSrcPort)).toBe(true);
  });

  it("notices a wrong field", async () => {
    const { name, data } = sampleCaptures()[0]!;
    const path = join(dir, `${name}-check`);
    writeFileSync(path, data);
    const ours = decodeBuffer(data).packets;
    const t = ours[0]?.ip?.transport;
    if (t?.kind === "tcp") t.seq += 1;
    expect(diffWithTshark(ours, await runTshark(path, tshark))).toEqual([expect.stringMatching(/frame 1 tcp.seq_raw/), expect.stringMatching(/frame 1 tcp.seq:/)]);
  });
});

describe("epochToNs", () => {
  it("converts tshark's epoch text exactly", () => {
    expect(epochToNs("1700000000.123456789")).toBe("1700000000123456789");
    expect(epochToNs("1700000000.1")).toBe("1700000000100000000");
    expect(epochToNs("0.000000000")).toBe("0");
  });
});
