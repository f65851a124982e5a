// Reading the wire: a tcpdump sidecar in the server's namespace records what the
// textbook draws (handshake, data, who closes first, TIME_WAIT, RST, ICMP), checked with
// lab/assert, and every packet of every capture agrees with tshark field by field.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { Trace, gracefulClose, handshakeCompleted, resetBy } from "../lab/assert/index.js";
import type { CaptureMeta, SavedCapture } from "../lab/capture/index.js";
import { dockerClient } from "../lab/docker/connect.js";
import { LAB_LABEL, ROLE_LABEL } from "../lab/docker/labels.js";
import { startLab, type StartedLab } from "../lab/lab/lab.js";
import { readCapture } from "../lab/pcap/reader.js";
import { diffWithTshark, findTshark, runTshark } from "../lab/pcap/testing/tshark-oracle.js";
import { integration, labImage, testLab } from "./support/docker-ready.js";
import { LabContainer } from "../lab/testcontainers/index.js";

const LAB = testLab("capture");
const out = mkdtempSync(join(tmpdir(), "socklab-capture-"));
const saved: SavedCapture[] = [];
const docker = dockerClient();

async function traceOf(s: SavedCapture): Promise<Trace> {
  const capture = await readCapture(s.path, { strict: true });
  return Trace.fromPackets(capture.packets);
}

/** Runs a shell command in a throwaway container on the lab network; returns its exit status. */
async function probe(script: string): Promise<number> {
  const c = await new LabContainer(labImage(), LAB, "probe").withCommand(["sh", "-c", script]).start();
  const status = await docker.waitContainer(c.getId());
  await docker.removeContainer(c.getId());
  return status;
}

/** Captures the server while `traffic` runs; the capture is confirmed listening before it starts. */
async function captured(lab: StartedLab, traffic: () => Promise<unknown>, opts: { filter?: string } = {}): Promise<SavedCapture> {
  await using capture = await lab.capture("server", { outDir: out, ...opts });
  await traffic();
  const s = await capture.stop();
  saved.push(s);
  return s;
}

integration("capture and trace", () => {
  let lab: StartedLab;
  beforeAll(async () => {
    lab = await startLab({ name: LAB, topology: "server", variables: { SERVER_BINARY: "prefork-lock-server", SERVER_ARGS: "-t 4" } });
  });
  afterAll(async () => {
    await lab?.down();
    rmSync(out, { recursive: true, force: true });
  });

  test("client_test -c 5 -t 2: ten connections, handshake, 4000 bytes, the client closes and waits in TIME_WAIT", async () => {
    const s = await captured(lab, async () => expect((await lab.run("load", ["-c", "5", "-t", "2"])).exitCode).toBe(0));
    const server = lab.service("server");
    expect(s.path).toMatch(new RegExp(`/${LAB}/server-eth\\d+-\\d{8}T\\d{6}Z\\.pcap$`));
    const meta = JSON.parse(readFileSync(s.metaPath, "utf8")) as CaptureMeta;
    expect(meta).toMatchObject({ lab: LAB, service: "server", container: server.containerName, address: server.address, filter: "" });
    expect(meta.interface).toBe(s.meta.interface);
    expect(meta.offloads).toMatchObject({ requested: "off", tso: "off", gso: "off", gro: "off" });
    expect(Date.parse(meta.stopped)).toBeGreaterThanOrEqual(Date.parse(meta.started));

    const trace = await traceOf(s);
    expect(meta.packets).toBe(trace.analysis.packetCount);
    expect(trace.connections).toHaveLength(10);
    for (const conn of trace.connections) {
      expect(conn.server).toEqual({ address: server.address, port: 1234 });
      handshakeCompleted(conn);
      expect(conn.toClient.bytes).toBe(4000);
      expect(conn.toServer.bytes).toBe(5); // "4000\n"
      gracefulClose(conn, { activeCloser: "client" });
      expect(conn.close.timeWait).toEqual(["client"]);
      // RFC 793's figure 6 path for each side; FIN_WAIT_2 appears only where the server
      // acknowledged the client's FIN before sending its own.
      const path = (side: "client" | "server") => conn.states[side].map((c) => c.state).filter((st) => st !== "FIN_WAIT_2");
      expect(path("client")).toEqual(["CLOSED", "SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "TIME_WAIT"]);
      expect(path("server")).toEqual(["LISTEN", "SYN_RECEIVED", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"]);
    }
  });

  test("a malformed request: the server closes first", async () => {
    const s = await captured(lab, () => probe("(printf 'abc\\n'; sleep 1) | nc -N server 1234"));
    const conn = (await traceOf(s)).connection({ serverPort: 1234 });
    handshakeCompleted(conn);
    expect(conn.toClient.bytes).toBe(0);
    gracefulClose(conn, { activeCloser: "server" });
    expect(conn.close.timeWait).toEqual(["server"]);
  });

  test("client_test --rst: the client resets", async () => {
    const s = await captured(lab, () => lab.run("load", ["-c", "1", "--rst"]));
    const trace = await traceOf(s);
    expect(trace.connections).toHaveLength(1);
    resetBy(trace.connection(), "client");
  });

  test("UDP to a closed port: ICMP port unreachable tied to the flow", async () => {
    const s = await captured(lab, () => probe("echo x | nc -u -w1 server 9"), { filter: "udp or icmp" });
    expect(s.meta.filter).toBe("udp or icmp");
    const trace = await traceOf(s);
    const icmp = trace.icmpPortUnreachableSeen({ serverPort: 9 });
    expect(icmp.reporter).toBe(lab.service("server").address);
    expect(trace.connections).toHaveLength(0); // the filter kept TCP out
  });

  test("--keep-offloads records what it left", async () => {
    await using capture = await lab.capture("server", { outDir: out, keepOffloads: true });
    expect(capture.offloads.requested).toBe("kept");
    const s = await capture.stop();
    expect(await capture.stop()).toBe(s); // idempotent
    expect(s.meta.offloads.requested).toBe("kept");
    expect(await docker.listContainers({ [LAB_LABEL]: LAB, [ROLE_LABEL]: "capture" })).toEqual([]);
  });

  test("a capture still running when the lab goes down is saved", async () => {
    const other = await startLab({ name: testLab("capture-down"), topology: "server", variables: { SERVER_BINARY: "poll-server" } });
    try {
      await other.capture("server", { outDir: out });
      await other.run("load", ["-c", "2"]);
      const lines: string[] = [];
      const { removeLab } = await import("../lab/lab/teardown.js");
      await removeLab(docker, other.name, (l) => lines.push(l));
      const path = /saved: (\S+\.pcap)/.exec(lines.join("\n"))?.[1];
      expect(path, lines.join("\n")).toBeDefined();
      const trace = await traceOf({ path } as SavedCapture);
      expect(trace.connections).toHaveLength(2);
    } finally {
      await other.down();
    }
  });

  test("tshark agrees on every packet of every capture (time, addresses, ports, flags, seq, ack, window, length)", async () => {
    expect(findTshark(), "tshark is installed by the global setup").toBeDefined();
    expect(saved.length).toBeGreaterThanOrEqual(4);
    for (const s of saved) {
      const ours = await readCapture(s.path, { strict: true });
      const theirs = await runTshark(s.path);
      expect(ours.packets.length).toBeGreaterThan(0);
      expect(diffWithTshark(ours.packets, theirs), s.path).toEqual([]);
    }
  });
});
