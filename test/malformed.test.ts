// A malformed request closes only that connection: the server logs one line, keeps a
// well-behaved connection that is open meanwhile, and then serves client_test in full.
import { expect, test } from "vitest";
import { dockerClient } from "../lab/docker/connect.js";
import { SERVERS } from "../lab/programs/programs.js";
import { integration, labImage, testLab } from "./support/docker-ready.js";
import { LabContainer, labNetwork, runLoad, startServer, establishedOn, eventually } from "../lab/testcontainers/index.js";

// Each sends one bad request and reports how many bytes came back before the close.
const BAD_REQUESTS: Record<string, string> = {
  "not a number": "printf 'abc\\n'",
  zero: "printf '0\\n'",
  "too large": "printf '99999999\\n'",
  "1 MB line without a newline": "head -c 1048576 /dev/zero | tr '\\0' 7",
};

integration("malformed requests close only their own connection", () => {
  for (const server of SERVERS) {
    test(server.name, async () => {
      const image = labImage();
      await using net = await labNetwork(testLab(`bad-${server.name}`));
      const container = await startServer(image, net.lab, server.name, server.hasWorkers ? ["-t", "4"] : []);
      // A good connection that stays open through all of it (not for the iterative server,
      // which would serve it alone until it closes).
      const holder = server.name === "iterative" ? undefined
        : await new LabContainer(image, net.lab, "holder").withCommand(["client_test", "-p", "server", "-c", "1", "--hold", "30"]).start();
      if (holder) expect(await eventually(() => establishedOn(container.getId(), 1234), (n) => n === 1)).toBe(1);

      const script = Object.values(BAD_REQUESTS)
        .map((send) => `(${send}; sleep 1) | nc -N server 1234 | wc -c`)
        .join("; ");
      const probe = await new LabContainer(image, net.lab, "probe").withCommand(["sh", "-c", script]).start();
      const docker = dockerClient();
      expect(await docker.waitContainer(probe.getId())).toBe(0);
      const replies = (await docker.logs(probe.getId())).stdout.trim().split("\n").map(Number);
      expect(replies).toEqual([0, 0, 0, 0]); // closed without a single byte of answer

      const { stderr } = await docker.logs(container.getId());
      expect(stderr.match(/bad request/g)?.length).toBe(4);
      if (holder) expect(await establishedOn(container.getId(), 1234)).toBe(1);
      const { summary } = await runLoad(image, net.lab, ["-c", "20", "-t", "5"]);
      expect(summary.connections_failed).toBe(0);
      expect(summary.connections_ok).toBe(100);
      expect((await docker.inspectContainer(container.getId())).running).toBe(true);
    });
  }
});
