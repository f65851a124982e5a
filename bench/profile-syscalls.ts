// Why a design is slower than `limit`: the system calls its server makes per connection,
// counted by strace on the host (root only; strace attached to the server's host PID, so
// its own overhead slows the run: read the counts, not the rate).
//   node --import tsx bench/profile-syscalls.ts epoll limit
import { spawn } from "node:child_process";
import { dockerClient } from "../lab/docker/connect.js";
import { BenchLab } from "../lab/bench/bench-lab.js";
import { parseRows } from "../lab/bench/plan.js";
import { loadArgs } from "../lab/programs/programs.js";

const docker = dockerClient();
const load = { connections: 500, children: 5, bytes: 4000 };
const total = load.connections * load.children;

for (const row of parseRows(process.argv.slice(2).join(",") || "epoll,limit", "designs")) {
  const bench = await BenchLab.start({ docker, name: `bench-prof-${row.name}`, row, bytes: load.bytes, log: () => {} });
  try {
    const top = await docker.top(bench.server.containerId, "-e -o pid,comm");
    const pids = top.processes.filter((p) => p[1] !== "docker-init").map((p) => p[0] as string);
    const strace = spawn("strace", ["-c", "-f", ...pids.flatMap((p) => ["-p", p])], { stdio: ["ignore", "ignore", "pipe"] });
    let report = "";
    strace.stderr.on("data", (b: Buffer) => (report += b.toString()));
    await new Promise((r) => setTimeout(r, 1000));
    const result = await bench.client.run(loadArgs(load), 300_000);
    strace.kill("SIGINT");
    await new Promise((r) => strace.on("close", r));
    process.stdout.write(`\n== ${row.name}: ${result.ok} connections ok; system calls per connection:\n`);
    for (const line of report.split("\n")) {
      const m = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)$/.exec(line);
      if (m && m[2] !== "total") process.stdout.write(`  ${m[2]}: ${(Number(m[1]) / total).toFixed(2)}\n`);
    }
  } finally {
    await bench.down();
  }
}
