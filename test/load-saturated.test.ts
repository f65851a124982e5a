// client_test --hold against a server at its descriptor limit (issue 7, item 5): the
// connections the server never accepts wait out their timeout at the same time, not one
// after another, so the run ends about one timeout after it started (plus the hold); the
// summary counts timed-out and refused connections; a long run shows progress on stderr
// while stdout carries only the JSON line.
import { expect, test } from "vitest";
import { startLab } from "../lab/lab/lab.js";
import { integration, testLab } from "./support/docker-ready.js";
import type { LoadSummary } from "socklab/testcontainers";

function summaryOf(stdout: string): LoadSummary {
  const lines = stdout.trim().split("\n");
  expect(lines, stdout).toHaveLength(1); // progress never goes to stdout
  return JSON.parse(lines[0] ?? "") as LoadSummary;
}

integration("client_test against a saturated server", () => {
  test("nofile=32: -c 60 --hold 3 --timeout 3 ends in seconds and counts the timed-out connections", async () => {
    await using lab = await startLab({
      name: testLab("load-saturated"),
      topology: "server",
      variables: { SERVER_BINARY: "epoll-server" },
      overrides: { server: { ulimits: [{ name: "nofile", soft: 32, hard: 32 }] } },
    });
    const started = Date.now();
    const run = await lab.run("load", ["-c", "60", "-t", "1", "--hold", "3", "--timeout", "3", "--json"]);
    const wallS = (Date.now() - started) / 1000;
    // One connection after another, the ~30 unaccepted ones would take 30 x 3 s = 90 s.
    expect(wallS).toBeLessThan(25);
    const summary = summaryOf(run.stdout);
    expect(summary.elapsed_s).toBeGreaterThanOrEqual(6); // 3 s of timeout, then 3 s of hold
    expect(summary.elapsed_s).toBeLessThan(10);
    expect(summary.connections_ok + summary.connections_failed).toBe(60);
    expect(summary.connections_ok).toBeGreaterThan(0); // what the server could accept
    expect(summary.connections_ok).toBeLessThan(32);
    expect(summary.timed_out).toBe(summary.connections_failed); // queued, never accepted
    expect(summary.failures).toEqual({ TIMEOUT: summary.timed_out });
    expect(summary.refused).toBe(0);
    expect(run.exitCode).toBe(1);
    // At 5 s every connection is settled and the child holds the open ones.
    expect(run.stderr).toMatch(/client_test: all 60 connections done after 5 s \(\d+ ok, 0 refused, \d+ timed out\); holding them open/);

    // More connections than a child keeps in progress (128): the stuck ones leave the
    // window after 0.5 s, so 300 per child still cost about one timeout, not 3 x 3 s.
    const many = await lab.run("load", ["-c", "300", "-t", "2", "--hold", "1", "--timeout", "3", "--json"]);
    const m = summaryOf(many.stdout);
    expect(m.connections_ok + m.connections_failed).toBe(600);
    expect(m.timed_out).toBe(m.connections_failed);
    expect(m.timed_out).toBeGreaterThan(500);
    expect(m.elapsed_s).toBeLessThan(9); // 3 s timeout + ~1.2 s of window + 1 s hold, with margin

    // Nothing listens on 4321: every connect is refused at once, counted as refused.
    const refused = await lab.run("load", ["-P", "4321", "-c", "20", "-t", "2", "--hold", "1", "--json"]);
    const r = summaryOf(refused.stdout);
    expect(r).toMatchObject({ connections_ok: 0, connections_failed: 40, refused: 40, timed_out: 0, failures: { ECONNREFUSED: 40 } });
    expect(r.elapsed_s).toBeLessThan(3);
    expect(refused.stderr).toBe(""); // a short run prints no progress
  });
});
