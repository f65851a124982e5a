import { describe, expect, test } from "vitest";
import { loadTopology, parseTopology } from "./topology.js";

describe("compose/server.yml as the lab reads it", () => {
  test("defaults make a prefork-lock server and a run-once load client", () => {
    const t = loadTopology("server", {});
    const server = t.services.find((s) => s.name === "server");
    expect(server?.command).toEqual(["prefork-lock-server", "-P", "1234"]);
    expect(server?.init).toBe(true);
    expect(server?.user).toBe("lab");
    expect(server?.ulimits).toEqual([{ name: "nofile", soft: 1024, hard: 1024 }]);
    expect(server?.ready).toBe("listening on port");
    const load = t.services.find((s) => s.name === "load");
    expect(load?.runOnce).toBe(true);
    expect(load?.profiles).toEqual(["tools"]);
  });

  test("the lab's variables choose the program, its arguments and the image", () => {
    const t = loadTopology("server", { SERVER_BINARY: "epoll-server", SERVER_ARGS: "--et", PORT: "9000", SOCKLAB_IMAGE: "socklab/lab:abc" });
    const server = t.services.find((s) => s.name === "server");
    expect(server?.command).toEqual(["epoll-server", "-P", "9000", "--et"]);
    expect(server?.image).toBe("socklab/lab:abc");
  });
});

describe("compose/chat.yml", () => {
  test("the client is attached with a tty and the select client sits behind a profile", () => {
    const t = loadTopology("chat", {});
    expect(t.services.map((s) => s.name)).toEqual(["p2pserver", "p2pclient", "client"]);
    expect(t.services[1]?.tty).toBe(true);
    expect(t.services[2]?.profiles).toEqual(["select"]);
  });
});

describe("bad files fail with one line naming the file", () => {
  test("invalid YAML", () => {
    expect(() => parseTopology("services: [", "bad.yml", {})).toThrow(/^bad.yml: not valid YAML/);
  });
  test("no services", () => {
    expect(() => parseTopology("networks: {}", "empty.yml", {})).toThrow("empty.yml: no services");
  });
  test("a service without an image", () => {
    expect(() => parseTopology("services: {a: {command: x}}", "f.yml", {})).toThrow("f.yml: service a has no image");
  });
  test("ulimits in list and mapping forms; sysctls as a list", () => {
    const t = parseTopology(
      "services: {a: {image: i, ulimits: {nproc: 64, nofile: {soft: 100, hard: 200}}, sysctls: [net.core.somaxconn=16]}}",
      "f.yml",
      {},
    );
    expect(t.services[0]?.ulimits).toEqual([
      { name: "nproc", soft: 64, hard: 64 },
      { name: "nofile", soft: 100, hard: 200 },
    ]);
    expect(t.services[0]?.sysctls).toEqual({ "net.core.somaxconn": "16" });
  });
});

describe("x-netem and x-socklab are checked when the file is read", () => {
  test("a rate with direction: both is refused (tc shapes egress only)", () => {
    expect(() => parseTopology("services: {a: {image: i, x-netem: {rate: 1mbit, direction: both}}}", "f.yml", {})).toThrow(
      /^f\.yml: a\.x-netem\.rate: '1mbit' applies to egress only/,
    );
  });
  test("a ready pattern that does not compile", () => {
    expect(() => parseTopology("services: {a: {image: i, x-socklab: {ready: '(['}}}", "f.yml", {})).toThrow(
      /^f\.yml: a\.x-socklab\.ready: '\(\[' is not a regular expression/,
    );
  });
});
