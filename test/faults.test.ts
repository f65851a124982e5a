// The faults the lab survives (README: "Faults the lab survives"): signals during work,
// a second Ctrl-C during the cleanup, a closed stdout, an output path that cannot be made.
// Each injects the fault into the built CLI and then checks what is left, by label.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { dockerClient } from "../lab/docker/connect.js";
import { LAB_LABEL } from "../lab/docker/labels.js";
import { projectRoot } from "../lab/paths.js";
import { integration, testLab } from "./support/docker-ready.js";
import { lab, spawnLab } from "./support/cli.js";
import { eventually } from "../lab/testcontainers/index.js";

const docker = dockerClient();
const leftovers = async (name: string) => [
  ...(await docker.listContainers({ [LAB_LABEL]: name })).map((c) => c.name),
  ...(await docker.listNetworks({ [LAB_LABEL]: name })).map((n) => n.name),
];

/** Runs a shell pipeline with the built CLI as `lab`; returns the CLI's own status (PIPESTATUS[0]). */
function pipeline(script: string): { labStatus: number; stderr: string } {
  const r = spawnSync("bash", ["-c", `lab() { node ${projectRoot()}/dist/cli/main.js "$@"; }\n${script}; echo "status=\${PIPESTATUS[0]}"`], {
    encoding: "utf8",
    timeout: 120_000,
  });
  return { labStatus: Number(/status=(\d+)/.exec(r.stdout)?.[1] ?? -1), stderr: r.stderr };
}

test("an output path that cannot be made is refused at once, before Docker is touched", async () => {
  const started = Date.now();
  const r = await lab(["capture", "server", "--lab", "nosuch", "--out", "/proc/nope"], { timeoutMs: 10_000 });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^lab: cannot save captures under \/proc\/nope: cannot create \/proc\/nope: ENOENT/);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(Date.now() - started).toBeLessThan(5_000);
});

integration("faults: signals and closed pipes clean up", () => {
  // Starts `lab up`, waits until its first container exists, then signals it.
  async function signalDuringUp(name: string, signals: NodeJS.Signals[]) {
    const run = spawnLab(["up", "server3", "--name", name]);
    await eventually(() => leftovers(name), (l) => l.some((n) => n.endsWith("-server")), 60_000);
    for (const s of signals) {
      run.child.kill(s);
      await new Promise((r) => setTimeout(r, 150));
    }
    return run.done;
  }

  test("a second Ctrl-C during the cleanup does not cut it short", async () => {
    const name = testLab("fault-int2");
    const r = await signalDuringUp(name, ["SIGINT", "SIGINT", "SIGINT"]);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted: cleaning up/);
    expect(r.stderr).toMatch(/cleaning up, please wait/);
    expect(await leftovers(name)).toEqual([]);
  });

  test.each([
    ["SIGHUP", 129, /hung up: cleaning up/],
    ["SIGTERM", 143, /terminated: cleaning up/],
  ] as const)("%s during lab up cleans up like Ctrl-C (exit %i)", async (signal, code, said) => {
    const name = testLab(`fault-${signal.toLowerCase()}`);
    const r = await signalDuringUp(name, [signal]);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(said);
    expect(await leftovers(name)).toEqual([]);
  });

  test("a closed stdout ends lab load, lab ps and lab trace quietly, and the load container goes", async () => {
    const name = testLab("fault-pipe");
    const out = mkdtempSync(join(tmpdir(), "fault-pipe-"));
    try {
      const up = await lab(["up", "server3", "--name", name]);
      expect(up.code).toBe(0);
      const capture = spawnLab(["capture", "server", "--lab", name, "--out", out]);
      await eventually(() => docker.listContainers({ [LAB_LABEL]: name, "socklab.role": "capture" }), (c) => c.length === 1, 30_000);
      for (let i = 0; i < 3; i++) {
        expect(pipeline(`lab load ${name} -c 20 -t 2 --json | head -c 0`)).toEqual({ labStatus: 141, stderr: "" });
      }
      expect(await docker.listContainers({ [LAB_LABEL]: name, "socklab.role": "run" })).toEqual([]); // no load container left
      expect(pipeline("lab ps | head -c 0")).toEqual({ labStatus: 141, stderr: "" });
      capture.child.kill("SIGINT");
      expect((await capture.done).code).toBe(0);
      const pcap = readdirSync(join(out, name)).find((f) => f.endsWith(".pcap"));
      expect(pcap).toBeDefined();
      expect(pipeline(`lab trace ${join(out, name, pcap!)} | head -1`)).toEqual({ labStatus: 141, stderr: "" });
    } finally {
      await lab(["down", name]);
      rmSync(out, { recursive: true, force: true });
    }
    expect(await leftovers(name)).toEqual([]);
  });

  test("raw engine text never reaches the user: missing image, dead server, unknown command, a lab taken down mid-load", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fault-img-"));
    const file = join(dir, "noimage.yml");
    writeFileSync(file, "services:\n  server:\n    image: socklab/nosuch:none\n    command: sleep 60\n");
    const name = testLab("fault-text");
    try {
      const { startLab } = await import("../lab/lab/lab.js");
      const err = await startLab({ name, topology: file }).then(() => undefined, (e: unknown) => e as { message: string; exitCode?: number });
      expect(err?.message).toMatch(/image 'socklab\/nosuch:none' does not exist/);
      expect(err?.exitCode).toBe(4);
      expect(await leftovers(name)).toEqual([]);

      expect((await lab(["up", "server3", "--name", name])).code).toBe(0);
      const exec = await lab(["exec", "server", "--lab", name, "--", "nosuchcmd"]);
      expect(exec).toMatchObject({ code: 127, stdout: "", stderr: `lab: nosuchcmd: command not found in ${name}-server\n` });

      const hold = spawnLab(["load", name, "-c", "20", "-t", "1", "--hold", "30"]);
      await eventually(() => docker.listContainers({ [LAB_LABEL]: name, "socklab.role": "run" }), (c) => c.length === 1, 30_000);
      expect((await lab(["down", name])).code).toBe(0);
      const held = await hold.done;
      expect(held.code).not.toBe(0);
      expect(held.stderr.trim().split("\n")).toHaveLength(1);
      expect(held.stderr).toMatch(/^lab: .*(removed while it ran|network is gone|exited with status 1[34][0-9])/);

      expect((await lab(["up", "server3", "--name", name])).code).toBe(0);
      await docker.exec(`${name}-server`, ["pkill", "-KILL", "-f", "prefork-lock-server"], { user: "root" });
      await eventually(async () => (await docker.inspectContainer(`${name}-server`)).running, (r) => !r, 15_000);
      const dead = await lab(["load", name]);
      expect(dead.code).toBe(1);
      expect(dead.stderr).toMatch(/^lab: server of lab \S+ is not running \(it exited with status \d+\): `lab logs server --lab \S+` says why\n$/);
    } finally {
      await lab(["down", name]);
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await leftovers(name)).toEqual([]);
  });
});
