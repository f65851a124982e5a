// `lab ps --tree` from the CLI: a zombie in the text tree, --json and --svg; --watch redraws
// in place while children come and go with their connections; bad input is one line and a
// documented exit code (no such lab, a stopped service, an unwritable --svg).
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { dockerClient } from "../lab/docker/connect.js";
import { StartedService } from "../lab/lab/service.js";
import { allProcesses, type ServiceStructure } from "../lab/lab/structure.js";
import { lab, spawnLab } from "./support/cli.js";
import { integration, labImage, testLab } from "./support/docker-ready.js";
import { eventually, LabContainer, labNetwork, startServer, terminate } from "socklab/testcontainers";

const oneLine = (stderr: string): string[] => stderr.trim().split("\n");

integration("lab ps --tree", () => {
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
    expect(text.stdout).toMatch(/fork-server S \(sleeping\) in accept4? fd 3/);
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

    // An SVG the CLI cannot write: one line, exit 1, nothing written.
    const dir = mkdtempSync(join(tmpdir(), "tree-svg-"));
    for (const bad of [join(dir, "no-such-dir", "x.svg"), dir, join(file, "x.svg")]) {
      const r = await lab(["ps", "--tree", net.lab, "--svg", bad]);
      expect(r.code, bad).toBe(1);
      expect(oneLine(r.stderr)).toEqual([expect.stringMatching(new RegExp(`^lab: cannot write ${bad.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: .+ \\(E[A-Z]+\\)$`))]);
      expect(r.stdout).toBe("");
    }
    expect(existsSync(join(dir, "no-such-dir"))).toBe(false);

    // The server stopped: its container is still there, /proc is not.
    await terminate(container.getId());
    for (const args of [["ps", "--tree", net.lab], ["ps", "--tree", net.lab, "--json"]]) {
      const r = await lab(args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(oneLine(r.stderr)).toEqual([`lab: ${name} is not running: \`lab logs server --lab ${net.lab}\` says why`]);
      expect(r.stdout).toBe("");
    }
  });

  test("--watch redraws in place every second; children appear and leave with their connections", async () => {
    const image = labImage();
    await using net = await labNetwork(testLab("st-watch"));
    await startServer(image, net.lab, "fork");
    const watch = spawnLab(["ps", "--tree", net.lab, "--watch"]);
    let out = "";
    watch.child.stdout?.on("data", (b: Buffer) => (out += b.toString()));
    const frames = (): string[] => out.split("\x1b[H").slice(1);
    const children = (frame: string): number => (frame.match(/fork-server S \(sleeping\) in read fd \d+/g) ?? []).length;
    const until = async (what: string, ok: () => boolean, ms = 60_000): Promise<void> => {
      for (const end = Date.now() + ms; !ok(); await new Promise((r) => setTimeout(r, 200))) if (Date.now() > end) throw new Error(`--watch never showed ${what}:\n${frames().at(-1)}`);
    };
    await until("a first frame", () => frames().length > 0);
    await new LabContainer(image, net.lab, "load").withCommand(["client_test", "-p", "server", "-c", "3", "-r", "0", "--hold", "8"]).start();
    await until("3 children", () => frames().some((f) => children(f) === 3));
    const shown = frames().length;
    await until("the children gone", () => frames().slice(shown).some((f) => children(f) === 0));
    watch.child.kill("SIGINT");
    const r = await watch.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    // The screen is cleared once; then each frame goes home, clears each line's end and what is left below.
    expect(r.stdout.split("\x1b[2J")).toHaveLength(2);
    expect(r.stdout.startsWith("\x1b[2J")).toBe(true);
    for (const f of frames()) expect(f).toMatch(new RegExp(`^lab ${net.lab}: \\d\\d:\\d\\d:\\d\\d UTC \\(Ctrl-C stops\\)\x1b\\[K\n[\\s\\S]*\n\x1b\\[J$`));
    const stamps = frames().map((f) => f.slice(0, f.indexOf(" UTC")));
    expect(new Set(stamps).size).toBeGreaterThanOrEqual(frames().length - 2); // about one frame a second
  });

  test("a lab that does not exist: one line, exit 4", async () => {
    const r = await lab(["ps", "--tree", testLab("st-no-such-lab")]);
    expect(r.code).toBe(4);
    expect(oneLine(r.stderr)).toEqual([expect.stringMatching(new RegExp(`^lab: no lab '${testLab("st-no-such-lab")}' is up`))]);
    expect(r.stdout).toBe("");
  });

  test("the tree's options go with --tree", async () => {
    const r = await lab(["ps", "--json"]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toHaveLength(1);
  });
});
