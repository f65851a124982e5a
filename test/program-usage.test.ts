// Every C program answers -h with its usage (exit 0) and bad usage with exactly one line
// on stderr and exit 2, inside the lab image as a student runs them.
import { expect, test } from "vitest";
import { dockerClient } from "../lab/docker/connect.js";
import { SERVERS } from "../lab/programs/programs.js";
import { integration, labImage, testLab } from "./support/docker-ready.js";
import { LabContainer, labNetwork } from "../lab/testcontainers/index.js";

const PROGRAMS = [
  ...SERVERS.map((s) => s.binary), "client_test", "check-client", "p2pserver", "p2pclient", "client", "probe-client", "probe-server",
  "limit-server", // the reference row of `lab bench`
  // demonstration programs (issue 9)
  "upper-server", "echo-framed-server", "echo-line-server", "burst-client", "double-fork-server",
  "slot-thread-server", "unix-echo-server", "unix-echo-client", "passfd-demo",
  "nonblock-server", "sigio-server", "file-server", "file-client",
];
const BAD = ["--bogus", "-P 70000", "-P", "stray-operand"];
// The variants chosen by flag: a bad value or a flag where it does not belong is one line too.
const BAD_FLAGS = [
  "fork-server --sigchld bogus", "fork-server --no-restart --sigchld none", "prefork-lock-server --select",
  "p2pclient --no-reap", "burst-client --mode bogus", "file-client --list --get x", "unix-echo-server -u ''",
];

integration("program usage", () => {
  test("-h exits 0; each bad invocation is one stderr line and exit 2", async () => {
    await using net = await labNetwork(testLab("usage"));
    // One container runs them all: per invocation, the exit status and the stderr line count.
    const bad = (cmd: string) => `${cmd} 2>/tmp/err >/dev/null; echo "${cmd.replaceAll("'", "")} $? $(wc -l </tmp/err) $(head -c 200 /tmp/err)"`;
    const script = [
      ...PROGRAMS.flatMap((p) => [`${p} -h >/dev/null 2>&1; echo "${p} -h $?"`, ...BAD.map((args) => bad(`${p} ${args}`))]),
      ...BAD_FLAGS.map(bad),
    ].join("\n");
    const c = await new LabContainer(labImage(), net.lab, "usage").withCommand(["sh", "-c", script]).start();
    const docker = dockerClient();
    expect(await docker.waitContainer(c.getId())).toBe(0);
    const lines = (await docker.logs(c.getId())).stdout.trim().split("\n");
    expect(lines).toHaveLength(PROGRAMS.length * (1 + BAD.length) + BAD_FLAGS.length);
    for (const line of lines) {
      if (/ -h \d+$/.test(line)) {
        expect(line).toMatch(/ -h 0$/);
        continue;
      }
      // "<prog> <args> <status> <stderr lines> <the line>"
      expect(line, line).toMatch(/ 2 1 \S+: .+ \(see '\S+ -h'\)$/);
    }
  });
});
