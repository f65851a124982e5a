// `lab trace` on files (no Docker needed), and `lab up --capture` / `lab capture -- cmd`
// / `lab down` / `lab trace` as a student runs them.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, test } from "vitest";
import { projectRoot } from "../lab/paths.js";
import { sampleCaptures } from "../lab/pcap/testing/sample-captures.js";
import { integration, testLab } from "./support/docker-ready.js";

const dir = mkdtempSync(join(tmpdir(), "socklab-trace-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI, run from `dir` (so ./captures lands there, not in the repository). */
function lab(args: string[], timeoutMs = 240_000): Promise<Run> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [join(projectRoot(), "dist/cli/main.js"), ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

const noStack = (r: Run) => expect(r.stderr).not.toMatch(/\n\s+at /);

const sample = () => {
  const s = sampleCaptures().find((c) => c.name === "pcap-ns-be-ethernet");
  if (!s) throw new Error("sample capture missing");
  const path = join(dir, "sample.pcap");
  writeFileSync(path, s.data);
  return { path, data: s.data };
};

test("lab trace renders connections, Mermaid, SVG and JSON of a file", async () => {
  const { path } = sample();
  const text = await lab(["trace", path]);
  expect(text.code).toBe(0);
  expect(text.stdout).toMatch(/2 TCP connection\(s\), 7 UDP flow\(s\), 3 ICMP error\(s\)/);
  expect(text.stdout).toMatch(/Connection 1: client 10\.0\.0\.2:40000 -> server 10\.0\.0\.3:9877/);
  expect(text.stdout).toMatch(/Flags \[S\.\], seq 0, ack 1/);

  const one = await lab(["trace", path, "--connection", "2"]);
  expect(one.stdout).not.toMatch(/Connection 1:/);
  expect(one.stdout).toMatch(/Connection 2:/);

  const mermaid = await lab(["trace", path, "--connection", "1", "--mermaid"]);
  expect(mermaid.stdout.startsWith("sequenceDiagram\n")).toBe(true);

  const svgFile = join(dir, "c.svg");
  const svg = await lab(["trace", path, "--svg", svgFile]);
  expect(svg.code).toBe(0);
  expect(readFileSync(svgFile, "utf8")).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>\n$/);

  const json = await lab(["trace", path, "--json", "--filter", "port=9877"]);
  const parsed = JSON.parse(json.stdout) as { format: string; tcp: unknown[] };
  expect(parsed.format).toBe("socklab-trace/1");
  expect(parsed.tcp).toHaveLength(2);
});

test.each([
  ["not a capture", (d: Buffer) => Buffer.from("hello world\n"), /^lab: .*bad\.pcap: unknown capture format .* at byte offset 0\n$/],
  ["cut short", (d: Buffer) => d.subarray(0, 100), /^lab: .*bad\.pcap: truncated pcap record.* at byte offset 24\n$/],
  ["empty", () => Buffer.alloc(0), /^lab: .*bad\.pcap: .* at byte offset 0\n$/],
])("a bad file (%s) is one line and exit 2", async (_name, corrupt, message) => {
  const { data } = sample();
  const bad = join(dir, "bad.pcap");
  writeFileSync(bad, corrupt(data));
  const r = await lab(["trace", bad]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stdout).toBe("");
  noStack(r);
});

test("a capture cut short after some packets shows them, with a one-line warning", async () => {
  const { data } = sample();
  const cut = join(dir, "cut.pcap");
  writeFileSync(cut, data.subarray(0, data.length - 10)); // the last record loses its tail
  const r = await lab(["trace", cut]);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/^lab: warning: .*cut\.pcap: truncated pcap record.* at byte offset \d+: showing the \d+ packet\(s\) before it\n$/);
  expect(r.stdout).toMatch(/TCP connection\(s\)/);
  noStack(r);
});

test("a missing file is exit 4; a missing connection is exit 4; a bad selector is exit 2", async () => {
  const { path } = sample();
  const missing = await lab(["trace", join(dir, "nope.pcap")]);
  expect(missing.code).toBe(4);
  expect(missing.stderr).toMatch(/^lab: .*nope\.pcap: no such file\n$/);
  const conn = await lab(["trace", path, "--connection", "9"]);
  expect(conn.code).toBe(4);
  expect(conn.stderr).toMatch(/^lab: no connection 9: the capture has 2 TCP connection\(s\)\n$/);
  const sel = await lab(["trace", path, "--filter", "colour=blue"]);
  expect(sel.code).toBe(2);
  noStack(sel);
});

integration("lab up --capture / load / down / trace", () => {
  const name = testLab("capcli");
  afterAll(async () => void (await lab(["down", name])));

  test("the capture lab up started is saved by lab down, and lab trace reads it", async () => {
    const up = await lab(["up", "server3", "--name", name, "--capture"]);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(new RegExp(`capturing server of lab ${name} on eth\\d+ \\(\\d+\\.\\d+\\.\\d+\\.\\d+\\), offloads tso off, gso off, gro off`));

    const ps = await lab(["ps"]);
    expect(ps.stdout).toMatch(new RegExp(`${name}\\s+server\\s+capture\\s+`));

    const load = await lab(["load", name, "-c", "5", "-t", "2"]);
    expect(load.code).toBe(0);

    const down = await lab(["down", name]);
    expect(down.code).toBe(0);
    const path = /saved: (\S+\.pcap)/.exec(down.stdout + down.stderr)?.[1];
    expect(path, down.stdout + down.stderr).toBeDefined();
    expect(path).toMatch(new RegExp(`^${dir}/captures/${name}/server-eth\\d+-\\d{8}T\\d{6}Z\\.pcap$`));
    expect(existsSync(path!.replace(/\.pcap$/, ".json"))).toBe(true);

    const trace = await lab(["trace", path!]);
    expect(trace.code).toBe(0);
    expect(trace.stdout).toMatch(/^10 TCP connection\(s\)/m);
    expect(trace.stdout).toMatch(new RegExp(`taken in container ${name}-server \\(lab ${name}, service server\\) on interface eth\\d+`));
    expect(trace.stdout.match(/^Connection \d+:/gm)).toHaveLength(10);
    expect(trace.stdout.match(/close: client closed first \(active close\), graceful; TIME_WAIT: client/g)).toHaveLength(10);

    const mermaid = await lab(["trace", path!, "--connection", "3", "--mermaid"]);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout.startsWith("sequenceDiagram")).toBe(true);
    const svgFile = join(dir, "ladder.svg");
    const svg = await lab(["trace", path!, "--connection", "1", "--svg", svgFile]);
    expect(svg.code).toBe(0);
    expect(readFileSync(svgFile, "utf8").startsWith("<svg")).toBe(true);
  });

  test("lab capture -- <command> captures around a host command and exits with its status", async () => {
    const up = await lab(["up", "poll", "--name", name]);
    expect(up.code, up.stderr).toBe(0);
    const cli = resolve(projectRoot(), "dist/cli/main.js");
    const script = `node ${cli} load ${name} -c 3 && exit 7`;
    const r = await lab(["capture", "server", "--lab", name, "--out", "out", "--filter", "tcp port 1234", "--", "sh", "-c", script]);
    expect(r.code, r.stderr).toBe(7);
    const path = /saved (\S+\.pcap)/.exec(r.stdout)?.[1];
    expect(path, r.stdout).toMatch(new RegExp(`^out/${name}/server-eth\\d+-.*\\.pcap$`));
    const meta = JSON.parse(readFileSync(join(dir, path!.replace(/\.pcap$/, ".json")), "utf8")) as { filter: string; packets: number };
    expect(meta.filter).toBe("tcp port 1234");
    const trace = await lab(["trace", path!]);
    expect(trace.stdout).toMatch(/^3 TCP connection\(s\)/m);
    expect((await lab(["down", name])).code).toBe(0);
  });
});
