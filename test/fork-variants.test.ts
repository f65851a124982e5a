// fork-server's SIGCHLD variants in the process table: after 20 clients come and go the
// server that does not handle SIGCHLD leaves 20 zombies, SIG_IGN, the handler and the
// reaper thread none; the naive server whose accept() is not restarted dies of EINTR when
// its first child ends; the double-fork server's grandchildren belong to init.
import { expect, test } from "vitest";
import { dockerClient } from "../lab/docker/connect.js";
import { integration, labImage, testLab } from "./support/docker-ready.js";
import { establishedOn, eventually, LabContainer, labNetwork, runLoad, serverShape, startProgram, terminate } from "socklab/testcontainers";

const CLIENTS = 20;
const docker = dockerClient();

const expectedZombies: Record<string, number> = { none: CLIENTS, ignore: 0, handler: 0, "reaper-thread": 0 };

integration("fork-server SIGCHLD variants and the double-fork server", () => {
  for (const [how, zombies] of Object.entries(expectedZombies)) {
    test(`--sigchld ${how}: ${zombies} zombies after ${CLIENTS} clients`, async () => {
      const image = labImage();
      await using net = await labNetwork(testLab(`sigchld-${how}`));
      const server = await startProgram(image, net.lab, "server", ["fork-server", "--sigchld", how]);
      const { summary } = await runLoad(image, net.lab, ["-c", String(CLIENTS / 2), "-t", "2"]);
      expect(summary.connections_ok).toBe(CLIENTS);

      const shape = await eventually(() => serverShape(server.getId(), "fork-server"), (s) => s.zombies === zombies && s.childThreads.length === zombies);
      expect(shape.zombies).toBe(zombies);
      // The zombies are the server's own children, nothing else is left of them.
      expect(shape.childThreads).toHaveLength(zombies);
      expect(shape.mainThreads).toBe(how === "reaper-thread" ? 2 : 1);
      expect((await docker.inspectContainer(server.getId())).running).toBe(true);
      const end = await terminate(server.getId());
      expect(end.exitCode).toBe(0);
      const reaped = Number(/children reaped while running: (\d+)/.exec(end.stderr)?.[1]);
      expect(reaped).toBe(how === "handler" || how === "reaper-thread" ? CLIENTS : 0);
    });
  }

  test("--no-restart: the first child's SIGCHLD interrupts accept() and the naive server exits", async () => {
    const image = labImage();
    await using net = await labNetwork(testLab("eintr"));
    const naive = await startProgram(image, net.lab, "server", ["fork-server", "--no-restart"]);
    const { summary } = await runLoad(image, net.lab, ["-c", "1"]);
    expect(summary.connections_ok).toBe(1);
    expect(await docker.waitContainer(naive.getId())).toBe(1);
    expect((await docker.logs(naive.getId())).stderr).toMatch(/fork-server: accept: Interrupted system call/);
    await naive.stop({ timeout: 1 });

    // The same handler without --no-restart restarts accept() and serves everybody.
    const fixed = await startProgram(image, net.lab, "server", ["fork-server"]);
    const again = await runLoad(image, net.lab, ["-c", String(CLIENTS / 2), "-t", "2"]);
    expect(again.summary.connections_ok).toBe(CLIENTS);
    expect((await docker.inspectContainer(fixed.getId())).running).toBe(true);
  });

  test("double-fork-server: grandchildren serve as children of init, no zombie, no reaping code", async () => {
    const image = labImage();
    await using net = await labNetwork(testLab("double-fork"));
    const server = await startProgram(image, net.lab, "server", ["double-fork-server"]);
    const holder = await new LabContainer(image, net.lab, "load")
      .withCommand(["client_test", "-p", "server", "-c", "3", "-r", "1", "--hold", "20"])
      .start();
    expect(await eventually(() => establishedOn(server.getId(), 1234), (n) => n === 3)).toBe(3);
    const shape = await eventually(
      () => serverShape(server.getId(), "double-fork-server"),
      (s) => s.rows.filter((r) => r.command === "double-fork-ser" && r.ppid === 1).length === 4,
    );
    // PID 1 (docker-init) is the parent of the server and of the three grandchildren;
    // no process has the server as its parent.
    expect(shape.rows.filter((r) => r.command === "double-fork-ser" && r.ppid === 1)).toHaveLength(4);
    expect(shape.rows.filter((r) => shape.rows.some((q) => q.pid === r.ppid && q.command === "double-fork-ser"))).toEqual([]);
    expect(shape.zombies).toBe(0);

    await holder.stop({ timeout: 1 });
    const after = await eventually(
      () => serverShape(server.getId(), "double-fork-server"),
      (s) => s.rows.filter((r) => r.command === "double-fork-ser").length === 1,
    );
    expect(after.rows.filter((r) => r.command === "double-fork-ser")).toHaveLength(1);
    expect(after.zombies).toBe(0);
    const { summary } = await runLoad(image, net.lab, ["-c", "10", "-t", "2"]);
    expect(summary.connections_ok).toBe(20);
  });
});
