// probe-client and probe-server, each in its own lab container as the wire scenarios run
// them: every system call is one JSON line, and what the kernel does shows in those lines
// and in the exit status (ECONNREFUSED, SIGPIPE's 141, EPIPE, ECONNRESET after an abortive
// close or unread data, a half-close read in full, UDP's ICMP error seen only when connected).
import { Wait, type StartedTestContainer } from "testcontainers";
import { expect, test } from "vitest";
import { dockerClient } from "../lab/docker/connect.js";
import { integration, labImage, testLab } from "./support/docker-ready.js";
import { LabContainer, labNetwork } from "socklab/testcontainers";

interface CallLine {
  t_ms: number;
  conn: number;
  call: string;
  arg: number | string | null;
  ret: number;
  errno: string | null;
}
interface ExitLine {
  t_ms: number;
  exit: number;
}
interface ProbeRun {
  exitCode: number;
  calls: CallLine[];
  exit?: ExitLine; // absent when a signal killed the program
  stderr: string;
}

const docker = dockerClient();

function parse(exitCode: number, stdout: string, stderr: string): ProbeRun {
  const lines = stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as CallLine | ExitLine);
  const calls = lines.filter((l): l is CallLine => "call" in l);
  const exit = lines.find((l): l is ExitLine => "exit" in l);
  return { exitCode, calls, exit, stderr };
}

/** The calls named `call`, in order. */
const named = (run: ProbeRun, call: string) => run.calls.filter((c) => c.call === call);

function startProbeServer(lab: string, args: string[]): Promise<StartedTestContainer> {
  return new LabContainer(labImage(), lab, "server")
    .withCommand(["probe-server", ...args])
    .withWaitStrategy(Wait.forLogMessage(/listening on port/))
    .withStartupTimeout(30_000)
    .start();
}

/** Waits for a probe's container to end; its lines and exit status. */
async function finished(id: string): Promise<ProbeRun> {
  const exitCode = await docker.waitContainer(id);
  const { stdout, stderr } = await docker.logs(id);
  return parse(exitCode, stdout, stderr);
}

/** SIGTERM to the server: it prints its exit line and exits 0. */
async function stopProbeServer(server: StartedTestContainer): Promise<ProbeRun> {
  await docker.killContainer(server.getId(), "SIGTERM");
  return finished(server.getId());
}

/** Runs probe-client to its end in the lab. */
async function runProbeClient(lab: string, args: string[]): Promise<ProbeRun> {
  const container = await new LabContainer(labImage(), lab, "client").withCommand(["probe-client", ...args]).start();
  const run = await finished(container.getId());
  await docker.removeContainer(container.getId());
  return run;
}

