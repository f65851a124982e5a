// The demonstration servers of the process table: connection 101 to the 100-slot thread
// server is refused cleanly and a new one is served once a slot frees; the Unix domain
// echo works inside one container (the server sees the client's pid and uid); a
// descriptor accepted by one process serves a client from another.
import { expect, test } from "vitest";
import { dockerClient } from "../lab/docker/connect.js";
import { integration, labImage, testLab } from "./support/docker-ready.js";
import { establishedOn, eventually, LabContainer, labNetwork, runLoad, runProgram, serverShape, startProgram } from "socklab/testcontainers";

const docker = dockerClient();

integration("demonstration programs: slot table, Unix domain echo, descriptor passing", () => {
  test("slot-thread-server refuses connection 101 with one line and accepts again after one leaves", async () => {
    const image = labImage();
    await using net = await labNetwork(testLab("slots"));
    const server = await startProgram(image, net.lab, "server", ["slot-thread-server"]);
    const hold = (service: string, n: number) =>
      new LabContainer(image, net.lab, service).withCommand(["client_test", "-p", "server", "-c", String(n), "-r", "0", "--hold", "120"]).start();
    await hold("hold99", 99);
    const one = await hold("hold1", 1);
    expect(await eventually(() => establishedOn(server.getId(), 1234), (n) => n === 100)).toBe(100);

    const refused = await runProgram(image, net.lab, "probe", ["sh", "-c", "nc -N server 1234 </dev/null"]);
    expect(refused.stdout).toBe("busy: all 100 slots are taken\n");
    expect((await docker.logs(server.getId())).stderr).toMatch(/connection 101 from \S+ refused: all 100 slots busy/);
    expect((await serverShape(server.getId(), "slot-thread-server")).mainThreads).toBe(1 + 100);

    await one.stop({ timeout: 1 });
    expect(await eventually(() => establishedOn(server.getId(), 1234), (n) => n === 99)).toBe(99);
    const { summary } = await runLoad(image, net.lab, ["-c", "1", "-n", "100000"]);
    expect(summary).toMatchObject({ connections_ok: 1, connections_failed: 0, bytes: 100000 });
  });

  test("unix-echo-server and unix-echo-client in one container; the server logs the client's pid and uid", async () => {
    const image = labImage();
    await using net = await labNetwork(testLab("unix"));
    const server = await startProgram(image, net.lab, "server", ["unix-echo-server", "-u", "/tmp/echo.sock"]);
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i} ${"x".repeat(i * 50)}`).join("\n") + "\n";
    const r = await docker.exec(server.getId(), ["sh", "-c", `printf '%s' '${lines}' | unix-echo-client -u /tmp/echo.sock`]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe(lines);
    const log = (await docker.logs(server.getId())).stderr;
    expect(log).toMatch(/connection from pid \d+ uid 1000/);
    expect(log).toContain(`uid 1000: ${Buffer.byteLength(lines)} bytes echoed`);
    // The listening socket is a file of type socket, listed among the Unix sockets.
    const ls = await docker.exec(server.getId(), ["sh", "-c", "ls -l /tmp/echo.sock; ss -Hxl"]);
    expect(ls.stdout).toMatch(/^s.* \/tmp\/echo\.sock\n/);
    expect(ls.stdout).toMatch(/LISTEN .*\/tmp\/echo\.sock/);
  });

  test("passfd-demo: one process accepts, the other serves each client with the descriptor it was passed", async () => {
    const image = labImage();
    await using net = await labNetwork(testLab("passfd"));
    const server = await startProgram(image, net.lab, "server", ["passfd-demo"]);
    const { summary } = await runLoad(image, net.lab, ["-c", "5", "-r", "3"]);
    expect(summary).toMatchObject({ connections_ok: 5, requests: 15 });

    const log = (await docker.logs(server.getId())).stderr;
    const accepted = [...log.matchAll(/pid (\d+) accepted (\S+), passing descriptor \d+ to pid (\d+)/g)];
    const received = [...log.matchAll(/pid (\d+) received descriptor \d+ for (\S+) over the socketpair, serving it/g)];
    const served = [...log.matchAll(/pid (\d+) served (\S+) with the passed descriptor and closed it/g)];
    expect([accepted.length, received.length, served.length]).toEqual([5, 5, 5]);
    const acceptor = accepted[0]![1];
    const server2 = accepted[0]![3];
    expect(acceptor).not.toBe(server2);
    for (const m of accepted) expect([m[1], m[3]]).toEqual([acceptor, server2]);
    for (const m of [...received, ...served]) expect(m[1]).toBe(server2);
    // every client the parent accepted was served by the child
    expect(served.map((m) => m[2]).sort()).toEqual(accepted.map((m) => m[2]).sort());
    expect((await serverShape(server.getId(), "passfd-demo")).childThreads).toEqual([1]);
  });
});
