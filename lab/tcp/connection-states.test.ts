import { describe, expect, it } from "vitest";
import { analyzeSync } from "./analyzer.js";
import type { TcpConnection } from "./tcp-connection.js";
import { Conversation } from "./testing/test-packets.js";

/** "STATE@packetIndex", the assumed initial state without index. */
function timeline(conn: TcpConnection | undefined, side: "client" | "server"): string[] {
  return (conn?.states[side] ?? []).map((c) => (c.cause === undefined ? c.state : `${c.state}@${c.cause}`));
}

function only(conv: Conversation): TcpConnection {
  const { tcp } = analyzeSync(conv.packets);
  expect(tcp).toHaveLength(1);
  return tcp[0]!;
}

describe("RFC 793 state timeline", () => {
  it("client closes: client ends in TIME_WAIT, server passes CLOSE_WAIT and LAST_ACK", () => {
    const conv = new Conversation().handshake();
    conv.send("c>s P.", { len: 100 });
    conv.send("s>c .");
    conv.send("s>c P.", { len: 50 });
    conv.send("c>s .");
    conv.send("c>s F."); // 7
    conv.send("s>c ."); // 8
    conv.send("s>c F."); // 9
    conv.send("c>s ."); // 10
    const conn = only(conv);
    expect(timeline(conn, "client")).toEqual(["CLOSED", "SYN_SENT@0", "ESTABLISHED@1", "FIN_WAIT_1@7", "FIN_WAIT_2@8", "TIME_WAIT@9"]);
    expect(timeline(conn, "server")).toEqual(["LISTEN", "SYN_RECEIVED@1", "ESTABLISHED@2", "CLOSE_WAIT@7", "LAST_ACK@9", "CLOSED@10"]);
    expect(conn.close).toEqual({ clientFinIndex: 7, serverFinIndex: 9, activeCloser: "client", simultaneous: false, graceful: true, timeWait: ["client"] });
  });

  it("server closes with its FIN and the ACK of the client's FIN combined", () => {
    const conv = new Conversation().handshake();
    conv.send("s>c P.", { len: 20 });
    conv.send("c>s .");
    conv.send("s>c F."); // 5
    conv.send("c>s F."); // 6: acks the server FIN and carries the client's FIN
    conv.send("s>c ."); // 7
    const conn = only(conv);
    expect(timeline(conn, "server")).toEqual(["LISTEN", "SYN_RECEIVED@1", "ESTABLISHED@2", "FIN_WAIT_1@5", "TIME_WAIT@6"]);
    expect(timeline(conn, "client")).toEqual(["CLOSED", "SYN_SENT@0", "ESTABLISHED@1", "CLOSE_WAIT@5", "LAST_ACK@6", "CLOSED@7"]);
    expect(conn.close.activeCloser).toBe("server");
    expect(conn.close.timeWait).toEqual(["server"]);
    expect(conn.close.graceful).toBe(true);
  });

  it("simultaneous close: both ends go through CLOSING to TIME_WAIT", () => {
    const conv = new Conversation({ clientIsn: 100, serverIsn: 900 }).handshake();
    conv.send("c>s F."); // 3: seq 101, ack 901
    conv.send("s>c F.", { ack: 101 }); // 4: crossed in flight, does not ack the client's FIN
    conv.send("c>s ."); // 5: acks the server FIN
    conv.send("s>c ."); // 6: acks the client FIN
    const conn = only(conv);
    expect(timeline(conn, "client")).toEqual(["CLOSED", "SYN_SENT@0", "ESTABLISHED@1", "FIN_WAIT_1@3", "CLOSING@4", "TIME_WAIT@6"]);
    expect(timeline(conn, "server")).toEqual(["LISTEN", "SYN_RECEIVED@1", "ESTABLISHED@2", "FIN_WAIT_1@4", "CLOSING@4", "TIME_WAIT@5"]);
    expect(conn.close.simultaneous).toBe(true);
    expect(conn.close.timeWait).toEqual(["client", "server"]);
    expect(conn.close.graceful).toBe(true);
  });

  it("RST in answer to a SYN: the port was closed, the client goes back to CLOSED", () => {
    const conv = new Conversation();
    conv.send("c>s S");
    conv.send("s>c R.", { seq: 0 });
    const conn = only(conv);
    expect(timeline(conn, "client")).toEqual(["CLOSED", "SYN_SENT@0", "CLOSED@1"]);
    expect(timeline(conn, "server")).toEqual(["CLOSED"]);
    expect(conn.resets).toMatchObject([{ index: 1, by: "server", cause: "connection-refused" }]);
    expect(conn.handshake.complete).toBe(false);
  });

  it("RST after data: abortive close by the client", () => {
    const conv = new Conversation().handshake();
    conv.send("c>s P.", { len: 10 });
    conv.send("s>c .");
    conv.send("c>s R.");
    const conn = only(conv);
    expect(timeline(conn, "client").at(-1)).toBe("CLOSED@5");
    expect(timeline(conn, "server").at(-1)).toBe("CLOSED@5");
    expect(conn.resets).toMatchObject([{ by: "client", cause: "abortive-close" }]);
    expect(conn.close.graceful).toBe(false);
  });

  it("RST after data sent to a socket the server already closed (UNP 5.12)", () => {
    const conv = new Conversation().handshake();
    conv.send("s>c F."); // 3: server process killed
    conv.send("c>s ."); // 4
    conv.send("c>s P.", { len: 5 }); // 5: client writes anyway
    conv.send("s>c R", { ack: 0 }); // 6
    const conn = only(conv);
    expect(timeline(conn, "server")).toEqual(["LISTEN", "SYN_RECEIVED@1", "ESTABLISHED@2", "FIN_WAIT_1@3", "FIN_WAIT_2@4", "CLOSED@6"]);
    expect(timeline(conn, "client")).toEqual(["CLOSED", "SYN_SENT@0", "ESTABLISHED@1", "CLOSE_WAIT@3", "CLOSED@6"]);
    expect(conn.resets[0]?.cause).toBe("data-after-close");
  });
});