integration("probe-client and probe-server in lab containers", () => {
  test("connect to a port with no listener: one ECONNREFUSED line, exit 0", async () => {
    await using net = await labNetwork(testLab("probe-refused"));
    await startProbeServer(net.lab, ["--no-accept"]); // gives the name "server"; nothing on 4321
    const client = await runProbeClient(net.lab, ["-P", "4321", "connect"]);
    expect(client.calls).toEqual([expect.objectContaining({ conn: 0, call: "connect", arg: null, ret: -1, errno: "ECONNREFUSED" })]);
    expect(client.exit?.exit).toBe(0);
    expect(client.exitCode).toBe(0);
    const failed = await runProbeClient(net.lab, ["-P", "4321", "connect!", "write:5"]);
    expect(failed.calls.map((c) => c.call)).toEqual(["connect"]); // "!" stops the script
    expect(failed.exitCode).toBe(1);
  });

  test("sigpipe: the first write succeeds, the second kills the client (141); ignored, it fails EPIPE", async () => {
    await using net = await labNetwork(testLab("probe-sigpipe"));
    const server = await startProbeServer(net.lab, ["close"]);
    const script = ["connect", "sleep:200", "write:5", "sleep:200", "write:5"];

    const killed = await runProbeClient(net.lab, script);
    expect(killed.exitCode).toBe(141); // 128 + SIGPIPE, under the container's init
    expect(killed.exit).toBeUndefined();
    expect(named(killed, "write")).toEqual([expect.objectContaining({ arg: 5, ret: 5, errno: null })]);

    const ignored = await runProbeClient(net.lab, ["--ignore-sigpipe", ...script]);
    expect(ignored.calls[0]).toMatchObject({ call: "signal", arg: "SIGPIPE", ret: 0 });
    expect(named(ignored, "write")).toEqual([
      expect.objectContaining({ ret: 5, errno: null }),
      expect.objectContaining({ ret: -1, errno: "EPIPE" }),
    ]);
    expect(ignored.exit?.exit).toBe(0);
    expect(ignored.exitCode).toBe(0);

    const stopped = await stopProbeServer(server);
    expect(stopped.exitCode).toBe(0);
    expect(stopped.exit?.exit).toBe(0);
    expect(named(stopped, "accept").map((c) => c.conn)).toEqual([1, 2]);
    expect(named(stopped, "close")).toHaveLength(2);
  });

  test("linger-abort: SO_LINGER {1,0} then close, and the server's readall ends with ECONNRESET", async () => {
    await using net = await labNetwork(testLab("probe-linger"));
    const server = await startProbeServer(net.lab, ["--max-conns", "1", "readall"]);
    const client = await runProbeClient(net.lab, ["--linger0", "connect", "write:10", "close"]);
    expect(client.calls[0]).toMatchObject({ call: "setsockopt", arg: "SO_LINGER", ret: 0 });
    expect(named(client, "close")).toEqual([expect.objectContaining({ ret: 0, errno: null })]);
    const done = await finished(server.getId());
    const [readall] = named(done, "readall");
    expect(readall).toMatchObject({ conn: 1, errno: "ECONNRESET" });
    expect(readall?.ret).toBeLessThanOrEqual(10);
    expect(done.exit?.exit).toBe(0); // --max-conns 1
  });

  test("half-close: after shutdown(SHUT_WR) the client still reads all 4000 bytes, then EOF", async () => {
    await using net = await labNetwork(testLab("probe-half"));
    const server = await startProbeServer(net.lab, ["readall", "write:4000", "close"]);
    const client = await runProbeClient(net.lab, ["connect", "write:10", "shutdown-wr", "readall"]);
    expect(client.calls.map((c) => [c.call, c.ret, c.errno])).toEqual([
      ["connect", 0, null],
      ["write", 10, null],
      ["shutdown", 0, null],
      ["readall", 4000, null],
    ]);
    const stopped = await stopProbeServer(server);
    expect(named(stopped, "readall")).toEqual([expect.objectContaining({ conn: 1, ret: 10, errno: null })]);
    expect(named(stopped, "write")).toEqual([expect.objectContaining({ arg: 4000, ret: 4000 })]);
  });

  test("rst-unread: the server closes with unread data, and the client's read gets ECONNRESET", async () => {
    await using net = await labNetwork(testLab("probe-unread"));
    const server = await startProbeServer(net.lab, ["sleep:300", "close"]);
    const client = await runProbeClient(net.lab, ["connect", "write:1000", "sleep:100", "read"]);
    expect(named(client, "write")).toEqual([expect.objectContaining({ ret: 1000 })]);
    expect(named(client, "read")).toEqual([expect.objectContaining({ arg: 65536, ret: -1, errno: "ECONNRESET" })]);
    expect(client.exitCode).toBe(0);
    const stopped = await stopProbeServer(server);
    expect(named(stopped, "close")).toEqual([expect.objectContaining({ conn: 1, ret: 0 })]);
  });

  test("UDP: unconnected recv times out (EAGAIN), connected recv gets ECONNREFUSED; echo round trip", async () => {
    await using net = await labNetwork(testLab("probe-udp"));
    const server = await startProbeServer(net.lab, ["--udp"]);

    const unconnected = await runProbeClient(net.lab, ["--udp", "-P", "4321", "--timeout-ms", "500", "send:10", "recv"]);
    expect(named(unconnected, "send")).toEqual([expect.objectContaining({ ret: 10, errno: null })]);
    const [timedOut] = named(unconnected, "recv");
    expect(timedOut).toMatchObject({ ret: -1, errno: "EAGAIN" });
    expect((timedOut?.t_ms ?? 0) - (named(unconnected, "send")[0]?.t_ms ?? 0)).toBeGreaterThanOrEqual(490);

    const connected = await runProbeClient(net.lab, ["--udp", "-P", "4321", "--timeout-ms", "2000", "connect", "send:10", "recv"]);
    expect(named(connected, "recv")).toEqual([expect.objectContaining({ ret: -1, errno: "ECONNREFUSED" })]);

    const echo = await runProbeClient(net.lab, ["--udp", "send:100", "recv"]);
    expect(named(echo, "recv")).toEqual([expect.objectContaining({ ret: 100, errno: null })]);
    const stopped = await stopProbeServer(server);
    expect(named(stopped, "recv")).toEqual([expect.objectContaining({ conn: 1, ret: 100 })]);
    expect(named(stopped, "send")).toEqual([expect.objectContaining({ conn: 1, arg: 100, ret: 100 })]);
    expect(stopped.exit?.exit).toBe(0);
  });

  test("a read with nothing to read times out with ETIMEDOUT after --timeout-ms", async () => {
    await using net = await labNetwork(testLab("probe-timeout"));
    await startProbeServer(net.lab, ["sleep:5000", "close"]);
    const client = await runProbeClient(net.lab, ["--timeout-ms", "300", "connect", "read"]);
    const [read] = named(client, "read");
    expect(read).toMatchObject({ ret: -1, errno: "ETIMEDOUT" });
    expect((read?.t_ms ?? 0) - (named(client, "connect")[0]?.t_ms ?? 0)).toBeGreaterThanOrEqual(290);
  });
});
