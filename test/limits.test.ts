// Limits and impairments from `lab up` and from the Compose file: bad values are refused
// before Docker is touched (one line, exit 2); ulimits (read from the server's own
// /proc/<pid>/limits, never from `ulimit` in an exec'd shell) and sysctls are visible in the
// server; a server with nofile=32 meets EMFILE and keeps serving; `lab up --delay` and
// `x-netem` impair from a labelled sidecar that `lab down` removes; `lab doctor` reports.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { dockerClient } from "../lab/docker/connect.js";
import { LAB_LABEL, labLabels } from "../lab/docker/labels.js";
import { showImpairment } from "../lab/impair/index.js";
import { startLab } from "../lab/lab/lab.js";
import { lab as cli } from "./support/cli.js";
import { integration, labImage, testLab } from "./support/docker-ready.js";

const docker = dockerClient();
const NO_DOCKER = { DOCKER_HOST: "unix:///nonexistent.sock" };
const dir = mkdtempSync(join(tmpdir(), "socklab-limits-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.each([
  [["up", "server3", "--delay", "100"], /^lab: --delay: '100' needs a unit \(use e\.g\. 100ms\)$/],
  [["up", "server3", "--delay", "100 ms"], /^lab: --delay: '100 ms' is not a duration/],
  [["up", "server3", "--jitter", "10ms"], /^lab: --jitter: '10ms' needs a delay too/],
  [["up", "server3", "--loss", "101%"], /^lab: --loss: '101%' is outside 0%\.\.100%$/],
  [["up", "server3", "--loss", "-5%"], /^lab: --loss: '-5%' must not be negative$/],
  [["up", "server3", "--rate", "fast"], /^lab: --rate: 'fast' is not a rate/],
  [["up", "server3", "--delay", "1ms", "--direction", "sideways"], /^lab: --direction: 'sideways' is not a direction/],
  [["up", "server3", "--ulimit", "nofile=64:32"], /^lab: --ulimit: 'nofile=64:32' has soft limit 64 above hard limit 32$/],
  [["up", "server3", "--sysctl", "net.core.nonsense=1"], /^lab: --sysctl: 'net.core.nonsense=1': net.core.nonsense is unknown or not namespaced/],
  [["up", "server3", "--rate", "1mbit", "--direction", "ingress"], /^lab: --rate: '1mbit' applies to egress only/],
  [["up", "server3", "--sysctl", "vm.swappiness=1"], /^lab: --sysctl: 'vm.swappiness=1': vm.swappiness is not namespaced/],
  [["netem", "set", "server", "--lab", "t-x", "--loss", "200%"], /^lab: --loss: '200%' is outside 0%\.\.100%$/],
  [["netem", "set", "server", "--lab", "t-x", "--jitter", "5ms"], /^lab: --jitter: '5ms' needs a delay too/],
  [["netem", "set", "server", "--lab", "t-x"], /^lab: lab netem set: give at least one of --delay/],
])("lab %j: one line, exit 2, before any Docker call", async (args, message) => {
  const r = await cli(args, { env: NO_DOCKER });
  expect(r.stderr.trim()).toMatch(message);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.code).toBe(2); // with no engine reachable, touching Docker would have exited 3
});

