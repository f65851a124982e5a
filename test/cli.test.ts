// The built `lab` CLI, as a student uses it: up, load, ps, exec, down; and every bad
// input answered with one line and a documented exit code, before Docker is touched.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { packageVersion } from "../lab/cli/version.js";
import { projectRoot } from "../lab/paths.js";
import { dockerClient } from "../lab/docker/connect.js";
import { LAB_LABEL } from "../lab/docker/labels.js";
import { integration, testLab } from "./support/docker-ready.js";
import { lab } from "./support/cli.js";

const oneLine = (s: string) => s.trim().split("\n").length === 1;

test("lab --help documents the exit codes", async () => {
  const r = await lab(["--help"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/Exit codes:[\s\S]*2 +bad usage/);
});

test("npm ci links the lab bin: node_modules/.bin/lab --version prints the package version", () => {
  const bin = join(projectRoot(), "node_modules/.bin/lab");
  expect(existsSync(bin)).toBe(true);
  const r = spawnSync(bin, ["--version"], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(`${packageVersion()}\n`);
});

test("npx lab runs the checkout's bin without installing anything into npm's npx cache", () => {
  const cache = mkdtempSync(join(tmpdir(), "socklab-npm-cache-"));
  try {
    // --no: were npx to look anywhere but node_modules/.bin, it would fail instead of installing.
    const r = spawnSync("npx", ["--no", "--", "lab", "--version"], { cwd: projectRoot(), encoding: "utf8", env: { ...process.env, npm_config_cache: cache } });
    expect(r.stdout, r.stderr).toBe(`${packageVersion()}\n`);
    expect(r.status).toBe(0);
    expect(existsSync(join(cache, "_npx"))).toBe(false);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test("the lab bin in a checkout that is not built says so in one line (exit 3)", () => {
  const checkout = mkdtempSync(join(tmpdir(), "socklab-unbuilt-"));
  try {
    mkdirSync(join(checkout, "lab/bin"), { recursive: true });
    copyFileSync(join(projectRoot(), "lab/bin/lab.js"), join(checkout, "lab/bin/lab.js"));
    copyFileSync(join(projectRoot(), "lab/package.json"), join(checkout, "lab/package.json"));
    const r = spawnSync(process.execPath, [join(checkout, "lab/bin/lab.js"), "up", "server3"], { encoding: "utf8" });
    expect(r.stderr).toBe("lab: the CLI is not built (no dist/cli/main.js): run `npm ci` in the checkout first\n");
    expect(r.status).toBe(3);
  } finally {
    rmSync(checkout, { recursive: true, force: true });
  }
});

test.each([
  [["up", "server9"], 2, /^lab: unknown server 'server9': choose one of iterative, server0, .*epoll$/],
  [["up", "server3", "-t", "0"], 2, /^lab: -t: '0' is not a whole number from 1 to 1024$/],
  [["up", "iterative", "-t", "4"], 2, /^lab: -t: iterative has no workers/],
  [["up", "server3", "--ulimit", "nofile=64:32"], 2, /^lab: --ulimit: 'nofile=64:32' has soft limit 64 above hard limit 32$/],
  [["load", "-c", "many"], 2, /^lab: -c: 'many' is not a whole number/],
  [["frobnicate"], 2, /unknown command 'frobnicate'/],
])("lab %j fails with one line and exit %i", async (args, code, message) => {
  const r = await lab(args, { env: { DOCKER_HOST: "unix:///nonexistent.sock" } });
  expect(r.code).toBe(code);
  expect(r.stderr.split("\n")[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
});

test("with no engine reachable, the error says how to fix it (exit 3)", async () => {
  const r = await lab(["up", "server3", "--name", testLab("nodocker")], { env: { DOCKER_HOST: "unix:///nonexistent.sock" } });
  expect(r.code).toBe(3);
  expect(oneLine(r.stderr)).toBe(true);
  expect(r.stderr).toMatch(/^lab: no Docker engine answers at DOCKER_HOST=unix:\/\/\/nonexistent.sock/);
});

integration("lab up / load / ps / exec / down", () => {
  test("server3 from up to down, with 500 connections verified in between", async () => {
    const name = testLab("cli");
    const up = await lab(["up", "server3", "--name", name]);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/^prefork-lock \(server3\) is up/);
    expect(up.stdout).toMatch(/address \d+\.\d+\.\d+\.\d+:1234/);

    const again = await lab(["up", "server3", "--name", name]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already up/);

    const load = await lab(["load", name, "-c", "100", "-t", "5", "--json"]);
    expect(load.code).toBe(0);
    const summary = JSON.parse(load.stdout.trim()) as { connections_ok: number; connections_failed: number };
    expect(summary).toMatchObject({ connections_ok: 500, connections_failed: 0 });

    const ps = await lab(["ps"]);
    expect(ps.stdout).toMatch(new RegExp(`${name}\\s+server\\s+program\\s+${name}-server\\s+running`));

    const exec = await lab(["exec", "server", "--lab", name, "--", "id", "-un"]);
    expect(exec.stdout.trim()).toBe("lab"); // programs run unprivileged

    const down = await lab(["down", name]);
    expect(down.code).toBe(0);
    expect(down.stdout).toMatch(/user time = .*sys time = /); // the server's last words
    const docker = dockerClient();
    expect(await docker.listContainers({ [LAB_LABEL]: name })).toEqual([]);
    expect(await docker.listNetworks({ [LAB_LABEL]: name })).toEqual([]);

    const gone = await lab(["load", name]);
    expect(gone.code).toBe(4);
  });
});
