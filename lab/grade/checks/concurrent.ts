// N clients at once: all connected, each sends its request before any reply is awaited,
// and every one is answered within the bound. An iterative server answers only the first.
import type { Check } from "../check.js";
import { client, clientBoundMs, keepIfPassed, clientEvidence, describeRun, withServer } from "../server-session.js";

export const concurrent: Check = {
  id: "concurrent",
  title: "serves clients at once",
  needs: ["builds"],
  run: (ctx, p) =>
    withServer(ctx, async () => {
      const run = await client(ctx, ["--concurrent", "-c", String(p.clients), "-w", String(p.within)], clientBoundMs(p.clients!));
      const passed = run.exitCode === 0 && run.summary.connections_ok === p.clients;
      return {
        passed,
        message: passed ? `${p.clients} connections open at once, each answered` : `${describeRun(run.summary)}, with ${p.clients} open at once`,
        evidence: passed ? [] : [clientEvidence(run)],
      };
    }, keepIfPassed),
};
