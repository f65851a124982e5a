// The chat pair: what is typed on one side appears on the other; when the client quits,
// the server's stdin child exits, is reaped (no zombie), and the server accepts again.
import { expect, test } from "vitest";
import { startLab } from "../lab/lab/lab.js";
import { integration, testLab } from "./support/docker-ready.js";
import { eventually, serverShape } from "../lab/testcontainers/index.js";

const collect = (stream: NodeJS.ReadableStream) => {
  const seen = { text: "" };
  stream.on("data", (b: Buffer) => (seen.text += b.toString()));
  return seen;
};

integration("chat pair (p2pserver and p2pclient)", () => {
  test("lines cross both ways and the server reaps its child when the client quits", async () => {
    await using lab = await startLab({ name: testLab("chat"), topology: "chat" });
    const server = lab.service("p2pserver");
    const client = lab.service("p2pclient");
    await server.waitForLog(/connection from/);

    const clientIo = await lab.docker.attach(client.containerId, true);
    const serverIo = await lab.docker.attach(server.containerId, false);
    const clientSaw = collect(clientIo.stdout);

    clientIo.stdin.write("hello from the client\r");
    await eventually(async () => (await server.logs()).stdout, (out) => out.includes("hello from the client"));
    expect((await server.logs()).stdout).toContain("hello from the client");

    serverIo.stdin.write("hello from the server\n");
    await eventually(async () => clientSaw.text, (t) => t.includes("hello from the server"));
    expect(clientSaw.text).toContain("hello from the server");

    // While connected: the server's parent reads the socket, its child reads stdin.
    expect((await serverShape(server.containerId, "p2pserver")).childThreads).toEqual([1]);

    clientIo.stdin.write("\x04"); // Ctrl-D on the client's terminal: EOF, the client quits
    expect(await lab.docker.waitContainer(client.containerId)).toBe(0);
    await server.waitForLog(/peer left/);
    const after = await eventually(
      () => serverShape(server.containerId, "p2pserver"),
      (s) => s.childThreads.length === 0 && s.zombies === 0,
    );
    expect(after.childThreads).toEqual([]);
    expect(after.zombies).toBe(0);
    expect(await server.running()).toBe(true);
  });
});

integration("chat pair with p2pserver --no-reap (the seed's original)", () => {
  test("when the client quits, the signalled child is not reaped and stays a zombie", async () => {
    await using lab = await startLab({ name: testLab("chat-noreap"), topology: "chat", variables: { P2PSERVER_ARGS: "--no-reap" } });
    const server = lab.service("p2pserver");
    const client = lab.service("p2pclient");
    await server.waitForLog(/connection from/);
    expect((await serverShape(server.containerId, "p2pserver")).childThreads).toEqual([1]);

    const clientIo = await lab.docker.attach(client.containerId, true);
    clientIo.stdin.write("\x04"); // the client quits
    expect(await lab.docker.waitContainer(client.containerId)).toBe(0);
    await server.waitForLog(/not reaped \(--no-reap\)/);
    const after = await eventually(() => serverShape(server.containerId, "p2pserver"), (s) => s.zombies === 1);
    expect(after.zombies).toBe(1);
    // the zombie is the server's own child, and the server goes on
    expect(after.rows.filter((r) => r.state.startsWith("Z") && r.pid !== r.ppid)[0]?.command).toMatch(/p2pserver/);
    expect(after.childThreads).toEqual([1]);
    expect(await server.running()).toBe(true);
  });
});
