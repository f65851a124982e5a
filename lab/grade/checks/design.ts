// The design asked for, read from the process table while clients hold connections
// open: one process with one thread (iterative, select/poll/epoll), a child per
// connection, a thread per connection, or a pool of exactly N processes or threads.
import type { Check } from "../check.js";
import type { Design } from "../check-params.js";
import { eventually } from "../../testcontainers/eventually.js";
import { serverShape, type ServerShape } from "../../testcontainers/process-table.js";
import { LabContainer } from "../../testcontainers/lab-container.js";
import { removeContainer } from "../../testcontainers/server.js";
import { keepIfPassed, withServer } from "../server-session.js";

function expected(design: Design, clients: number, workers: number): { main: number; children: number[]; words: string } {
  switch (design) {
    case "single-process":
      return { main: 1, children: [], words: "one single-threaded process" };
    case "fork-per-connection":
      return { main: 1, children: Array(clients).fill(1), words: `a child process per connection (${clients})` };
    case "thread-per-connection":
      return { main: 1 + clients, children: [], words: `a thread per connection (1 + ${clients} threads)` };
    case "process-pool":
      return { main: 1, children: Array(workers).fill(1), words: `a pool of ${workers} processes` };
    case "thread-pool":
      return { main: 1 + workers, children: [], words: `a pool of ${workers} threads (1 + ${workers} threads)` };
  }
}

const seen = (s: ServerShape): string => `${s.mainThreads} thread${s.mainThreads === 1 ? "" : "s"} in the main process, ${s.childThreads.length} child process${s.childThreads.length === 1 ? "" : "es"}`;

export const design: Check = {
  id: "design",
  title: "has the design asked for",
  needs: ["builds"],
  run: (ctx, p) =>
    withServer(ctx, async (server) => {
      const want = expected(p.expect!, p.clients!, p.workers ?? 0);
      const port = String(ctx.rubric.port);
      // Held open while the process table is read; removed as soon as it has been.
      const holder = await new LabContainer(ctx.image, ctx.lab, "holder", { role: "run" })
        .withCommand(["check-client", "-p", "server", "-P", port, "--proto", ctx.rubric.protocol, "--concurrent", "-c", String(p.clients), "--hold", "30", "-w", "30"])
        .start();
      try {
        const matches = (s: ServerShape) => s.mainThreads === want.main && JSON.stringify(s.childThreads) === JSON.stringify(want.children);
        const shape = await eventually(() => serverShape(server.container), matches, 10_000);
        const passed = matches(shape);
        return {
          passed,
          message: passed ? `${want.words} with ${p.clients} clients connected` : `expected ${want.words} with ${p.clients} clients connected; saw ${seen(shape)}`,
          evidence: passed ? [] : ["ps -eLo pid,ppid,lwp,stat,comm:", ...shape.text.trimEnd().split("\n")],
        };
      } finally {
        await removeContainer(holder);
      }
    }, keepIfPassed),
};
