// service.structure() for each of the eleven designs (and prefork-lock's fcntl variant) under
// a held load: the tree has the design's shape (one child per connection, N children, N
// threads, one process), every held connection appears exactly once, in the task that
// serves it (the process or thread blocked in read on its descriptor; for select, poll and
// epoll the one thread multiplexing them all), and `lab ps --tree --svg` draws it in a way
// headless Chromium renders with the parent, the workers, the listening socket and each client.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { dockerClient } from "../lab/docker/connect.js";
import { networkName } from "../lab/lab/lab.js";
import { StartedService } from "../lab/lab/service.js";
import { allProcesses, mainProcess, type ProcessNode, type ServiceStructure } from "../lab/lab/structure.js";
import { findServer } from "../lab/programs/programs.js";
import { renderSvgsInChromium } from "./support/chromium.js";
import { lab } from "./support/cli.js";
import { integration, labImage, testLab } from "./support/docker-ready.js";
import { eventually, LabContainer, labNetwork, startServer } from "socklab/testcontainers";

const LIVE = 5; // connections held open; pools get as many workers, so that each is served
const PARALLEL = 3; // designs at once: 2 shared cores

const tcpOf = (p: ProcessNode) => p.sockets.filter((k) => k.kind === "tcp" && k.state === "ESTABLISHED");
const listenOf = (p: ProcessNode) => p.sockets.find((k) => k.kind === "listen");
const READS = new Set(["read", "recvfrom", "recvmsg"]);

/** The tasks (tids) of the process blocked in a read on this descriptor: who serves it. */
const readersOf = (p: ProcessNode, fd: number): number[] =>
  p.threads.filter((t) => t.blocked?.fd === fd && READS.has(t.blocked.call)).map((t) => t.tid);

/** What is wrong with the shape ("" when none). */
type Shape = (main: ProcessNode) => string;

const check = (...rules: [boolean, string][]): string => rules.filter(([ok]) => !ok).map(([, why]) => why).join("; ");

/** Each connection in its own child, read by that child; the parent holds none. */
const childPerConnection: Shape = (m) => check(
  [m.children.length === LIVE, `${m.children.length} children`],
  [tcpOf(m).length === 0, "the parent holds a connection"],
  [m.children.every((c) => tcpOf(c).length === 1 && readersOf(c, tcpOf(c)[0]!.fd).length === 1), "a child does not hold and read exactly one connection"],
);

/** One process, 1 + LIVE threads, each connection read by exactly one thread other than the main one. */
const threadPerConnection: Shape = (m) => check(
  [m.children.length === 0, "children"],
  [m.threads.length === 1 + LIVE, `${m.threads.length} threads`],
  [tcpOf(m).length === LIVE, `${tcpOf(m).length} connections`],
  [tcpOf(m).every((k) => readersOf(m, k.fd).length === 1 && readersOf(m, k.fd)[0] !== m.pid), "a connection is not read by exactly one worker thread"],
);

/** One process with one thread holding every connection, blocked in the multiplexing call. */
const oneProcess = (calls: string[]): Shape => (m) => check(
  [m.children.length === 0 && m.threads.length === 1, "not one process with one thread"],
  [tcpOf(m).length === LIVE, `${tcpOf(m).length} connections`],
  [calls.includes(m.threads[0]?.blocked?.call ?? ""), `blocked in ${m.threads[0]?.blocked?.call}`],
);

interface Design {
  name: string;
  server: string;
  args: string[];
  /** Connections the server holds (the rest wait in the listening socket's backlog). */
  served: number;
  shape: Shape;
}

const pool = ["-t", String(LIVE)];
const DESIGNS: Design[] = [
  { name: "iterative", server: "iterative", args: [], served: 1, shape: (m) => check(
    [m.children.length === 0 && m.threads.length === 1, "not one process with one thread"],
    [tcpOf(m).length === 1 && readersOf(m, tcpOf(m)[0]!.fd).length === 1, "does not hold and read one connection"],
    [listenOf(m)?.backlog === LIVE - 1, `backlog ${listenOf(m)?.backlog}`],
  ) },
  { name: "fork", server: "fork", args: [], served: LIVE, shape: childPerConnection },
  { name: "prefork", server: "prefork", args: pool, served: LIVE, shape: (m) => childPerConnection(m) || check([m.children.every((c) => listenOf(c)), "a child without the listening socket"]) },
  { name: "prefork-lock", server: "prefork-lock", args: pool, served: LIVE, shape: childPerConnection },
  { name: "prefork-lock-fcntl", server: "prefork-lock", args: [...pool, "--lock", "fcntl"], served: LIVE, shape: childPerConnection },
  { name: "prefork-passfd", server: "prefork-passfd", args: pool, served: LIVE, shape: (m) => childPerConnection(m) || check(
    [m.sockets.filter((k) => k.kind === "unix" && k.socketpair).length === LIVE, "the parent has not one socketpair per child"],
    [m.children.every((c) => c.sockets.some((k) => k.kind === "unix" && k.socketpair)), "a child without its socketpair"],
  ) },
  { name: "thread", server: "thread", args: [], served: LIVE, shape: threadPerConnection },
  { name: "prethread-lock", server: "prethread-lock", args: pool, served: LIVE, shape: threadPerConnection },
  { name: "prethread-queue", server: "prethread-queue", args: pool, served: LIVE, shape: threadPerConnection },
  { name: "select", server: "select", args: [], served: LIVE, shape: oneProcess(["select", "pselect6"]) },
  { name: "poll", server: "poll", args: [], served: LIVE, shape: oneProcess(["poll", "ppoll"]) },
  { name: "epoll", server: "epoll", args: [], served: LIVE, shape: oneProcess(["epoll_wait", "epoll_pwait"]) },
];

