// `lab scenarios` and `lab run` as a student and an instructor use them: the list, bad
// names, a malformed folder among good ones, one real run whose report a browser opens,
// and Ctrl-C in the middle of `lab run --all`.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { afterAll, describe, expect, test } from "vitest";
import { DockerodeClient } from "../lab/docker/dockerode-client.js";
import { listLabs } from "../lab/lab/teardown.js";
import { projectRoot } from "../lab/paths.js";
import type { ScenarioResult } from "../lab/scenario/index.js";
import { lab, spawnLab } from "./support/cli.js";
import { integration, testLabPrefix } from "./support/docker-ready.js";

const NO_DOCKER = { DOCKER_HOST: "unix:///nonexistent.sock" };
const temp = mkdtempSync(join(tmpdir(), "socklab-scenario-cli-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A scenarios/ root with copies of some of the project's scenarios (and whatever else a test adds). */
function rootWith(name: string, scenarios: string[]): string {
  const dir = join(temp, name);
  for (const s of scenarios) cpSync(join(projectRoot(), "scenarios", s), join(dir, s), { recursive: true });
  return dir;
}

/** The folder `lab run` wrote a scenario's results to, from its PASS/FAIL line. */
function reportDir(stdout: string, scenario: string): string {
  const m = new RegExp(`^(?:PASS|FAIL)  ${scenario}(?:/\\S+)?: .* report (\\S+)/report\\.html$`, "m").exec(stdout);
  if (!m?.[1]) throw new Error(`no result line for ${scenario} in:\n${stdout}`);
  return m[1];
}

describe("lab scenarios", () => {
  test("lists the twenty-four with their cases and topic tags", async () => {
    const r = await lab(["scenarios"], { env: NO_DOCKER });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const names = r.stdout.split("\n").slice(1).map((l) => l.split(/\s+/)[0]).filter((n) => n && n !== "run");
    const wire = ["backlog", "delay", "graceful-close", "half-close", "handshake", "linger-abort", "load-trace", "refused", "reuseaddr", "rst-unread", "sigpipe", "udp-unreachable"];
    const processTable = ["chat", "double-fork", "eintr", "emfile", "fd-setsize", "file-server", "io-models", "slot-table", "sticky-packets", "thundering-herd", "unix-domain", "zombies"];
    expect(names).toEqual([...wire, ...processTable].sort());
    expect(r.stdout).toMatch(/^zombies +none,ignore,handler,reaper-thread +\S+ +Zombies: /m);
    expect(r.stdout).toMatch(/^graceful-close +client-closes,server-closes +tcp,close,time-wait +The four-way close/m);
    const json = JSON.parse((await lab(["scenarios", "--json"], { env: NO_DOCKER })).stdout) as Array<{ name: string; tags: string[] }>;
    expect(json.find((s) => s.name === "sigpipe")?.tags).toContain("sigpipe");
  });

  test("a malformed folder is reported with its path and problem; the others are listed (exit 2)", async () => {
    const root = rootWith("list", ["refused"]);
    mkdirSync(join(root, "broken"));
    writeFileSync(join(root, "broken", "scenario.yml"), "title: x\ntags: [x]\ntopology: probe\nsteps:\n  - run: nosuch\nexpect: []\n");
    writeFileSync(join(root, "broken", "README.md"), "# x\n");
    const r = await lab(["scenarios"], { env: { ...NO_DOCKER, SOCKLAB_SCENARIOS: root } });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^refused /m);
    expect(r.stderr).toMatch(/^lab: .*broken\/scenario\.yml: steps\[0\]\.run: 'nosuch' is not a service of .*probe\.yml/m);
  });
});

describe("lab run: bad input, before anything starts", () => {
  test.each([
    [["run", "nosuch"], 4, /^lab: no scenario 'nosuch': choose from backlog, chat, delay, double-fork, .*unix-domain, zombies$/],
    [["run"], 2, /^lab: name the scenarios to run \(see `lab scenarios`\), or --all$/],
    [["run", "refused", "--all"], 2, /^lab: give scenario names or --all, not both$/],
    [["run", "refused", "--jobs", "0"], 2, /^lab: --jobs: '0' is not a whole number from 1 to 16$/],
    [["run", "refused", "--prefix", "Bad Prefix"], 2, /^lab: --prefix: 'Bad Prefix' must be/],
  ])("lab %j: exit %i", async (args, code, message) => {
    const r = await lab(args, { env: NO_DOCKER });
    expect(r.code).toBe(code);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });
});

integration("lab run", () => {
  let sigpipeDir = "";

  test("sigpipe passes: one verdict per line, the RST in the pcap before the client's death, ladders and a report", async () => {
    const r = await lab(["run", "sigpipe", "--out", join(temp, "out"), "--prefix", testLabPrefix()], { timeoutMs: 300_000 });
    expect(r.stderr).not.toMatch(/FAIL/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PASS  sigpipe\/default: 6 of 6 held in [\d.]+ s; report /m);
    expect(r.stdout).toMatch(/^PASS  sigpipe\/ignore-sigpipe: 6 of 6 held/m);
    expect(r.stdout).toMatch(/^  PASS  the second write kills the client with SIGPIPE \(exit status 128 \+ 13\): expected killed by SIGPIPE; seen killed by SIGPIPE \(exit status 141 = 128 \+ 13\)$/m);
    expect(r.stdout).toMatch(/^1 scenario\(s\), 2 case\(s\): 2 passed, 0 failed in [\d.]+ s$/m);
    sigpipeDir = reportDir(r.stdout, "sigpipe");
    const result = JSON.parse(readFileSync(join(sigpipeDir, "result.json"), "utf8")) as ScenarioResult;
    const def = result.cases.find((c) => c.name === "default")!;
    const client = def.programs.find((p) => p.name === "probe-client")!;
    expect(client.exitCode).toBe(141);
    // tshark reads our pcap: the server's RST is the last segment, after the client's 5 bytes.
    const tshark = spawnSync("tshark", ["-r", join(sigpipeDir, def.captures[0]!.pcap), "-T", "fields", "-e", "tcp.flags.str", "-e", "tcp.len"], { encoding: "utf8" });
    const lines = tshark.stdout.trim().split("\n");
    expect(lines.at(-2)).toMatch(/·+AP···\t5$/);
    expect(lines.at(-1)).toMatch(/·+R··\t0$/);
    expect(def.ladders.length).toBeGreaterThan(0);
    for (const l of def.ladders) for (const f of [l.text, l.mermaid, l.svg]) expect(existsSync(join(sigpipeDir, f)), f).toBe(true);
    expect(result.socklab.image).toMatch(/^socklab\/lab:/);
    expect(def.timings).toHaveProperty("steps");
  });

  test("the report opens in Chromium: the ladder is drawn and every verdict is shown", async () => {
    expect(sigpipeDir).not.toBe("");
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on("request", (req) => requests.push(req.url()));
      await page.goto(`file://${join(sigpipeDir, "report.html")}`);
      expect(await page.title()).toBe("sigpipe: PASS");
      const ladder = page.locator("#case-default figure.ladder svg").first();
      await expect.poll(async () => (await ladder.boundingBox())?.height ?? 0).toBeGreaterThan(150);
      expect(await ladder.locator("line[marker-end]").count()).toBeGreaterThanOrEqual(6);
      expect(await ladder.textContent()).toContain("R seq");
      expect(await page.locator("tr[data-verdict=PASS]").count()).toBe(12);
      expect(await page.locator("tr[data-verdict=FAIL]").count()).toBe(0);
      expect(await page.locator("tr[data-verdict]").first().isVisible()).toBe(true);
      expect(await page.locator(".explanation h1").textContent()).toBe("SIGPIPE: writing to a reset connection");
      expect(requests.filter((u) => !u.startsWith("file://"))).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  test("a malformed folder is reported with its path and problem, the others still run (exit 1)", async () => {
    const root = rootWith("run", ["refused"]);
    mkdirSync(join(root, "broken"));
    writeFileSync(join(root, "broken", "scenario.yml"), "title: x\ntags: [x]\ntopology: probe\nsteps: [{sleep: 1 s}]\nexpect: [{exit: x, code: 0}]\n");
    writeFileSync(join(root, "broken", "README.md"), "# x\n");
    const r = await lab(["run", "--all", "--out", join(temp, "out-broken"), "--prefix", testLabPrefix()], { env: { SOCKLAB_SCENARIOS: root }, timeoutMs: 300_000 });
    expect(r.stderr).toMatch(/^lab: not run: .*broken\/scenario\.yml: steps\[0\]\.sleep: bad duration "1 s"/m);
    expect(r.stdout).toMatch(/^PASS  refused: 4 of 4 held/m);
    expect(r.stdout).toMatch(/^1 scenario\(s\), 1 case\(s\): 1 passed, 1 failed/m);
    expect(r.code).toBe(1);
    expect(existsSync(join(reportDir(r.stdout, "refused"), "report.html"))).toBe(true);
  });

  test("Ctrl-C during lab run --all removes every lab it started and keeps what was written", async () => {
    const prefix = `${testLabPrefix()}int-`;
    const root = rootWith("interrupt", ["handshake", "refused", "half-close"]);
    const out = join(temp, "out-interrupt");
    const docker = new DockerodeClient();
    const ours = async () => (await listLabs(docker)).filter((l) => l.startsWith(prefix));
    const { child, done } = spawnLab(["run", "--all", "--jobs", "3", "--out", out, "--prefix", prefix], { env: { SOCKLAB_SCENARIOS: root } });
    // Interrupt once two captures listen (tcpdump said so: their labs are up and their steps
    // about to start). A sidecar only created, or still in its shell, has no file to save yet.
    const listening = async () => {
      const sidecars = (await docker.listContainers({ "socklab.role": "capture" })).filter((c) => c.name.startsWith(prefix) && c.running);
      const logs = await Promise.all(sidecars.map((c) => docker.logs(c.id).catch(() => ({ stdout: "", stderr: "" }))));
      return logs.filter((l) => /listening on /.test(l.stderr + l.stdout)).length;
    };
    const deadline = Date.now() + 120_000;
    while ((await listening()) < 2) {
      if (Date.now() > deadline) throw new Error("the captures never started");
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await ours()).length).toBeGreaterThanOrEqual(2);
    child.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted: cleaning up/);
    expect(await ours()).toEqual([]);
    // The captures running at the time were saved where the run writes its results.
    const pcaps = readdirSync(out, { recursive: true }).map(String).filter((f) => f.endsWith(".pcap"));
    expect(pcaps.length).toBeGreaterThanOrEqual(2);
  });
});
