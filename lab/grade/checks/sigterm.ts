// SIGTERM (as `docker stop` and `lab down` send it, through init) ends the server within
// the bound.
import type { Check } from "../check.js";
import { apiDocker } from "../../testcontainers/container-ref.js";
import { eventually } from "../../testcontainers/eventually.js";
import { processTable } from "../../testcontainers/process-table.js";
import { lastLines } from "../../testcontainers/server.js";
import { describeExit, withServer } from "../server-session.js";

export const sigterm: Check = {
  id: "sigterm",
  title: "shuts down on SIGTERM",
  needs: ["builds"],
  run: (ctx, p) =>
    withServer(ctx, async (server) => {
      const docker = apiDocker();
      const id = server.container.getId();
      const sent = Date.now();
      await docker.killContainer(id, "SIGTERM");
      const info = await eventually(() => docker.inspectContainer(id), (i) => !i.running, p.within! * 1000, 50);
      if (!info.running) {
        const took = `exited ${((Date.now() - sent) / 1000).toFixed(2)} s after SIGTERM (${describeExit(info.exitCode)})`;
        return { passed: true, message: `exited within ${p.within} s of SIGTERM`, evidence: [took] };
      }
      const ps = await processTable(server.container).then((t) => t.text.trimEnd().split("\n"), () => []);
      return { passed: false, message: `still running ${p.within} s after SIGTERM`, evidence: ["ps:", ...ps, ...(await lastLines(server.container))] };
    }),
};