/** Every established connection of the service, with the pid that holds it. */
function held(s: ServiceStructure): { pid: number; peer: string }[] {
  return allProcesses(s).flatMap((p) => tcpOf(p).map((k) => ({ pid: p.pid, peer: k.peer })));
}

/** At most `n` bodies at once. */
function limiter(n: number): <T>(body: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (body) => {
    while (running >= n) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await body();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** What each design's SVG must show, checked in one browser once every design has drawn. */
const drawn: { design: string; file: string; texts: RegExp[] }[] = [];
const svgDir = mkdtempSync(join(tmpdir(), "tree-structure-svg-"));

integration(`structure with ${LIVE} connections held open`, () => {
  const slot = limiter(PARALLEL);
  describe.concurrent("each design", () => {
    for (const d of DESIGNS) {
      test(d.name, () => slot(async () => {
        const image = labImage();
        const server = findServer(d.server)!;
        await using net = await labNetwork(testLab(`st-${d.name}`));
        const container = await startServer(image, net.lab, d.server, d.args);
        const service = new StartedService(dockerClient(), net.lab, "server", container.getId(), container.getName().replace(/^\//, ""), "");
        const holder = await new LabContainer(image, net.lab, "load")
          .withCommand(["client_test", "-p", "server", "-c", String(LIVE), "-r", "0", "--hold", "120"])
          .start();
        const wrong = (s: ServiceStructure): string => {
          const main = mainProcess(s, server.binary);
          if (!main) return `no ${server.binary}`;
          return d.shape(main) || (held(s).length === d.served ? "" : `${held(s).length} connections held`);
        };
        const s = await eventually(() => service.structure(), (x) => wrong(x) === "", 30_000);
        expect(wrong(s), JSON.stringify(s, null, 1)).toBe("");
        const conns = held(s);
        expect(new Set(conns.map((c) => c.peer)).size).toBe(d.served); // each connection exactly once
        const client = holder.getIpAddress(networkName(net.lab));
        expect(conns.map((c) => c.peer.split(":")[0])).toEqual(Array(d.served).fill(client));
        expect(allProcesses(s).filter((p) => p.state === "Z")).toEqual([]);

        const file = join(svgDir, `${d.name}.svg`);
        const r = await lab(["ps", "--tree", net.lab, "--svg", file]);
        expect(r.code, r.stderr).toBe(0);
        const main = mainProcess(s, server.binary)!;
        const workers = main.children.length > 0
          ? main.children.map((c) => new RegExp(`^${c.pid} ${c.name} S in read fd \\d+$`))
          : main.threads.slice(1).map((t) => new RegExp(`^thread ${t.tid} S in \\w+`));
        drawn.push({ design: d.name, file, texts: [
          new RegExp(`^${main.pid} ${main.name} S in \\w+`),
          ...workers,
          d.served < LIVE ? new RegExp(`^listen 0\\.0\\.0\\.0:1234 \\+${LIVE - d.served} in backlog$`) : /^listen 0\.0\.0\.0:1234$/,
          ...conns.map((c) => new RegExp(`^client ${c.peer.replace(/\./g, "\\.")} \\(fd \\d+\\)$`)),
        ] });
        await holder.stop({ timeout: 1 });
      }));
    }
  });

  test("each design's SVG renders in headless Chromium with its parent, workers, listening socket and clients", async () => {
    expect(drawn.map((x) => x.design).sort()).toEqual(DESIGNS.map((d) => d.name).sort());
    const rendered = await renderSvgsInChromium(drawn.map((x) => x.file));
    drawn.forEach((x, i) => {
      const r = rendered[i]!;
      expect(r.width, x.design).toBeGreaterThan(300);
      expect(r.height, x.design).toBeGreaterThan(100);
      expect(r.inkedPixels, x.design).toBeGreaterThan(2000);
      for (const want of x.texts) expect(r.texts.filter((t) => want.test(t)), `${x.design}: ${want} in ${r.texts.join(" | ")}`).toHaveLength(1);
    });
  });
});
