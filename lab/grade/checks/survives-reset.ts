// Clients that reset mid-reply (they ask a large reply, half-close, read 1 KiB and close
// with SO_LINGER 0) and clients that close at once after asking: the server's writes then
// fail with EPIPE, and a server that does not ignore SIGPIPE dies of it. The capture shows
// the clients' RSTs; afterwards the same server process must serve the next client.
import type { Check } from "../check.js";
import { captureAround } from "../../testcontainers/capture.js";
import { lastLines } from "../../testcontainers/server.js";
import { client, clientEvidence, describeExit, describeRun, stillServing, withServer } from "../server-session.js";

const ROUNDS = 3;

export const survivesReset: Check = {
  id: "survives-reset",
  title: "survives clients that reset or close early",
  needs: ["builds"],
  run: (ctx) =>
    withServer(ctx, async (server) => {
      const { value: runs, trace, saved } = await captureAround(
        ctx.lab,
        server.container,
        async () => {
          const runs = [await client(ctx, ["--act", "reset", "-c", String(ROUNDS), "-w", "5"])];
          if ((await stillServing(server)).alive) runs.push(await client(ctx, ["--act", "close-early", "-c", String(ROUNDS), "-w", "5"]));
          return runs;
        },
        { outDir: ctx.checkDir, filter: `tcp port ${ctx.rubric.port}` },
      );
      const resets = trace.connections.filter((c) => c.resets.some((r) => r.by === "client")).length;
      const wire = `capture: ${trace.connections.length} connections, ${resets} reset by the client (${saved.path.split("/").pop()})`;
      const alive = await stillServing(server);
      if (!alive.alive) {
        return {
          passed: false,
          message: `the server died when clients reset or closed early (${describeExit(alive.exitCode)})`,
          evidence: [wire, ...runs.map(clientEvidence), ...(await lastLines(server.container))],
        };
      }
      const after = await client(ctx, ["-c", "1"]);
      const passed = after.exitCode === 0;
      return {
        passed,
        message: passed
          ? `${ROUNDS} clients reset mid-reply and ${ROUNDS} closed early; the same server process served the next client`
          : `after clients reset or closed early: ${describeRun(after.summary)}`,
        evidence: passed ? [wire] : [wire, clientEvidence(after)],
      };
    }),
};
