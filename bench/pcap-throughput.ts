// Throughput of our decoder + flow analysis against tshark, on a real lab capture.
//   npm run bench:pcap                 capture >= 100 MB of a loaded server, then measure
//   npm run bench:pcap -- FILE.pcap    measure an existing capture
// Environment: BENCH_LOAD="-c 200 -t 4 -n 100000 -r 2" (client_test arguments), BENCH_RUNS=3.
// The capture goes to ./captures/bench-pcap/ (ignored by git). Reported: MB/s of each (file
// size / wall time, median of the runs, interleaved so both see the same machine state) and
// the ratio.
import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import { startLab } from "../lab/lab/lab.js";
import { findTshark } from "../lab/pcap/testing/tshark-oracle.js";
import { analyzeFile } from "../lab/tcp/index.js";

const TSHARK_FIELDS = ["frame.time_epoch", "ip.src", "ip.dst", "tcp.srcport", "tcp.dstport", "tcp.flags",
  "tcp.seq_raw", "tcp.ack_raw", "tcp.window_size_value", "tcp.len"];
const MIN_BYTES = 100e6;
const runs = Number(process.env.BENCH_RUNS ?? 3);
const loadArgs = (process.env.BENCH_LOAD ?? "-c 200 -t 4 -n 100000 -r 2").split(/\s+/).filter(Boolean);

async function makeCapture(): Promise<string> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  await using lab = await startLab({
    name: "bench-pcap",
    topology: "server",
    variables: { SERVER_BINARY: "prefork-lock-server", SERVER_ARGS: "-t 8" },
    log,
  });
  const started = performance.now();
  const capture = await lab.capture("server");
  log(`capturing ${capture.iface} of ${lab.service("server").containerName}; load: client_test ${loadArgs.join(" ")}`);
  const load = await lab.run("load", loadArgs);
  const saved = await capture.stop();
  const secs = (performance.now() - started) / 1000;
  log(`load exit ${load.exitCode}: ${load.stdout.trim().split("\n").pop() ?? ""}`);
  log(`saved ${saved.path}: ${(saved.meta.bytes / 1e6).toFixed(1)} MB, ${saved.meta.packets} packets ` +
    `(${saved.meta.tcpdump.droppedByKernel ?? "?"} dropped by kernel) in ${secs.toFixed(1)} s`);
  if (load.exitCode !== 0) throw new Error(`client_test failed (exit ${load.exitCode}): ${load.stderr.trim()}`);
  if (saved.meta.bytes < MIN_BYTES) throw new Error(`the capture is only ${(saved.meta.bytes / 1e6).toFixed(1)} MB: raise BENCH_LOAD (-r or -n)`);
  return saved.path;
}

interface Timing {
  seconds: number;
  packets: number;
  extra: string;
}

async function ours(file: string): Promise<Timing> {
  const t0 = performance.now();
  const analysis = await analyzeFile(file);
  const seconds = (performance.now() - t0) / 1000;
  const bytes = analysis.tcp.reduce((n, c) => n + c.toClient.bytes + c.toServer.bytes, 0);
  return { seconds, packets: analysis.packetCount, extra: `${analysis.tcp.length} connections, ${(bytes / 1e6).toFixed(1)} MB of TCP payload` };
}

function tshark(bin: string, file: string): Promise<Timing> {
  const args = ["-r", file, "-T", "fields", ...TSHARK_FIELDS.flatMap((f) => ["-e", f])];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
    let lines = 0;
    let err = "";
    child.stdout.on("data", (b: Buffer) => {
      for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) lines++;
    });
    child.stderr.on("data", (b: Buffer) => (err += b.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`tshark exited ${code}: ${err.trim()}`));
      else resolve({ seconds: (performance.now() - t0) / 1000, packets: lines, extra: "" });
    });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

const file = process.argv[2] ?? (await makeCapture());
const mb = statSync(file).size / 1e6;
const bin = findTshark();
if (!bin) throw new Error("tshark not found (install it, or set $TSHARK)");
console.log(`file ${file}: ${mb.toFixed(1)} MB`);

await ours(file); // warm the JIT and the page cache before anything is timed
const mine: Timing[] = [];
const theirs: Timing[] = [];
for (let i = 0; i < runs; i++) {
  mine.push(await ours(file));
  theirs.push(await tshark(bin, file));
  const m = mine[i]!;
  const t = theirs[i]!;
  console.log(`run ${i + 1}: ours ${m.seconds.toFixed(2)} s (${(mb / m.seconds).toFixed(1)} MB/s), tshark ${t.seconds.toFixed(2)} s (${(mb / t.seconds).toFixed(1)} MB/s)`);
}
const m = median(mine.map((r) => r.seconds));
const t = median(theirs.map((r) => r.seconds));
console.log(`ours (analyzeFile: batched decode + analysis): ${mine[0]!.packets} packets, ${mine[0]!.extra}`);
console.log(`tshark -T fields (${TSHARK_FIELDS.length} fields): ${theirs[0]!.packets} lines`);
if (mine[0]!.packets !== theirs[0]!.packets) console.log("WARNING: packet counts differ");
console.log(`median of ${runs}: ours ${(mb / m).toFixed(1)} MB/s, tshark ${(mb / t).toFixed(1)} MB/s, ours/tshark ${(t / m).toFixed(2)}x`);
