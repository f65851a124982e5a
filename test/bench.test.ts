// `lab bench` as a user runs it, with tiny loads: the table, the JSON of every round, the
// SVG chart as a browser shows it, the reference rows, bad input, and Ctrl-C.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { DockerodeClient } from "../lab/docker/dockerode-client.js";
import { listLabs } from "../lab/lab/teardown.js";
import { projectRoot } from "../lab/paths.js";
import type { DesignsReport } from "../lab/bench/designs.js";
import { lab } from "./support/cli.js";
import { renderSvgInChromium } from "./support/chromium.js";
import { integration, testLab } from "./support/docker-ready.js";

const out = mkdtempSync(join(tmpdir(), "socklab-bench-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const readReport = (dir: string): DesignsReport => JSON.parse(readFileSync(join(dir, "designs.json"), "utf8")) as DesignsReport;
const labsLeft = async (prefix: string) => (await listLabs(new DockerodeClient())).filter((l) => l.startsWith(prefix));

test("an unknown design lists the valid ones (exit 2, nothing started)", async () => {
  const r = await lab(["bench", "designs", "--designs", "epoll,frok"], { env: { DOCKER_HOST: "unix:///nonexistent.sock" } });
  expect(r.code).toBe(2);
  expect(r.stderr.trim()).toBe(
    "lab: --designs: unknown design 'frok': choose from iterative, fork, prefork, prefork-lock-fcntl, prefork-lock, " +
      "prefork-passfd, thread, prethread-lock, prethread-queue, select, poll, epoll, epoll-et, limit, nginx",
  );
  const s = await lab(["bench", "scaling", "--designs", "limit"], { env: { DOCKER_HOST: "unix:///nonexistent.sock" } });
  expect(s.code).toBe(2);
  expect(s.stderr).toMatch(/^lab: --designs: unknown design 'limit': choose from iterative, .*, epoll-et\n$/);
  const idle = await lab(["bench", "scaling", "--idle", "0,lots"], { env: { DOCKER_HOST: "unix:///nonexistent.sock" } });
  expect(idle.code).toBe(2);
  expect(idle.stderr).toBe("lab: --idle: 'lots' is not a whole number from 0 to 20000\n");
});

integration("lab bench designs", () => {
  test("two designs, a tiny load: the table, every round in the JSON, the chart in Chromium, no lab left", async () => {
    const prefix = testLab("bd-");
    const dir = join(out, "designs");
    const r = await lab(["bench", "designs", "--designs", "iterative,prefork", "-c", "15", "-t", "2", "-w", "3", "--rounds", "2", "--out", dir, "--lab-prefix", prefix]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    // a progress line per design and round, counting down; the rounds take turns, each
    // round starting with another design
    const steps = r.stderr.split("\n").filter((l) => l.startsWith("bench: ["));
    expect(steps.map((l) => l.replace(/ \(.*/, ""))).toEqual([
      "bench: [1/4] iterative: round 1 of 2",
      "bench: [2/4] prefork: round 1 of 2",
      "bench: [3/4] prefork: round 2 of 2",
      "bench: [4/4] iterative: round 2 of 2",
    ]);
    expect(steps[3]).toMatch(/\(0 to go, \d+ s so far\)$/);
    const rows = r.stdout.split("\n").filter((l) => /^\| (iterative|prefork) \|/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^\| iterative \| serv00 \| \d+/);
    expect(rows[0]).toMatch(/\| 60 total \|$/); // 2 rounds x 2 children x 15 connections, by the server's own count
    // prefork's three workers shared the 60 connections: the server's per-worker counts add up
    const report = readReport(dir);
    expect(report.complete).toBe(true);
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.docker).toMatch(/^\d+\./);
    const prefork = report.designs.find((d) => d.name === "prefork");
    expect(prefork?.command).toEqual(["prefork-server", "-P", "1234", "-t", "3"]);
    expect(prefork?.report?.workers).toHaveLength(3);
    expect(prefork?.report?.workers?.reduce((a, b) => a + b, 0)).toBe(60);
    for (const d of report.designs) {
      expect(d.rounds).toHaveLength(2);
      for (const round of d.rounds) {
        expect(round.client).toMatchObject({ ok: 30, failed: 0, bytes: 30 * 4000 });
        // reply latency: from the request written to the last byte of its reply, at least the connect's share
        expect(round.client.replyP50Ms).toBeGreaterThan(0);
        expect(round.client.replyP99Ms).toBeGreaterThanOrEqual(round.client.replyP50Ms);
        expect(round.usage.cpuS).toBeGreaterThan(0);
        expect(round.usage.memoryPeakBytes).toBeGreaterThan(0);
      }
    }
    expect(readFileSync(join(dir, "designs.md"), "utf8")).toContain(rows[0]);
    // the chart, as a browser draws it: both designs named, bars in colour
    const svg = await renderSvgInChromium(join(dir, "designs.svg"));
    expect(svg.width).toBeGreaterThan(300);
    expect(svg.texts).toEqual(expect.arrayContaining(["iterative", "prefork"]));
    expect(svg.inkedPixels).toBeGreaterThan(2000);
    expect(svg.colours).toBeGreaterThanOrEqual(3); // user, system, conn/s bars
    expect(await labsLeft(prefix)).toEqual([]);
  });

  test("the reference rows: limit and nginx answer client_test, each with its protocol difference noted", async () => {
    const prefix = testLab("br-");
    const dir = join(out, "references");
    const r = await lab(["bench", "designs", "--designs", "limit,nginx", "-c", "10", "-t", "2", "--rounds", "1", "--out", dir, "--lab-prefix", prefix]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\| \*limit\* \| reference: accept, one read, one write, close \| \d+/m);
    expect(r.stdout).toMatch(/^\| \*nginx\* \| reference: nginx stream module, 1 worker \| \d+/m);
    expect(r.stdout).toContain("- *limit*: one request per connection, server closes first.");
    expect(r.stdout).toContain("- *nginx*: fixed reply of n bytes sent on accept without reading the request; server closes first.");
    const report = readReport(dir);
    for (const d of report.designs) expect(d.rounds[0]?.client).toMatchObject({ ok: 20, failed: 0, bytes: 20 * 4000 });
    expect(report.designs.find((d) => d.name === "limit")?.report?.handled).toBe(20);
    expect(await labsLeft(prefix)).toEqual([]);
  });

  test("Ctrl-C removes the lab it started and keeps the rounds measured (exit 130)", async () => {
    const prefix = testLab("bi-");
    const dir = join(out, "interrupted");
    const child = spawn(
      process.execPath,
      [join(projectRoot(), "dist/cli/main.js"), "bench", "designs", "--designs", "epoll,poll", "-c", "200", "-t", "2", "--rounds", "20", "--out", dir, "--lab-prefix", prefix],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    let stdout = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    const interrupted = new Promise<void>((resolve) => {
      child.stderr.on("data", (b: Buffer) => {
        stderr += b.toString();
        if (/epoll: round 3 of 20/.test(stderr)) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    await Promise.race([interrupted, exited]);
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/interrupted: [2-9]\d* round\(s\) kept in /);
    expect(await labsLeft(prefix)).toEqual([]);
    const report = readReport(dir);
    expect(report.complete).toBe(false);
    // the rounds took turns: both designs measured, each at least twice
    expect(report.designs.map((d) => d.name)).toEqual(["epoll", "poll"]);
    expect(report.designs[0]?.rounds.length).toBeGreaterThanOrEqual(2);
    expect(report.designs[1]?.rounds.length).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(dir, "designs.svg"))).toBe(true);
    expect(stdout).toMatch(/^\| epoll \|/m); // the table of what was measured
    expect(stdout).toMatch(/^\| poll \|/m);
  });
});
