// Malformed and partial requests (a bad number, a line too long, half a request then EOF,
// binary bytes, a connection closed without a word) close at most their own connection:
// the server lives on and serves the next client.
import type { Check } from "../check.js";
import { client, clientEvidence, describeExit, describeRun, stillServing, withServer } from "../server-session.js";
import { lastLines } from "../../testcontainers/server.js";

export const malformed: Check = {
  id: "malformed",
  title: "survives malformed and partial requests",
  needs: ["builds"],
  run: (ctx) =>
    withServer(ctx, async (server) => {
      const bad = await client(ctx, ["--act", "bad", "-c", ctx.rubric.protocol === "load" ? "6" : "3", "-w", "5"]);
      const alive = await stillServing(server);
      if (!alive.alive) {
        return { passed: false, message: `the server died after malformed requests (${describeExit(alive.exitCode)})`, evidence: [clientEvidence(bad), ...(await lastLines(server.container))] };
      }
      const after = await client(ctx, ["-c", "1"]);
      const passed = after.exitCode === 0;
      return {
        passed,
        message: passed ? "malformed and partial requests closed only their own connections; the next client was served" : `after malformed requests: ${describeRun(after.summary)}`,
        evidence: passed ? [] : [clientEvidence(bad), clientEvidence(after)],
      };
    }),
};
