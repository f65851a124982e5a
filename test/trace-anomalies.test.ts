// `lab trace` on captures it must not take at face value (no Docker needed): IP lengths
// past the frame, timestamps that go backwards, a link type the decoder does not read,
// and AccECN flags. Each is said in one line; nothing lies about lengths or durations.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { ipv4, tcp } from "../lab/pcap/testing/datagram-builder.js";
import { ethernet } from "../lab/pcap/testing/frame-builder.js";
import { LinkType } from "../lab/pcap/link-type.js";
import { TcpFlag } from "../lab/pcap/packet.js";
import { writePcap, type Frame } from "../lab/pcap/testing/pcap-writer.js";
import { lyingLengthFrames } from "../lab/pcap/testing/sample-captures.js";
import { lab, type CliResult } from "./support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "socklab-trace-anomalies-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, frames: Frame[], linkType: number = LinkType.ETHERNET): string {
  const path = join(dir, name);
  writeFileSync(path, writePcap(frames, { linkType, nanosecond: true }));
  return path;
}

const noStack = (r: CliResult) => expect(r.stderr).not.toMatch(/\n\s+at /);

test("IP lengths past the frame: counted as truncated, no flow gets bytes that were not sent", async () => {
  const path = save("lying.pcap", lyingLengthFrames());
  const text = await lab(["trace", path]);
  expect(text.code).toBe(0);
  expect(text.stdout).toMatch(/^truncated: 5 packet\(s\) whose IP header claims more bytes than the frame held; analysed with their lengths capped at the frame \(as tshark does\)$/m);
  expect(text.stdout).toMatch(/10\.0\.0\.2:40001 -> 10\.0\.0\.3:9999: 1 datagram\(s\)\/33 bytes out/);
  expect(text.stdout).not.toMatch(/58913|length 768/);
  expect(text.stderr).toBe("");
  const json = JSON.parse((await lab(["trace", path, "--json"])).stdout) as { truncated: number };
  expect(json.truncated).toBe(5);
});

test("timestamps that go backwards: one warning line, and no negative duration", async () => {
  const ms = 1_000_000n;
  const t0 = 1_700_000_000_000_000_000n;
  const seg = (dt: bigint, fromClient: boolean, seq: number, ack: number, flags: number): Frame => ({
    timestampNs: t0 + dt * ms,
    data: ethernet(ipv4({
      src: fromClient ? "10.0.0.2" : "10.0.0.3", dst: fromClient ? "10.0.0.3" : "10.0.0.2",
      payload: tcp({ srcPort: fromClient ? 40000 : 9877, dstPort: fromClient ? 9877 : 40000, seq, ack, flags }),
    })),
  });
  const { SYN, ACK, FIN } = TcpFlag;
  const path = save("backwards.pcap", [
    seg(0n, true, 100, 0, SYN),
    seg(-250n, false, 500, 101, SYN | ACK), // stamped 250 ms before the SYN it answers
    seg(-249n, true, 101, 501, ACK),
    seg(-240n, true, 101, 501, FIN | ACK),
    seg(-239n, false, 501, 102, FIN | ACK),
    seg(-238n, true, 102, 502, ACK),
  ]);
  const r = await lab(["trace", path]);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(
    /^lab: warning: .*backwards\.pcap: timestamps go backwards 1 time\(s\), first at packet 2 \(largest step back 250\.000 ms\): the capture's span is not shown, and a negative duration shows as unknown\n$/,
  );
  expect(r.stdout).toMatch(/^capture .*backwards\.pcap: 6 packet\(s\), from 2023-11-14T22:13:20\.000Z$/m);
  expect(r.stdout).toMatch(/^handshake: complete, SYN->SYN-ACK unknown \(timestamps go backwards\), SYN->ACK unknown \(timestamps go backwards\)$/m);
  expect(r.stdout).toMatch(/^duration: unknown \(timestamps go backwards\), 6 packet\(s\)$/m);
  expect(r.stdout).not.toMatch(/-\d+(\.\d+)? (ms|s)\b/);
  noStack(r);
});

test("a link type the decoder does not read is named, by number and name", async () => {
  const frame = { timestampNs: 1_700_000_000_000_000_000n, data: new Uint8Array(40) };
  const r = await lab(["trace", save("wifi.pcap", [frame, frame], 105)]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/; skipped: 0 not IP, 2 undecodable, 0 fragments, 0 other protocols$/m);
  expect(r.stdout).toMatch(/^undecodable: 2 packet\(s\) of link type 105 \(IEEE802_11, 802\.11\), which the decoder does not read$/m);
  noStack(r);
});

test("AccECN's AE flag shows in the text and the JSON", async () => {
  const frames = lyingLengthFrames();
  const r = await lab(["trace", save("accecn.pcap", frames)]);
  expect(r.stdout).toMatch(/10\.0\.0\.2\.40003 > 10\.0\.0\.3\.9877: Flags \[SEWe\], seq 0/);
  expect(r.stdout).toMatch(/10\.0\.0\.3\.9877 > 10\.0\.0\.2\.40003: Flags \[S\.e\], seq 0, ack 1/);
  const json = JSON.parse((await lab(["trace", save("accecn.pcap", frames), "--json", "--filter", "client=10.0.0.2:40003"])).stdout);
  const segs = (json.tcp[0].segments as Array<{ flags: number; flagsText: string }>).map((s) => [s.flags, s.flagsText]);
  expect(segs).toEqual([[0x1c2, "SEWe"], [0x112, "S.e"], [0x950, ".Ee"]]);
});