integration("limits and impairments from lab up and the Compose file", () => {
  test("--ulimit nofile=128:256 and --sysctl net.core.somaxconn=16 are visible inside the server; --delay impairs from a sidecar that down removes", async () => {
    const name = testLab("limits-up");
    const up = await cli(["up", "server3", "--name", name, "--ulimit", "nofile=128:256", "--sysctl", "net.core.somaxconn=16", "--delay", "20ms", "--loss", "1%"]);
    try {
      expect(up.code, up.stderr).toBe(0);
      expect(up.stdout).toMatch(/impaired: {2}server on eth\d+: egress delay 20ms \((netem|nfq-delayer)\), loss 1% \((netem|iptables statistic)\)/);
      // What up reports is the program's own limit, read back from the kernel.
      const shown = /limits: {4}nofile 128 soft, 256 hard \(\/proc\/(\d+)\/limits\)/.exec(up.stdout);
      expect(shown, up.stdout).not.toBeNull();
      const proc = await cli(["exec", "server", "--lab", name, "--", "cat", `/proc/${shown?.[1]}/limits`]);
      expect(proc.stdout).toMatch(/^Max open files +128 +256 +files/m);
      const comm = await cli(["exec", "server", "--lab", name, "--", "cat", `/proc/${shown?.[1]}/comm`]);
      expect(comm.stdout.trim()).toBe("prefork-lock-se"); // the server's parent, not a shell
      // `ulimit` through exec asks the exec'd shell; the lab says so and gives the program's.
      const ulimit = await cli(["exec", "server", "--lab", name, "--", "sh", "-c", "ulimit -Sn"]);
      expect(ulimit.code).toBe(0);
      expect(ulimit.stderr).toMatch(/^lab: note: ulimit describes the shell exec started, not the program .*the program's own: nofile 128 soft, 256 hard/m);
      const somaxconn = await cli(["exec", "server", "--lab", name, "--", "cat", "/proc/sys/net/core/somaxconn"]);
      expect(somaxconn.stdout.trim()).toBe("16");
      const [sidecar] = await docker.listContainers(labLabels(name, "server", "impair"));
      expect(sidecar).toMatchObject({ name: `${name}-server-impair`, running: true });
      const ps = await cli(["ps"]);
      expect(ps.stdout).toMatch(new RegExp(`${name}\\s+server\\s+impair\\s+${name}-server-impair\\s+running`));
      const load = await cli(["load", name, "-c", "10", "--json"]);
      expect(load.code).toBe(0); // 1% loss: TCP retransmits, every byte still verified
    } finally {
      const down = await cli(["down", name]);
      expect(down.code).toBe(0);
    }
    expect(await docker.listContainers({ [LAB_LABEL]: name })).toEqual([]);
  });

  test("a server with nofile=32 logs EMFILE on accept under 60 connections and keeps serving", async () => {
    await using lab = await startLab({
      name: testLab("limits-emfile"),
      topology: "server",
      variables: { SERVER_BINARY: "epoll-server" },
      overrides: { server: { ulimits: [{ name: "nofile", soft: 32, hard: 32 }] } },
    });
    const server = lab.service("server");
    expect((await server.limits()).nofile).toEqual({ soft: 32, hard: 32 });
    // 60 connections opened and held at once (no requests): the kernel completes every
    // handshake into the backlog; the server runs out of descriptors after ~28 accepts.
    const held = await lab.run("load", ["-c", "60", "-r", "0", "--hold", "1", "--json"]);
    expect(held.exitCode, held.stderr).toBe(0);
    expect(JSON.parse(held.stdout.trim().split("\n").pop() ?? "{}")).toMatchObject({ connections_ok: 60, connections_failed: 0 });
    const line = await server.waitForLog(/accept: Too many open files \(EMFILE\)/, 10_000);
    expect(line).toMatch(/accept: Too many open files \(EMFILE\)/);
    expect(await server.running()).toBe(true);
    const after = await lab.run("load", ["-c", "20", "--json"]);
    expect(after.exitCode, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout.trim().split("\n").pop() ?? "{}")).toMatchObject({ connections_ok: 20, connections_failed: 0 });
  });

  test("x-netem in a Compose file is applied when the lab starts", async () => {
    const file = join(dir, "impaired.yml");
    writeFileSync(
      file,
      [
        "services:",
        "  server:",
        "    image: ${SOCKLAB_IMAGE}",
        "    command: prefork-lock-server -P 1234 -t 2", // leaves its limits alone (epoll-server raises soft to hard)
        "    user: lab",
        "    ulimits: { nofile: { soft: 100, hard: 200 } }",
        "    sysctls: { net.ipv4.tcp_syncookies: 0 }",
        "    x-socklab: { ready: listening on port }",
        "    x-netem: { delay: 30ms, jitter: 5ms, loss: 2% }",
        "",
      ].join("\n"),
    );
    await using lab = await startLab({ name: testLab("limits-xnetem"), topology: file, variables: { SOCKLAB_IMAGE: labImage() } });
    const shown = await showImpairment(docker, lab.name, "server");
    expect(shown?.state.active).toBe(true);
    expect(shown?.state.egress.delay).toMatchObject({ ms: 30, jitterMs: 5 });
    expect(shown?.state.egress.loss?.percent).toBe(2);
    const server = lab.service("server");
    // The server's own limits: a shell from exec would report soft = hard on some engines.
    expect((await server.limits()).nofile).toEqual({ soft: 100, hard: 200 });
    expect((await server.limits("prefork-lock-server")).nofile).toEqual({ soft: 100, hard: 200 });
    expect((await server.exec(["cat", "/proc/sys/net/ipv4/tcp_syncookies"])).stdout.trim()).toBe("0");
  });

  test("lab doctor names the mechanism for each impairment and says whether netem is there", async () => {
    const r = await cli(["doctor"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^kernel \S+ \(engine /);
    for (const part of ["delay", "jitter", "loss", "rate"]) expect(r.stdout).toMatch(new RegExp(`^${part} +\\S`, "m"));
    const json = await cli(["doctor", "--json", "--cached"]);
    const report = JSON.parse(json.stdout) as { cached: boolean; capabilities: { netem: boolean }; verdict: string; mechanisms: Record<string, Record<string, { mechanism: string }>> };
    expect(report.cached).toBe(true);
    if (report.capabilities.netem) {
      expect(r.stdout).toMatch(/sch_netem \(tc netem\) +yes/);
      expect(report.mechanisms.delay?.egress?.mechanism).toBe("netem");
    } else {
      expect(r.stdout).toMatch(/sch_netem \(tc netem\) +missing/);
      expect(report.verdict).toMatch(/sch_netem is missing from this kernel: using the fallback \(delay\/jitter: nfq-delayer, loss: iptables statistic, rate: tbf\)/);
    }
    expect(await docker.listContainers({ [LAB_LABEL]: "socklab-doctor" })).toEqual([]);
  });
});
