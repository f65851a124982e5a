import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeLinkType, linkTypeName } from "./link-type-names.js";
import { writePcap } from "./testing/pcap-writer.js";

const dir = mkdtempSync(join(tmpdir(), "link-type-names-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hasTcpdump = spawnSync("tcpdump", ["--version"]).status === 0;

describe("link type names", () => {
  it("names a known link type with its number, and an unknown one by number", () => {
    expect(describeLinkType(105)).toBe("105 (IEEE802_11, 802.11)");
    expect(describeLinkType(127)).toBe("127 (IEEE802_11_RADIO, 802.11 plus radiotap header)");
    expect(describeLinkType(147)).toBe("147");
  });

  it.skipIf(!hasTcpdump)("uses the names tcpdump prints for every link type it names", () => {
    const file = join(dir, "empty.pcap");
    let compared = 0;
    for (let linkType = 0; linkType < 300; linkType++) {
      const known = linkTypeName(linkType);
      if (!known) continue;
      writeFileSync(file, writePcap([], { linkType }));
      const said = spawnSync("tcpdump", ["-r", file], { encoding: "utf8" }).stderr;
      expect(said, `link type ${linkType}`).toContain(`link-type ${known.name} (${known.description})`);
      compared++;
    }
    expect(compared).toBeGreaterThan(30);
  });
});
