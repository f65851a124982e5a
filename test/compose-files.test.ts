// Every topology the lab reads is also a file Compose itself accepts and runs, unchanged:
// `docker-compose config` on each, and `docker-compose up` on each with its defaults (the
// image socklab/lab:latest, which setup tags), a real load through `docker-compose run`
// against the server it started, and `docker-compose down` leaving nothing behind.
// Compose's resources carry no socklab label, so each test takes a project name of its own
// (with the test prefix) and removes exactly that project, whatever happens.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { dockerClient } from "../lab/docker/connect.js";
import { LAB_LATEST } from "../lab/image/lab-image.js";
import { ensureNginxImage } from "../lab/image/nginx-image.js";
import { composeDir } from "../lab/paths.js";
import { setup } from "../lab/setup.js";
import { integration, testLab } from "./support/docker-ready.js";

const files = readdirSync(composeDir()).filter((f) => f.endsWith(".yml"));
const docker = dockerClient();
const PROJECT_LABEL = "com.docker.compose.project";

/** The environment minus every variable the files read: what a user's shell gives Compose. */
function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const v of ["SOCKLAB_IMAGE", "SERVER_BINARY", "SERVER_ARGS", "PORT", "NOFILE_SOFT", "NOFILE_HARD", "LOAD_ARGS", "NGINX_IMAGE"]) delete env[v];
  return { ...env, ...extra };
}

