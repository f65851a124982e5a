// One client, several requests on one connection, every byte of every reply verified.
import type { Check } from "../check.js";
import { client, keepIfPassed, clientEvidence, describeRun, withServer } from "../server-session.js";
import { lastLines } from "../../testcontainers/server.js";

export const servesOne: Check = {
  id: "serves-one",
  title: "serves one client correctly",
  needs: ["builds"],
  run: (ctx, p) =>
    withServer(ctx, async (server) => {
      const run = await client(ctx, ["-c", "1", "-r", String(p.requests), "-n", String(p.bytes)]);
      const passed = run.exitCode === 0 && run.summary.connections_ok === 1;
      return {
        passed,
        message: describeRun(run.summary),
        evidence: passed ? [] : [clientEvidence(run), ...(await lastLines(server.container))],
      };
    }, keepIfPassed),
};
