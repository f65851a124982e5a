// Decode throughput of lab/pcap against `tshark -T fields` on the same generated file.
//   node --import tsx bench/pcap-decode.ts [sizeMB=100] [file]
// Generates a TCP bulk-transfer-like Ethernet pcap (60% pure ACKs with SACK/TS options,
// 40% 1448-byte segments, some UDP), then times both decoders side by side.
import { spawnSync } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ipv4, tcp, udp } from "../lab/pcap/testing/datagram-builder.js";
import { ethernet } from "../lab/pcap/testing/frame-builder.js";
import { LinkType } from "../lab/pcap/link-type.js";
import { TcpFlag, type DecodedPacket } from "../lab/pcap/packet.js";
import { writePcap, type Frame } from "../lab/pcap/testing/pcap-writer.js";
import { readPacketBatches, readPackets } from "../lab/pcap/reader.js";
import { findTshark, ORACLE_FIELDS, tsharkArgs } from "../lab/pcap/testing/tshark-oracle.js";

const sizeMb = Number(process.argv[2] ?? 100);
const file = process.argv[3] ?? join(tmpdir(), `pcap-bench-${sizeMb}mb.pcap`);

function* frames(targetBytes: number): Generator<Frame> {
  let bytes = 24;
  let seq = 1000;
  for (let i = 0; bytes < targetBytes; i++) {
    const client = `10.0.${(i >> 8) & 15}.${(i & 255) | 1}`;
    const kind = i % 10;
    const payload =
      kind < 6
        ? tcp({ srcPort: 9877, dstPort: 40000 + (i & 1023), seq: 1, ack: seq, flags: TcpFlag.ACK, window: 501,
            options: { timestamp: { value: i, echo: i - 1 }, sack: kind === 0 ? [[seq + 2896, seq + 4344]] : undefined } })
        : kind < 9
          ? tcp({ srcPort: 40000 + (i & 1023), dstPort: 9877, seq: (seq += 1448), ack: 1, flags: TcpFlag.ACK | TcpFlag.PSH, payload: 1448 })
          : udp({ srcPort: 5353, dstPort: 40000 + (i & 1023), payload: 200 });
    const data = ethernet(ipv4({ src: client, dst: "10.1.0.1", payload }));
    bytes += 16 + data.length;
    yield { timestampNs: 1_700_000_000_000_000_000n + BigInt(i) * 12_345n, data };
  }
}

function generate(): void {
  const started = performance.now();
  writeFileSync(file, writePcap(frames(sizeMb * 1024 * 1024), { linkType: LinkType.ETHERNET }));
  console.log(`generated ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function ours(batches: boolean): Promise<{ seconds: number; packets: number }> {
  const started = performance.now();
  let packets = 0;
  let check = 0;
  const count = (p: DecodedPacket) => {
    packets++;
    const t = p.ip?.transport;
    if (t?.kind === "tcp") check += t.payloadLength;
  };
  if (batches) for await (const batch of readPacketBatches(file)) batch.forEach(count);
  else for await (const p of readPackets(file)) count(p);
  if (check < 0) console.log(check);
  return { seconds: (performance.now() - started) / 1000, packets };
}

/** The fields the flow analysis needs (what the brief benchmarks against). */
const CORE_FIELDS = ["frame.time_epoch", "ip.src", "ip.dst", "tcp.srcport", "tcp.dstport", "tcp.flags",
  "tcp.seq_raw", "tcp.ack_raw", "tcp.window_size_value", "tcp.len"];

function theirs(tshark: string, args: string[]): { seconds: number; packets: number } {
  const started = performance.now();
  const out = spawnSync(tshark, args, { maxBuffer: 1 << 30, encoding: "utf8" });
  if (out.status !== 0) throw new Error(`tshark failed: ${out.stderr}`);
  return { seconds: (performance.now() - started) / 1000, packets: out.stdout.split("\n").length - 1 };
}

function report(name: string, r: { seconds: number; packets: number }): void {
  const mb = statSync(file).size / 1e6;
  console.log(`${name.padEnd(28)} ${r.packets} packets in ${r.seconds.toFixed(2)} s: ${(r.packets / r.seconds / 1e3).toFixed(0)} kpkt/s, ${(mb / r.seconds).toFixed(0)} MB/s`);
}

generate();
await ours(true); // warm up the JIT and the page cache, as tshark's second run would be
const perPacket = await ours(false);
report("readPackets", perPacket);
const batched = await ours(true);
report("readPacketBatches", batched);
const tshark = findTshark();
if (tshark) {
  const core = theirs(tshark, ["-r", file, "-n", "-T", "fields", "-E", "separator=,", "-o", "tcp.relative_sequence_numbers:FALSE",
    ...CORE_FIELDS.flatMap((f) => ["-e", f])]);
  report("tshark (10 fields)", core);
  const all = theirs(tshark, tsharkArgs(file));
  report(`tshark (oracle's ${Object.keys(ORACLE_FIELDS).length} fields)`, all);
  console.log(`speedup vs tshark 10 fields: readPackets ${(core.seconds / perPacket.seconds).toFixed(1)}x, batches ${(core.seconds / batched.seconds).toFixed(1)}x`);
} else console.log("tshark not found: no comparison");
