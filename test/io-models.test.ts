// Two I/O models of UNP 6.2 serving the load protocol: the non-blocking server never
// sleeps (its EAGAIN count grows while no client is there, and ps shows it running); the
// signal-driven server sleeps until SIGIO. Both answer client_test with every byte right.
import { expect, test } from "vitest";
import { dockerClient } from "../lab/docker/connect.js";
import { integration, labImage, testLab } from "./support/docker-ready.js";
import { eventually, labNetwork, runLoad, serverShape, startProgram, terminate } from "socklab/testcontainers";

const docker = dockerClient();
const EAGAIN_LINE = /EAGAIN: (\d+) \(accept (\d+), read (\d+), write (\d+)\) in (\d+) polling passes/g;

async function eagainReports(id: string): Promise<number[][]> {
  const log = (await docker.logs(id)).stderr;
  return [...log.matchAll(EAGAIN_LINE)].map((m) => m.slice(1).map(Number));
}

const mainState = async (id: string, binary: string) => {
  const shape = await serverShape(id, binary);
  return shape.rows.find((r) => r.command === binary.slice(0, 15))!.state;
};

integration("I/O models: non-blocking busy polling and signal-driven I/O", () => {
  test("nonblock-server: EAGAIN grows while idle (SIGUSR1 prints it), then serves every byte", async () => {
    const image = labImage();
    await using net = await labNetwork(testLab("nonblock"));
    const server = await startProgram(image, net.lab, "server", ["nonblock-server"]);
    await docker.killContainer(server.getId(), "SIGUSR1"); // docker-init passes it on
    const first = (await eventually(() => eagainReports(server.getId()), (r) => r.length === 1))[0]!;
    await new Promise((r) => setTimeout(r, 1000));
    await docker.killContainer(server.getId(), "SIGUSR1");
    const second = (await eventually(() => eagainReports(server.getId()), (r) => r.length === 2))[1]!;
    // No client yet: every EAGAIN came from accept(), once per pass, and there are more of them.
    expect(first[1]).toBe(first[0]);
    expect(second[1]).toBe(second[0]);
    expect(second[0]).toBeGreaterThan(first[0]! + 1000);
    expect(await mainState(server.getId(), "nonblock-server")).toMatch(/^R/); // never sleeps

    const { summary } = await runLoad(image, net.lab, ["-c", "10", "-t", "2", "-n", "1000000", "-r", "2"]);
    expect(summary).toMatchObject({ connections_ok: 20, connections_failed: 0, bytes: 40_000_000 });
    const end = await terminate(server.getId());
    expect(end.exitCode).toBe(0);
    const last = (await eagainReports(server.getId())).at(-1)!;
    expect(last[0]).toBeGreaterThan(second[0]!);
    expect(end.stderr).toMatch(/connections handled: 20/);
  });

  test("sigio-server: sleeps until SIGIO, then serves every byte", async () => {
    const image = labImage();
    await using net = await labNetwork(testLab("sigio"));
    const server = await startProgram(image, net.lab, "server", ["sigio-server"]);
    expect(await mainState(server.getId(), "sigio-server")).toMatch(/^S/); // asleep in sigsuspend

    const { summary } = await runLoad(image, net.lab, ["-c", "10", "-t", "2", "-n", "1000000", "-r", "2"]);
    expect(summary).toMatchObject({ connections_ok: 20, connections_failed: 0, bytes: 40_000_000 });
    expect(await eventually(() => mainState(server.getId(), "sigio-server"), (s) => s.startsWith("S"))).toMatch(/^S/);
    const end = await terminate(server.getId());
    expect(end.exitCode).toBe(0);
    const m = /SIGIO signals: (\d+), wakeups: (\d+)/.exec(end.stderr);
    expect(Number(m?.[1])).toBeGreaterThan(0);
    expect(Number(m?.[2])).toBeGreaterThan(0);
    expect(end.stderr).toMatch(/connections handled: 20/);
  });
});
