// startLab as a library call: everything it is given is checked before its first Docker
// call, and it never installs an engine (that is `lab setup`'s work).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import type { ContainerSpec, DockerClient } from "../docker/docker-client.js";
import { ExitCode, LabError } from "../errors.js";
import { startLab } from "./lab.js";

/** A Docker client that records every call and fails it: validation must not reach it. */
function untouchable(): DockerClient & { calls: string[] } {
  const calls: string[] = [];
  return new Proxy({ calls } as unknown as DockerClient & { calls: string[] }, {
    get(target, prop) {
      if (prop === "calls") return calls;
      if (typeof prop !== "string" || prop === "then") return undefined;
      return async () => {
        calls.push(prop);
        throw new Error(`Docker was called: ${prop}`);
      };
    },
  });
}

const dir = mkdtempSync(join(tmpdir(), "socklab-lab-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function topology(name: string, yaml: string): string {
  const file = join(dir, `${name}.yml`);
  writeFileSync(file, yaml);
  return file;
}

async function failure(p: Promise<unknown>): Promise<LabError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LabError);
  return err as LabError;
}

describe("startLab checks the whole topology before any Docker call", () => {
  test("a Compose x-netem with a rate and direction: both", async () => {
    const docker = untouchable();
    const file = topology("rate-both", "services:\n  server:\n    image: i\n    x-netem: { rate: 1mbit, direction: both }\n");
    const err = await failure(startLab({ name: "t", topology: file, docker }));
    expect(err.message).toBe(
      `${file}: server.x-netem.rate: '1mbit' applies to egress only (tc shapes what an interface sends); drop ${file}: server.x-netem.direction both or set the rate on the sending service`,
    );
    expect(err.exitCode).toBe(ExitCode.USAGE);
    expect(docker.calls).toEqual([]);
  });

  test("a ready pattern that is not a regular expression", async () => {
    const docker = untouchable();
    const file = topology("bad-ready", "services:\n  server:\n    image: i\n    x-socklab: { ready: 'listening (on' }\n");
    const err = await failure(startLab({ name: "t", topology: file, docker }));
    expect(err.message).toMatch(/^.*bad-ready\.yml: server\.x-socklab\.ready: 'listening \(on' is not a regular expression \(.+\)$/);
    expect(err.exitCode).toBe(ExitCode.USAGE);
    expect(docker.calls).toEqual([]);
  });

  test("a service with no image", async () => {
    const docker = untouchable();
    const file = topology("no-image", "services:\n  server:\n    command: x\n");
    const err = await failure(startLab({ name: "t", topology: file, docker }));
    expect(err.message).toBe(`${file}: service server has no image`);
    expect(docker.calls).toEqual([]);
  });

  test("an impairment given by the caller breaks the same rule as x-netem", async () => {
    const docker = untouchable();
    const err = await failure(startLab({ name: "t", topology: "server", docker, impairments: { server: { rateBitsPerSec: 8000, direction: "ingress" } } }));
    expect(err.message).toMatch(/^impairments\.server\.rate: '8000bit' applies to egress only/);
    expect(docker.calls).toEqual([]);
  });
});

test("where no engine answers, startLab fails with one line saying to run `lab setup` (and installs nothing)", async () => {
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = `unix://${join(dir, "no-engine.sock")}`;
  try {
    const err = await failure(startLab({ name: "t", topology: "server" }));
    expect(err.exitCode).toBe(ExitCode.DOCKER);
    expect(err.message).toMatch(/^no Docker engine answers at DOCKER_HOST=unix:\/\/.*no-engine\.sock \(.*\): run `lab setup`$/);
    expect(err.message).not.toContain("\n");
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
});

test("a command override travels as a list: an argument with a space reaches the container as one word", async () => {
  const created: ContainerSpec[] = [];
  const docker = {
    ping: async () => {},
    imageExists: async () => true,
    listContainers: async () => [],
    listNetworks: async () => [],
    createNetwork: async (name: string) => ({ id: "n", name, labels: {} }),
    createContainer: async (spec: ContainerSpec) => {
      created.push(spec);
      return "c1";
    },
    startContainer: async () => {},
    inspectContainer: async () => ({ running: true, addresses: { "socklab-t": "10.0.0.2" } }),
    logs: async () => ({ stdout: "listening on port 1234\n", stderr: "" }),
  } as unknown as DockerClient;
  const command = ["client_test", "-p", "a host name with spaces", "--json"];
  const lab = await startLab({ name: "t", topology: "server", docker, overrides: { server: { command } } });
  expect(lab.service("server").address).toBe("10.0.0.2");
  expect(created.map((c) => c.cmd)).toEqual([command]);
});
