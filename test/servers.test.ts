// Every server design, in its own container, serves the load client in another:
// 500 connections (100 per child, 5 children), every byte verified, none failed. On
// SIGTERM it prints its CPU times and exits 0.
import { expect, test } from "vitest";
import { dockerClient } from "../lab/docker/connect.js";
import { SERVERS } from "../lab/programs/programs.js";
import { integration, labImage, testLab } from "./support/docker-ready.js";
import { labNetwork, runLoad, startServer } from "../lab/testcontainers/index.js";

integration("each server design under client_test -c 100 -t 5", () => {
  for (const server of SERVERS) {
    test(`${server.name}${server.alias ? ` (${server.alias})` : ""}`, async () => {
      const image = labImage();
      await using net = await labNetwork(testLab(`srv-${server.name}`));
      const container = await startServer(image, net.lab, server.name, server.hasWorkers ? ["-t", "4"] : []);
      const { exitCode, summary } = await runLoad(image, net.lab, ["-c", "100", "-t", "5"]);
      expect(summary.failures).toEqual({});
      expect(summary.connections_failed).toBe(0);
      expect(summary.connections_ok).toBe(500);
      expect(summary.bytes).toBe(500 * 4000);
      expect(exitCode).toBe(0);

      const docker = dockerClient();
      await docker.killContainer(container.getId(), "SIGTERM");
      expect(await docker.waitContainer(container.getId())).toBe(0);
      const { stderr } = await docker.logs(container.getId());
      expect(stderr).toMatch(/user time = [\d.e+-]+, sys time = [\d.e+-]+/);
    });
  }
});