function compose(project: string, file: string, args: string[], extraEnv: Record<string, string> = {}) {
  const r = spawnSync("docker-compose", ["-p", project, "-f", join(composeDir(), file), ...args], {
    encoding: "utf8",
    env: plainEnv(extraEnv),
    timeout: 180_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Polls a service's logs until a line matches (Compose's `up -d` returns once containers start). */
async function waitForLog(project: string, file: string, service: string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const logs = compose(project, file, ["logs", "--no-color", service]).stdout;
    if (pattern.test(logs)) return logs;
    if (Date.now() > deadline) throw new Error(`${service} did not log ${pattern} within ${timeoutMs / 1000} s:\n${logs}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs the body against `docker-compose up -d`, then downs the project and checks nothing is left. */
async function withProject(file: string, body: (project: string) => Promise<void>): Promise<void> {
  const project = testLab(`compose-${file.replace(/\.yml$/, "")}-${process.pid}`);
  try {
    const up = compose(project, file, ["up", "-d"]);
    expect(up.code, up.stderr).toBe(0);
    await body(project);
  } finally {
    const down = compose(project, file, ["down", "--volumes", "--remove-orphans", "--timeout", "5"]);
    expect(down.code, down.stderr).toBe(0);
  }
  expect(await docker.listContainers({ [PROJECT_LABEL]: project })).toEqual([]);
  expect(await docker.listNetworks({ [PROJECT_LABEL]: project })).toEqual([]);
}

const imageId = (ref: string) => spawnSync("docker", ["image", "inspect", "-f", "{{.Id}}", ref], { encoding: "utf8" }).stdout.trim();

integration("docker-compose config accepts every file in compose/", () => {
  test("there are topologies to check", () => {
    expect(files).toEqual(expect.arrayContaining(["server.yml", "chat.yml"]));
  });
  for (const file of files) {
    test(file, () => {
      const r = spawnSync("docker-compose", ["-f", join(composeDir(), file), "config", "-q"], { encoding: "utf8" });
      expect(r.error).toBeUndefined();
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    });
  }
});

integration("docker-compose up runs every file in compose/ unchanged", () => {
  test("there is a test below for every file", () => {
    expect(files.sort()).toEqual(["chat.yml", "nginx.yml", "probe.yml", "server.yml"]);
  });

  test("setup tags the current lab image socklab/lab:latest, the files' default", async () => {
    // Another checkout on this engine may move latest at any time; compare right after setup.
    const report = await setup();
    expect(imageId(LAB_LATEST)).toBe(imageId(report.image.tag));
    expect(imageId(LAB_LATEST)).toMatch(/^sha256:/);
  });

  test("server.yml: the server Compose starts serves 200 connections of 2 x 5000 bytes from `docker-compose run load`, 0 failed", async () => {
    await withProject("server.yml", async (project) => {
      const [server] = await docker.listContainers({ [PROJECT_LABEL]: project, "com.docker.compose.service": "server" });
      expect(server).toMatchObject({ image: LAB_LATEST, running: true });
      // With no SERVER_ARGS the design's own default applies: 4 workers.
      const logs = await waitForLog(project, "server.yml", "server", /listening on port 1234/);
      expect(logs).toMatch(/prefork-lock-server: listening on port 1234 \(preforked, pthread accept lock, 4 workers\)/);

      const load = compose(project, "server.yml", ["run", "--rm", "-T", "load"], { LOAD_ARGS: "-c 50 -t 4 -n 5000 -r 2 --json" });
      expect(load.code, load.stderr).toBe(0);
      const summary = JSON.parse(load.stdout.trim().split("\n").pop() ?? "{}") as Record<string, unknown>;
      expect(summary).toMatchObject({ connections_ok: 200, connections_failed: 0, requests: 400, bytes: 2_000_000 });
      // `run --rm` took its container away again; the server is still the only one.
      expect((await docker.listContainers({ [PROJECT_LABEL]: project })).map((c) => c.name)).toEqual([`${project}_server_1`]);
    });
  });

  test("nginx.yml: nginx's stream module answers `docker-compose run load` with its fixed reply, every byte the pattern", async () => {
    await ensureNginxImage(docker, () => {}); // tags socklab/nginx:latest, the file's default
    await withProject("nginx.yml", async (project) => {
      await waitForLog(project, "nginx.yml", "server", /start worker process/);
      const load = compose(project, "nginx.yml", ["run", "--rm", "-T", "load"], { LOAD_ARGS: "-c 10 -t 2 -n 4000 --json" });
      expect(load.code, load.stderr).toBe(0);
      const summary = JSON.parse(load.stdout.trim().split("\n").pop() ?? "{}") as Record<string, unknown>;
      expect(summary).toMatchObject({ connections_ok: 20, connections_failed: 0, bytes: 80_000 });
    });
  });

  test("probe.yml: the two hosts start; a probe-server in one answers a probe-client in the other", async () => {
    await withProject("probe.yml", async (project) => {
      const server = compose(project, "probe.yml", ["exec", "-T", "-d", "server", "probe-server", "-P", "1234", "--max-conns", "1"]);
      expect(server.code, server.stderr).toBe(0);
      let client = { code: -1 as number | null, stdout: "", stderr: "" };
      for (let i = 0; i < 50 && !/"call":"connect".*"errno":null/.test(client.stdout); i++) {
        await new Promise((r) => setTimeout(r, 200));
        client = compose(project, "probe.yml", ["exec", "-T", "client", "probe-client", "-p", "server", "connect", "write:5", "close"]);
      }
      expect(client.stdout).toMatch(/"call":"connect".*"ret":0,"errno":null/);
      expect(client.stdout).toMatch(/"call":"write","arg":5,"ret":5,"errno":null/);
    });
  });

  test("chat.yml: p2pserver listens and p2pclient connects to it; the select client (profile) stays down", async () => {
    await withProject("chat.yml", async (project) => {
      await waitForLog(project, "chat.yml", "p2pserver", /p2pserver: connection from \d+\.\d+\.\d+\.\d+:\d+/);
      const ss = compose(project, "chat.yml", ["exec", "-T", "p2pserver", "ss", "-Htn", "state", "listening", "sport", "= :1234"]);
      expect(ss.stdout).toMatch(/:1234\b/);
      const established = compose(project, "chat.yml", ["exec", "-T", "p2pserver", "ss", "-Htn", "state", "established", "sport", "= :1234"]);
      expect(established.stdout.trim().split("\n")).toHaveLength(1);
      const running = await docker.listContainers({ [PROJECT_LABEL]: project });
      expect(running.map((c) => [c.name, c.running]).sort()).toEqual([
        [`${project}_p2pclient_1`, true],
        [`${project}_p2pserver_1`, true],
      ]);
    });
  });
});
