import { describe, expect, it } from "vitest";
import { analyzeSync } from "../tcp/analyzer.js";
import { Conversation } from "../tcp/testing/test-packets.js";
import { gracefulClose, handshakeCompleted, resetBy, retransmissionSeen } from "./checks.js";

function conn(build: (c: Conversation) => void) {
  const conv = new Conversation();
  build(conv);
  return analyzeSync(conv.packets).tcp[0]!;
}

const clientCloses = conn((c) => {
  c.handshake();
  c.send("c>s F.");
  c.send("s>c F.");
  c.send("c>s .");
});
const refused = conn((c) => {
  c.send("c>s S");
  c.send("s>c R.", { seq: 0 });
});

describe("named checks", () => {
  it("pass on what happened", () => {
    handshakeCompleted(clientCloses);
    gracefulClose(clientCloses);
    gracefulClose(clientCloses, { activeCloser: "client" });
    resetBy(refused, "server", { cause: "connection-refused" });
  });

  it("handshakeCompleted says what is missing", () => {
    expect(() => handshakeCompleted(refused)).toThrow(/expected:\n  a three-way handshake: c>s S, s>c S\., c>s \.\nmissing: the server's SYN-ACK, the client's ACK of it\nseen:\n {4}1 c>s 0\.000000 10\.0\.0\.2\.40512 > 10\.0\.0\.3\.1234: Flags \[S\]/);
  });

  it("gracefulClose names the actual closer and the RST", () => {
    expect(() => gracefulClose(clientCloses, { activeCloser: "server" })).toThrow(
      "expected:\n  a graceful close: a FIN each way, both acknowledged, no RST, server closing first (server enters TIME_WAIT)\nthe active closer was client, not server",
    );
    expect(() => gracefulClose(refused)).toThrow("the connection was reset (RST by server)");
  });

  it("resetBy lists the resets that were seen", () => {
    expect(() => resetBy(refused, "client")).toThrow("resets seen: RST by server at packet 2 (connection-refused)");
    expect(() => resetBy(clientCloses, "server")).toThrow("no RST was seen");
  });

  it("retransmissionSeen", () => {
    const retrans = conn((c) => {
      c.handshake();
      c.send("c>s P.", { len: 10 });
      c.send("c>s P.", { len: 10, seq: 1001, dt: 200 });
    });
    retransmissionSeen(retrans, { side: "client" });
    expect(() => retransmissionSeen(retrans, { side: "server" })).toThrow("a retransmission by the server");
    expect(() => retransmissionSeen(clientCloses)).toThrow(/retransmissionSeen failed[\s\S]*retransmissions seen: 0[\s\S]*ladder:/);
  });
});
