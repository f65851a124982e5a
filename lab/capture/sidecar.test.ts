import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { metaPathFor } from "./meta.js";
import { fileStamp, parseSidecarStdout, parseTcpdumpStats, SIDECAR_SCRIPT } from "./sidecar.js";

test("fileStamp is compact UTC", () => {
  expect(fileStamp(new Date("2026-11-20T23:15:00.123Z"))).toBe("20261120T231500Z");
});

test("tcpdump's closing statistics", () => {
  const stderr = "tcpdump: listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n42 packets captured\n44 packets received by filter\n1 packet dropped by kernel\n";
  expect(parseTcpdumpStats(stderr)).toEqual({ captured: 42, receivedByFilter: 44, droppedByKernel: 1 });
  expect(parseTcpdumpStats("")).toEqual({});
});

test("the sidecar's marker lines", () => {
  expect(parseSidecarStdout("socklab-iface eth1\nsocklab-offloads tso=off gso=off gro=on\n")).toEqual({
    iface: "eth1",
    offloads: { tso: "off", gso: "off", gro: "on" },
  });
  expect(parseSidecarStdout("socklab-offloads tso=? gso=maybe gro=off").offloads).toEqual({ tso: "?", gso: "?", gro: "off" });
});

test("the JSON sidecar sits beside the pcap", () => {
  expect(metaPathFor("captures/l/server-eth0-20261120T231500Z.pcap")).toBe("captures/l/server-eth0-20261120T231500Z.json");
});

// The script against fake ip/ethtool/tcpdump: picks the interface by address (not eth0),
// turns offloads off one by one, reports what stuck, and hands the filter to tcpdump.
describe("the sidecar script", () => {
  const dir = mkdtempSync(join(tmpdir(), "sidecar-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fake = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  fake("ip", [
    "echo '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever'",
    "echo '5: eth0    inet 10.9.0.5/24 brd 10.9.0.255 scope global eth0\\       valid_lft forever'",
    "echo '7: eth1    inet 172.30.0.2/16 brd 172.30.255.255 scope global eth1\\       valid_lft forever'",
  ].join("\n"));
  fake("ethtool", [
    `echo "$@" >> ${dir}/ethtool.log`,
    'if [ "$1" = -K ]; then [ "$3" = gro ] && { echo "Cannot change generic-receive-offload" >&2; exit 1; }; exit 0; fi',
    "echo 'Features for eth1:'",
    "echo 'tcp-segmentation-offload: off'",
    "echo 'generic-segmentation-offload: off'",
    "echo 'generic-receive-offload: on [fixed]'",
  ].join("\n"));
  fake("tcpdump", `for a in "$@"; do echo "arg:$a"; done`);
  const run = (env: Record<string, string>, filter?: string) =>
    spawnSync("sh", ["-c", SIDECAR_SCRIPT, "capture", ...(filter ? [filter] : [])], {
      env: { PATH: `${dir}:${process.env.PATH}`, ...env },
      encoding: "utf8",
    });

  test("finds the interface holding the address and execs tcpdump on it", () => {
    const r = run({ ADDR: "172.30.0.2", OFFLOADS: "off" }, "tcp port 1234");
    expect(r.status).toBe(0);
    const report = parseSidecarStdout(r.stdout);
    expect(report).toEqual({ iface: "eth1", offloads: { tso: "off", gso: "off", gro: "on" } });
    const args = r.stdout.split("\n").filter((l) => l.startsWith("arg:")).map((l) => l.slice(4));
    expect(args).toEqual(["-i", "eth1", "-U", "--immediate-mode", "-B", "32768", "-w", "/tmp/capture.pcap", "tcp port 1234"]);
    expect(readFileSync(join(dir, "ethtool.log"), "utf8")).toContain("-K eth1 tso off\n-K eth1 gso off\n-K eth1 gro off\n");
  });

  test("--keep-offloads touches nothing; an unknown address fails with the list", () => {
    rmSync(join(dir, "ethtool.log"), { force: true });
    expect(run({ ADDR: "10.9.0.5", OFFLOADS: "keep" }).stdout).toContain("socklab-iface eth0");
    expect(readFileSync(join(dir, "ethtool.log"), "utf8")).not.toContain("-K");
    const bad = run({ ADDR: "10.9.0.55", OFFLOADS: "off" });
    expect(bad.status).toBe(3);
    expect(bad.stderr).toMatch(/no interface holds 10.9.0.55/);
  });
});
