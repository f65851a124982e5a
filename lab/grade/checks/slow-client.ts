// A client that sends half a request and stalls must not stop the others: while it
// stalls, other clients are served; then it completes its request and is answered too.
// A select loop that reads a whole line with blocking reads fails here.
import type { Check } from "../check.js";
import { client, clientEvidence, describeRun, withServer } from "../server-session.js";

export const slowClient: Check = {
  id: "slow-client",
  title: "a slow client does not block the others",
  needs: ["builds", "concurrent"],
  run: (ctx, p) =>
    withServer(ctx, async () => {
      const run = await client(ctx, ["--act", "slow", "-c", String(p.clients), "-w", String(p.within)]);
      const s = run.summary;
      const othersOk = s.connections_failed === 0;
      const slowOk = s.slow?.ok === true;
      const message = !othersOk
        ? `while one client stalled on half a request, the others were not served: ${describeRun(s)}`
        : !slowOk
          ? `the others were served, but the slow client's request, once complete, was not answered (${s.slow?.error})`
          : `while one client stalled on half a request, ${s.connections} others were served; then it was answered too`;
      return { passed: othersOk && slowOk, message, evidence: othersOk && slowOk ? [] : [clientEvidence(run)] };
    }),
};
