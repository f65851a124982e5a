// The echo family on port 8000: quick writes merge on the byte stream (upper-server needs
// fewer read() calls than the client made writes), framing and readline give every
// message back intact, and a malformed frame or line closes only its own connection.
import { expect, test } from "vitest";
import { dockerClient } from "../lab/docker/connect.js";
import { integration, labImage, testLab } from "./support/docker-ready.js";
import { labNetwork, lastJson, runProgram, startProgram } from "socklab/testcontainers";

interface Burst {
  mode: string;
  sent: number;
  received: number;
  intact: number;
  bytes_sent: number;
  bytes_received: number;
  stream_ok: boolean;
}

const K = 20;
const docker = dockerClient();
const stderrOf = async (id: string) => (await docker.logs(id)).stderr;

/** "<peer>: ... in R read() calls" for the one connection the server logged. */
function readCalls(log: string, what: RegExp): number[] {
  return [...log.matchAll(new RegExp(`${what.source} in (\\d+) read\\(\\) calls`, "g"))].map((m) => Number(m[1]));
}

integration("echo family (upper, framed, line) and burst-client", () => {
  test("quick writes: merged on the stream for upper-server, intact with framing and readline", async () => {
    const image = labImage();
    await using net = await labNetwork(testLab("echo"));
    const servers = {
      raw: await startProgram(image, net.lab, "upper", ["upper-server"]),
      framed: await startProgram(image, net.lab, "framed", ["echo-framed-server"]),
      line: await startProgram(image, net.lab, "line", ["echo-line-server"]),
    };
    const host = { raw: "upper", framed: "framed", line: "line" };
    for (const mode of ["raw", "framed", "line"] as const) {
      const run = await runProgram(image, net.lab, "burst", ["burst-client", "-p", host[mode], "-k", String(K), "--mode", mode]);
      const burst = lastJson<Burst>(run, "burst-client");
      expect(run.exitCode, run.stderr).toBe(0);
      expect(burst).toMatchObject({ mode, sent: K, stream_ok: true });
      expect(burst.bytes_received).toBe(burst.bytes_sent);
      if (mode !== "raw") expect([burst.received, burst.intact]).toEqual([K, K]);
    }

    // upper-server: 20 writes reached it in fewer read() calls (one more sees EOF).
    const upper = readCalls(await stderrOf(servers.raw.getId()), /\d+ bytes/);
    expect(upper).toHaveLength(1);
    expect(upper[0]).toBeLessThan(K + 1);
    // readn asks for exactly the header, then exactly the payload: at least two per frame.
    const framed = readCalls(await stderrOf(servers.framed.getId()), new RegExp(`${K} frames \\(\\d+ bytes\\)`));
    expect(framed).toHaveLength(1);
    expect(framed[0]).toBeGreaterThanOrEqual(2 * K + 1);
    // readline reads ahead 4096 bytes: the merged lines cost fewer reads than lines.
    const line = readCalls(await stderrOf(servers.line.getId()), new RegExp(`${K} lines \\(\\d+ bytes\\)`));
    expect(line).toHaveLength(1);
    expect(line[0]).toBeLessThan(K + 1);
  });

  test("a malformed frame or line closes only its own connection", async () => {
    const image = labImage();
    await using net = await labNetwork(testLab("echo-bad"));
    const framed = await startProgram(image, net.lab, "framed", ["echo-framed-server"]);
    const line = await startProgram(image, net.lab, "line", ["echo-line-server"]);
    // A slow good client on each server spans the bad ones; each bad one prints the bytes it got back.
    const script = [
      "burst-client -p framed --mode framed -k 6 --gap 300 >/tmp/good-framed &",
      "burst-client -p line --mode line -k 6 --gap 300 >/tmp/good-line &",
      "sleep 0.3",
      "printf '\\377\\377\\377\\377' | nc -N framed 8000 | wc -c",  // length 4294967295 > 65536
      "printf '\\000\\000\\000\\020abc' | nc -N framed 8000 | wc -c", // 16 announced, 3 sent
      "head -c 5000 /dev/zero | tr '\\0' x | nc -N line 8000 | wc -c", // no newline within 4096
      "printf 'abc' | nc -N line 8000 | wc -c",                       // EOF inside a line
      "wait; cat /tmp/good-framed /tmp/good-line",
    ].join("\n");
    const run = await runProgram(image, net.lab, "probe", ["sh", "-c", script]);
    expect(run.exitCode, run.stderr).toBe(0);
    const out = run.stdout.trim().split("\n");
    expect(out.slice(0, 4).map(Number)).toEqual([0, 0, 0, 0]);
    for (const good of out.slice(4).map((l) => JSON.parse(l) as Burst)) expect(good).toMatchObject({ sent: 6, received: 6, intact: 6, stream_ok: true });

    const framedLog = await stderrOf(framed.getId());
    expect(framedLog).toMatch(/bad frame from \S+: length 4294967295 > 65536, closing/);
    expect(framedLog).toMatch(/bad frame from \S+: truncated \(EOF inside a frame\), closing/);
    const lineLog = await stderrOf(line.getId());
    expect(lineLog).toMatch(/bad line from \S+: no newline within 4096 bytes, closing/);
    expect(lineLog).toMatch(/bad line from \S+: truncated \(EOF inside a line\), closing/);
    for (const c of [framed, line]) expect((await docker.inspectContainer(c.getId())).running).toBe(true);
  });
});
