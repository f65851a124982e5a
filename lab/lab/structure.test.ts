// The /proc dump parser on text recorded from real lab containers under a held load
// (lab/lab/testing/*-dump.txt, made by STRUCTURE_SCRIPT through docker exec).
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { allProcesses, decodeTcpAddress, mainProcess, parseStat, parseStructure } from "./structure.js";
import { renderStructureSvg } from "./structure-svg.js";
import { renderStructureMermaid, renderStructureText } from "./structure-text.js";

const dump = (name: string): string => readFileSync(new URL(`./testing/${name}-dump.txt`, import.meta.url), "utf8");
const parse = (name: string) => parseStructure(dump(name), "server", `tree-${name}-server`);

test("a stat line whose command holds spaces and parentheses", () => {
  expect(parseStat("42 (my (odd) prog) Z 7 42 1 0")).toEqual({ tid: 42, name: "my (odd) prog", state: "Z", ppid: 7 });
});

test("addresses of /proc/net/tcp and tcp6", () => {
  expect(decodeTcpAddress("0100007F:04D2")).toBe("127.0.0.1:1234");
  expect(decodeTcpAddress("00000000000000000000000000000000:04D2")).toBe("[::]:1234");
  expect(decodeTcpAddress("0000000000000000FFFF00000200A8C0:9C40")).toBe("192.168.0.2:40000");
});

test("fork: the parent holds the listening socket, each child exactly one connection", () => {
  const s = parse("fork");
  const main = mainProcess(s, "fork-server")!;
  expect(main.sockets.map((k) => [k.kind, k.local])).toEqual([["listen", "0.0.0.0:1234"]]);
  expect(main.children).toHaveLength(2);
  for (const c of main.children) {
    expect(c.sockets.map((k) => [k.kind, k.state])).toEqual([["tcp", "ESTABLISHED"]]);
    expect(c.sockets[0]!.peer).toMatch(/^192\.168\.128\.3:\d+$/);
  }
  // The dumping shell is not part of the service.
  expect(allProcesses(s).map((p) => p.name)).toEqual(["docker-init", "fork-server", "fork-server", "fork-server"]);
});

test("thread: one process, its threads, every connection held by the process", () => {
  const s = parse("thread");
  const main = mainProcess(s, "thread-server")!;
  expect(main.threads).toHaveLength(4);
  expect(main.threads[0]!.tid).toBe(main.pid);
  expect(main.children).toEqual([]);
  expect(main.sockets.filter((k) => k.kind === "tcp")).toHaveLength(3);
  expect(renderStructureText(s)).toContain("threads share one descriptor table");
});

test("prefork-passfd: socketpairs between the parent and each child, connections in the children", () => {
  const s = parse("passfd");
  const main = mainProcess(s, "prefork-passfd-server")!;
  expect(main.sockets.filter((k) => k.kind === "unix" && k.socketpair)).toHaveLength(2);
  expect(main.sockets.filter((k) => k.kind === "tcp")).toHaveLength(0);
  for (const c of main.children) {
    expect(c.sockets.filter((k) => k.kind === "tcp")).toHaveLength(1);
    expect(c.sockets.filter((k) => k.kind === "unix" && k.socketpair)).toHaveLength(1);
  }
});

test("a zombie is shown as one, under the parent that does not reap it", () => {
  const s = parse("zombie");
  const zombies = allProcesses(s).filter((p) => p.state === "Z");
  expect(zombies.map((z) => z.name)).toEqual(["sleep"]);
  const parent = allProcesses(s).find((p) => p.pid === zombies[0]!.ppid)!;
  expect(parent.children.map((c) => c.pid)).toEqual([zombies[0]!.pid]);
  expect(renderStructureText(s)).toMatch(/\d+ sleep Z \(ZOMBIE\)/);
  expect(renderStructureMermaid([s])).toMatch(/\{\{"\d+ sleep ZOMBIE"\}\}/);
  expect(renderStructureSvg([s])).toContain("sleep Z zombie");
});

test("a held connection shared by a parent and its child belongs to the child", () => {
  const text = ["S 99", "P 5", "T 5 (srv) S 1 5", "F 3 socket:[100]", "F 4 socket:[200]", "P 6", "T 6 (srv) S 5 5", "F 3 socket:[100]", "F 4 socket:[200]",
    "== tcp",
    "   0: 00000000:04D2 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 100 1 0 100 0 0 10 0",
    "   1: 0200000A:04D2 0300000A:9C40 01 00000000:00000000 00:00000000 00000000  1000        0 200 1 0 20 0 0 10 -1",
    "== unix", "== end"].join("\n");
  const [parent] = parseStructure(text, "server", "c").roots;
  expect(parent!.sockets.map((k) => [k.kind, k.sharedWith])).toEqual([["listen", [6]]]);
  expect(parent!.children[0]!.sockets.map((k) => `${k.kind} ${k.local} ${k.peer}`)).toEqual(["listen 0.0.0.0:1234 ", "tcp 10.0.0.2:1234 10.0.0.3:40000"]);
});

test("mermaid: the listening socket once, one client node per connection", () => {
  const m = renderStructureMermaid([parse("fork")]);
  expect(m.startsWith("flowchart LR\n")).toBe(true);
  expect(m.match(/\[\/"listen 0\.0\.0\.0:1234"\/\]/g)).toHaveLength(1);
  expect(m.match(/\(\("client 192\.168\.128\.3:\d+"\)\)/g)).toHaveLength(2);
});

test("svg: one box per process and thread, one client per connection, text escaped", () => {
  const s = parse("thread");
  const svg = renderStructureSvg([{ ...s, container: "<c&d>" }]);
  expect(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")).toBe(true);
  expect(svg).toContain("&lt;c&amp;d&gt;");
  expect(svg.match(/>thread \d+ S</g)).toHaveLength(3);
  expect(svg.match(/>client 192\.168\.240\.3:\d+ \(fd \d\)</g)).toHaveLength(3);
  expect(svg.match(/>listen 0\.0\.0\.0:1234</g)).toHaveLength(1);
});
