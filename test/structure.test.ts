// service.structure() under a held load: each design has its shape in the process tree
// (one child per connection, N children, threads in one process, one process with one
// thread), every held connection appears exactly once in the task that serves it, and a
// zombie appears as one. The CLI draws the same (text, --json, --svg).
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { dockerClient } from "../lab/docker/connect.js";
import { networkName } from "../lab/lab/lab.js";
import { StartedService } from "../lab/lab/service.js";
import { allProcesses, mainProcess, type ProcessNode, type ServiceStructure } from "../lab/lab/structure.js";
import { findServer } from "../lab/programs/programs.js";
import { lab } from "./support/cli.js";
import { integration, labImage, testLab } from "./support/docker-ready.js";
import { eventually, LabContainer, labNetwork, startServer } from "socklab/testcontainers";

const LIVE = 5; // connections held open; pools get as many workers, so that each is served

const tcpOf = (p: ProcessNode) => p.sockets.filter((k) => k.kind === "tcp" && k.state === "ESTABLISHED");

const shapes: Record<string, (main: ProcessNode) => boolean> = {
  fork: (m) => m.threads.length === 1 && tcpOf(m).length === 0 && m.children.length === LIVE && m.children.every((c) => tcpOf(c).length === 1),
  prefork: (m) => m.children.length === LIVE && tcpOf(m).length === 0 && m.children.every((c) => tcpOf(c).length === 1 && c.sockets.some((k) => k.kind === "listen")),
  "prethread-queue": (m) => m.children.length === 0 && m.threads.length === 1 + LIVE && tcpOf(m).length === LIVE,
  epoll: (m) => m.children.length === 0 && m.threads.length === 1 && tcpOf(m).length === LIVE,
};

/** Every established connection of the service, with the pid that holds it. */
function held(s: ServiceStructure): { pid: number; peer: string }[] {
  return allProcesses(s).flatMap((p) => tcpOf(p).map((k) => ({ pid: p.pid, peer: k.peer })));
}

integration(`structure with ${LIVE} connections held open`, () => {
  for (const [design, shaped] of Object.entries(shapes)) {
    test(design, async () => {
      const image = labImage();
      const server = findServer(design)!;
      await using net = await labNetwork(testLab(`st-${design}`));
      const container = await startServer(image, net.lab, design, server.hasWorkers ? ["-t", String(LIVE)] : []);
      const service = new StartedService(dockerClient(), net.lab, "server", container.getId(), container.getName().replace(/^\//, ""), "");
      const holder = await new LabContainer(image, net.lab, "load")
        .withCommand(["client_test", "-p", "server", "-c", String(LIVE), "-r", "0", "--hold", "30"])
        .start();
      const ok = (s: ServiceStructure): boolean => {
        const main = mainProcess(s, server.binary);
        return main !== undefined && shaped(main) && held(s).length === LIVE;
      };
      const s = await eventually(() => service.structure(), ok, 20_000);
      expect(ok(s), JSON.stringify(s, null, 1)).toBe(true);
      const conns = held(s);
      expect(new Set(conns.map((c) => c.peer)).size).toBe(LIVE); // each connection exactly once
      const client = holder.getIpAddress(networkName(net.lab));
      expect(conns.map((c) => c.peer.split(":")[0])).toEqual(Array(LIVE).fill(client));
      expect(allProcesses(s).filter((p) => p.state === "Z")).toEqual([]);
      await holder.stop({ timeout: 1 });
    });
  }

  test("a zombie is shown as one, and the CLI draws the tree, JSON and SVG", async () => {
    const image = labImage();
    await using net = await labNetwork(testLab("st-zombie"));
    const container = await startServer(image, net.lab, "fork");
    const name = container.getName().replace(/^\//, "");
    const service = new StartedService(dockerClient(), net.lab, "server", container.getId(), name, "");
    // A child that exits under a parent that never calls wait(): `sleep 120` replaced the shell.
    await service.exec(["sh", "-c", "(sleep 0 & exec sleep 120) >/dev/null 2>&1 &"]);
    const s = await eventually(() => service.structure(), (x) => allProcesses(x).some((p) => p.state === "Z"));
    const zombie = allProcesses(s).find((p) => p.state === "Z")!;
    expect(zombie.name).toBe("sleep");
    expect(allProcesses(s).find((p) => p.pid === zombie.ppid)?.name).toBe("sleep");

    const text = await lab(["ps", "--tree", net.lab]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^server \\(${name}\\)$`, "m"));
    expect(text.stdout).toMatch(/fork-server S \(sleeping\)/);
    expect(text.stdout).toMatch(/fd 3 listen 0\.0\.0\.0:1234/);
    expect(text.stdout).toMatch(/\d+ sleep Z \(ZOMBIE\)/);
    const json = await lab(["ps", "--tree", net.lab, "--json"]);
    expect(json.code, json.stderr).toBe(0);
    const data = JSON.parse(json.stdout) as { lab: string; services: ServiceStructure[] };
    expect(data.lab).toBe(net.lab);
    expect(data.services.flatMap(allProcesses).filter((p) => p.state === "Z")).toHaveLength(1);
    const file = join(mkdtempSync(join(tmpdir(), "tree-svg-")), "fork.svg");
    const svg = await lab(["ps", "--tree", net.lab, "--svg", file]);
    expect(svg.code, svg.stderr).toBe(0);
    expect(readFileSync(file, "utf8")).toMatch(/<svg[\s\S]*fork-server S[\s\S]*sleep Z zombie[\s\S]*<\/svg>\n$/);
  });

  test("the tree's options go with --tree", async () => {
    const r = await lab(["ps", "--json"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});
