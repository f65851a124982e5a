// The seed's file server: a client lists the files, two clients download the same 5 MB file
// at once, and every checksum agrees (client, server, and sha256sum in the server's
// container); a bad request gets one ERR line and closes only its connection.
import { expect, test } from "vitest";
import { dockerClient } from "../lab/docker/connect.js";
import { integration, labImage, testLab } from "./support/docker-ready.js";
import { labNetwork, lastJson, runProgram, startProgram } from "socklab/testcontainers";

interface Download {
  name: string;
  size: number;
  bytes: number;
  sha256: string;
  server_sha256: string;
  match: boolean;
}

const docker = dockerClient();
const BIG = 5_000_000;

integration("file-server and file-client", () => {
  test("list, then two concurrent downloads whose checksums match", async () => {
    const image = labImage();
    await using net = await labNetwork(testLab("files"));
    const setup = `mkdir -p /tmp/files && head -c ${BIG} /dev/urandom >/tmp/files/big && echo hello >/tmp/files/small && mkdir /tmp/files/subdir`;
    const server = await startProgram(image, net.lab, "server", ["sh", "-c", `${setup} && exec file-server -d /tmp/files`]);

    const list = await runProgram(image, net.lab, "client", ["file-client", "-p", "server", "--list"]);
    expect(list.exitCode, list.stderr).toBe(0);
    const listing = lastJson<{ count: number; files: Array<{ name: string; size: number }> }>(list, "file-client");
    expect(listing.files.sort((a, b) => a.name.localeCompare(b.name))).toEqual([{ name: "big", size: BIG }, { name: "small", size: 6 }]);

    const [a, b] = await Promise.all(["client1", "client2"].map((c) => runProgram(image, net.lab, c, ["file-client", "-p", "server", "--get", "big"])));
    const expected = (await docker.exec(server.getId(), ["sha256sum", "/tmp/files/big"])).stdout.slice(0, 64);
    for (const run of [a!, b!]) {
      expect(run.exitCode, run.stderr).toBe(0);
      expect(lastJson<Download>(run, "file-client")).toMatchObject({ name: "big", size: BIG, bytes: BIG, sha256: expected, server_sha256: expected, match: true });
    }
    const log = (await docker.logs(server.getId())).stderr;
    expect(log.match(new RegExp(`GET big: ${BIG} bytes, sha256 ${expected}`, "g"))).toHaveLength(2);
  });

  test("refusals: unknown file, a path, a bad request; the server goes on", async () => {
    const image = labImage();
    await using net = await labNetwork(testLab("files-bad"));
    const server = await startProgram(image, net.lab, "server", ["sh", "-c", "mkdir -p /tmp/f && echo x >/tmp/f/x && exec file-server -d /tmp/f"]);
    const get = (name: string) => runProgram(image, net.lab, "client", ["file-client", "-p", "server", "--get", name]);
    const missing = await get("nope");
    expect([missing.exitCode, missing.stderr.trim()]).toEqual([1, "file-client: server: ERR nope: no such file"]);
    const escape = await get("../../etc/passwd");
    expect([escape.exitCode, escape.stderr.trim()]).toEqual([1, "file-client: server: ERR bad file name"]);
    const bad = await runProgram(image, net.lab, "probe", ["sh", "-c", "printf 'HELLO\\nLIST\\n' | nc -N server 1234"]);
    expect(bad.stdout).toBe("ERR bad request\n"); // and closed: the LIST after it is never answered
    expect((await docker.logs(server.getId())).stderr).toMatch(/bad request from \S+: "HELLO"/);
    const ok = await get("x");
    expect(ok.exitCode, ok.stderr).toBe(0);
  });
});
