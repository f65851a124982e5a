// While connections are held open, each design looks in the process table the way UNP
// describes it: fork has a child per live connection, prefork exactly N children, thread
// a thread per live connection, prethread exactly N workers, the multiplexers one
// process with one thread.
import { expect, test } from "vitest";
import { findServer } from "../lab/programs/programs.js";
import { integration, labImage, testLab } from "./support/docker-ready.js";
import { LabContainer, labNetwork, startServer, establishedOn, eventually, serverShape, type ServerShape } from "../lab/testcontainers/index.js";

const LIVE = 5; // connections held open
const WORKERS = 3;

const expected: Record<string, (s: ServerShape) => void> = {
  iterative: (s) => expect([s.mainThreads, s.childThreads]).toEqual([1, []]),
  fork: (s) => expect([s.mainThreads, s.childThreads]).toEqual([1, Array(LIVE).fill(1)]),
  prefork: (s) => expect([s.mainThreads, s.childThreads]).toEqual([1, Array(WORKERS).fill(1)]),
  "prefork-lock": (s) => expect([s.mainThreads, s.childThreads]).toEqual([1, Array(WORKERS).fill(1)]),
  "prefork-passfd": (s) => expect([s.mainThreads, s.childThreads]).toEqual([1, Array(WORKERS).fill(1)]),
  thread: (s) => expect([s.mainThreads, s.childThreads]).toEqual([1 + LIVE, []]),
  "prethread-lock": (s) => expect([s.mainThreads, s.childThreads]).toEqual([1 + WORKERS, []]),
  "prethread-queue": (s) => expect([s.mainThreads, s.childThreads]).toEqual([1 + WORKERS, []]),
  select: (s) => expect([s.mainThreads, s.childThreads]).toEqual([1, []]),
  poll: (s) => expect([s.mainThreads, s.childThreads]).toEqual([1, []]),
  epoll: (s) => expect([s.mainThreads, s.childThreads]).toEqual([1, []]),
};

integration(`process table with ${LIVE} connections held open`, () => {
  for (const [design, check] of Object.entries(expected)) {
    test(design, async () => {
      const image = labImage();
      const server = findServer(design)!;
      await using net = await labNetwork(testLab(`ps-${design}`));
      const container = await startServer(image, net.lab, design, server.hasWorkers ? ["-t", String(WORKERS)] : []);
      // Connect only (-r 0): the iterative server would serve one connection at a time.
      const holder = await new LabContainer(image, net.lab, "load")
        .withCommand(["client_test", "-p", "server", "-c", String(LIVE), "-r", "0", "--hold", "20"])
        .start();
      const live = await eventually(() => establishedOn(container.getId(), 1234), (n) => n === LIVE);
      expect(live).toBe(LIVE);
      // fork and thread create their worker after accept: give them a moment to appear.
      const shape = await eventually(
        () => serverShape(container.getId(), server.binary),
        (s) => { try { check(s); return true; } catch { return false; } },
      );
      check(shape);
      expect(shape.zombies).toBe(0);
      await holder.stop({ timeout: 1 });

      // Once the clients are gone, per-connection workers are gone too, and reaped.
      const after = await eventually(
        () => serverShape(container.getId(), server.binary),
        (s) => s.zombies === 0 && (design !== "fork" || s.childThreads.length === 0) && (design !== "thread" || s.mainThreads === 1),
      );
      expect(after.zombies).toBe(0);
      if (design === "fork") expect(after.childThreads).toEqual([]);
      if (design === "thread") expect(after.mainThreads).toBe(1);
    });
  }
});
