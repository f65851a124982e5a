// On the wire (a capture in the server's namespace during ordinary connections): every
// connection has its handshake and a graceful close, the client closes first (the
// server answers until the client is done), and nobody resets.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Check } from "../check.js";
import { gracefulClose, handshakeCompleted } from "../../assert/checks.js";
import { renderConnectionText } from "../../trace/render-text.js";
import { captureAround } from "../../testcontainers/capture.js";
import { client, keepIfPassed, clientEvidence, withServer } from "../server-session.js";

function firstProblem(conn: Parameters<typeof gracefulClose>[0]): string | undefined {
  try {
    handshakeCompleted(conn);
    gracefulClose(conn, { activeCloser: "client" });
    return undefined;
  } catch (err) {
    return (err as Error).message.split("\n").find((l) => /^\s+(missing|the |no |not )/.test(l))?.trim() ?? (err as Error).message.split("\n")[0];
  }
}

export const wire: Check = {
  id: "wire",
  title: "handshake and graceful close on the wire",
  needs: ["builds"],
  run: (ctx, p) =>
    withServer(ctx, async (server) => {
      const n = p.connections!;
      const { value: run, trace, saved } = await captureAround(ctx.lab, server.container, () => client(ctx, ["-c", String(n), "-r", "2"]), {
        outDir: ctx.checkDir,
        filter: `tcp port ${ctx.rubric.port}`,
      });
      const conns = trace.connections.filter((c) => c.server.port === ctx.rubric.port);
      const bad = conns.map((c) => ({ c, problem: firstProblem(c) })).filter((x) => x.problem !== undefined);
      const file = saved.path.split("/").pop();
      if (conns.length === n && bad.length === 0) {
        return { passed: true, message: `${n} connections: handshake, graceful close, the client closed first, no RST`, evidence: [`capture: ${file}`] };
      }
      writeFileSync(join(ctx.checkDir, "ladder.txt"), bad.map((x) => renderConnectionText(x.c, { lines: false })).join("\n\n") + "\n");
      const first = bad[0];
      const message =
        conns.length !== n
          ? `the capture shows ${conns.length} connections, not the ${n} made`
          : `${bad.length} of ${n} connections did not close gracefully with the client first: connection ${first?.c.id}: ${first?.problem}`;
      return { passed: false, message, evidence: [`capture: ${file} (ladder.txt beside it)`, clientEvidence(run), ...(first ? renderConnectionText(first.c, { lines: false }).split("\n").slice(0, 16) : [])] };
    }, keepIfPassed),
};
