import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, test } from "vitest";
import type { DockerClient, ExecResult } from "../docker/docker-client.js";
import { cacheFile, cacheKey, forgetProbes, kernelCapabilities } from "./probe.js";

const dir = mkdtempSync(join(tmpdir(), "socklab-probe-test-"));
process.env.SOCKLAB_CACHE_DIR = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROBE_OUT = "netem=0\ntbf=1\nnfqueue=1\niptables_statistic=1\niptables_backend=nft\ndelayer=1\n";

function fakeDocker(kernel = "6.18.44-test"): DockerClient & { execs: number } {
  const fake = {
    execs: 0,
    engineInfo: async () => ({ id: "ENGINE:ID", name: "host", kernelVersion: kernel, operatingSystem: "Debian" }),
    exec: async (): Promise<ExecResult> => {
      fake.execs++;
      return { exitCode: 0, stdout: PROBE_OUT, stderr: "" };
    },
  };
  return fake as unknown as DockerClient & { execs: number };
}

describe("the kernel probe cache", () => {
  beforeEach(() => forgetProbes());

  test("probes once per engine, kernel and image; then answers from memory, then from the file", async () => {
    const docker = fakeDocker();
    const where = { id: "sidecar-id", name: "t-x-server-impair" };
    const first = await kernelCapabilities(docker, { image: "socklab/lab:1", probeIn: where });
    expect(first).toMatchObject({ cached: false, probedIn: "sidecar t-x-server-impair", kernelVersion: "6.18.44-test", engineId: "ENGINE:ID" });
    expect(first.caps).toEqual({ netem: false, tbf: true, nfqueue: true, iptablesStatistic: true, iptablesBackend: "nft", delayer: true });
    expect((await kernelCapabilities(docker, { image: "socklab/lab:1", probeIn: where })).cached).toBe(true);
    expect(docker.execs).toBe(1);

    const file = cacheFile(cacheKey("ENGINE:ID", "6.18.44-test", "socklab/lab:1"));
    expect(file.startsWith(dir)).toBe(true);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ caps: first.caps, cached: false });
    forgetProbes(); // a new process: the file answers
    expect((await kernelCapabilities(docker, { image: "socklab/lab:1", probeIn: where })).cached).toBe(true);
    expect(docker.execs).toBe(1);

    // Another image, another kernel, or --fresh: probe again.
    await kernelCapabilities(docker, { image: "socklab/lab:2", probeIn: where });
    await kernelCapabilities(fakeDocker("6.19.0"), { image: "socklab/lab:1", probeIn: where });
    await kernelCapabilities(docker, { image: "socklab/lab:1", probeIn: where, fresh: true });
    expect(docker.execs).toBe(3);
    expect(existsSync(cacheFile(cacheKey("ENGINE:ID", "6.19.0", "socklab/lab:1")))).toBe(true);
  });

  test("a probe that prints nothing is an error, not 'no capabilities'", async () => {
    const docker = fakeDocker("6.0-empty");
    (docker as unknown as { exec: () => Promise<ExecResult> }).exec = async () => ({ exitCode: 127, stdout: "", stderr: "sh: 1: ip: not found" });
    await expect(kernelCapabilities(docker, { image: "x", probeIn: { id: "i", name: "n" } })).rejects.toThrow(/the kernel probe printed nothing \(exit 127\): sh: 1: ip: not found/);
  });
});
