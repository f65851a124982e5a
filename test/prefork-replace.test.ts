// Prefork pools reap a child that dies and fork its replacement, with one log line, so the
// pool keeps its size and leaves no zombie.
import { expect, test } from "vitest";
import { dockerClient } from "../lab/docker/connect.js";
import { integration, labImage, testLab } from "./support/docker-ready.js";
import { eventually, labNetwork, runLoad, serverShape, startServer, terminate } from "socklab/testcontainers";

const docker = dockerClient();
const WORKERS = 4;

/** The server's children, by pid. */
async function children(id: string, binary: string): Promise<number[]> {
  const shape = await serverShape(id, binary);
  const comm = binary.slice(0, 15);
  const main = shape.rows.find((p) => p.command === comm && !shape.rows.some((q) => q.pid === p.ppid && q.command === comm))!;
  return shape.rows.filter((r) => r.pid === r.tid && r.ppid === main.pid && !r.state.startsWith("Z")).map((r) => r.pid);
}

/** "<label>: 1 2 3 4" from a server's closing lines. */
function counts(log: string, label: string): number[] {
  const m = new RegExp(`${label}:((?: \\d+)+)`).exec(log);
  if (!m) throw new Error(`no "${label}" line in:\n${log}`);
  return m[1]!.trim().split(" ").map(Number);
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const designs: Array<[string, string[]]> = [
  ["prefork", []],
  ["prefork-lock", []],
  ["prefork-lock", ["--lock", "fcntl"]],
  ["prefork-passfd", []],
];

integration("prefork pools replace dead children", () => {
  for (const [design, extra] of designs) {
    test(`${[design, ...extra].join(" ")}: 3 of ${WORKERS} children SIGKILLed are reaped and replaced`, async () => {
      const image = labImage();
      await using net = await labNetwork(testLab(`replace-${design}${extra.length ? "-fcntl" : ""}`));
      const server = await startServer(image, net.lab, design, ["-t", String(WORKERS), ...extra]);
      const binary = design === "prefork" ? "prefork-server" : `${design}-server`;
      const before = await eventually(() => children(server.getId(), binary), (c) => c.length === WORKERS);
      const killed = before.slice(0, 3);
      const k = await docker.exec(server.getId(), ["kill", "-9", ...killed.map(String)]);
      expect(k.exitCode, k.stderr).toBe(0);

      const after = await eventually(
        () => children(server.getId(), binary),
        (c) => c.length === WORKERS && killed.every((p) => !c.includes(p)),
      );
      expect(after).toHaveLength(WORKERS);
      expect(after.filter((p) => killed.includes(p))).toEqual([]);
      expect((await serverShape(server.getId(), binary)).zombies).toBe(0);
      const log = (await docker.logs(server.getId())).stderr;
      for (const pid of killed) expect(log).toMatch(new RegExp(`child ${pid} died \\(signal 9\\), replaced by pid \\d+ \\(worker \\d\\)`));

      const { summary } = await runLoad(image, net.lab, ["-c", "20", "-t", "2"]);
      expect(summary.connections_ok).toBe(40);
      const end = await terminate(server.getId());
      expect(end.exitCode).toBe(0);
      expect(sum(counts(end.stderr, "connections per worker"))).toBe(40);
    });
  }
});

// The thundering herd (children asleep in accept() or in select() on the listening socket)
// is the scenario scenarios/thundering-herd, run by test/scenarios.test.ts: it spaces the
// connections so that every child is asleep when each arrives, and counts the kernel's
// wakeups; back-to-back connections on a busy machine found the children still running.
