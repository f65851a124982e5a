import { describe, expect, it } from "vitest";
import { analyzeSync } from "../tcp/analyzer.js";
import { Conversation } from "../tcp/testing/test-packets.js";
import { renderLadder } from "./ladder.js";
import { tcpdumpLines } from "./segment-text.js";
import { shortConnection } from "./testing/test-connection.js";

describe("tcpdump lines", () => {
  it("uses relative numbers and tcpdump's conventions", () => {
    expect(tcpdumpLines(shortConnection())).toEqual([
      "0.000000 10.0.0.2.40512 > 10.0.0.3.1234: Flags [S], seq 0, win 64240, options [mss 1460,sackOK,wscale 7], length 0",
      "0.001000 10.0.0.3.1234 > 10.0.0.2.40512: Flags [S.], seq 0, ack 1, win 64240, options [mss 1460,sackOK,wscale 7], length 0",
      "0.002000 10.0.0.2.40512 > 10.0.0.3.1234: Flags [.], ack 1, win 64240, length 0",
      "0.003000 10.0.0.2.40512 > 10.0.0.3.1234: Flags [P.], seq 1:101, ack 1, win 64240, length 100",
      "0.004000 10.0.0.3.1234 > 10.0.0.2.40512: Flags [P.], seq 1:101, ack 101, win 64240, length 100",
      "0.005000 10.0.0.2.40512 > 10.0.0.3.1234: Flags [F.], seq 101, ack 101, win 64240, length 0",
      "0.006000 10.0.0.3.1234 > 10.0.0.2.40512: Flags [F.], seq 101, ack 102, win 64240, length 0",
      "0.007000 10.0.0.2.40512 > 10.0.0.3.1234: Flags [.], ack 102, win 64240, length 0",
    ]);
  });
});

describe("text ladder", () => {
  it("draws UNP Figure 2.5 for a short connection", () => {
    const expected = `
Connection 1: client 10.0.0.2:40512 -> server 10.0.0.3:1234
 time (s)           client                                                     server
                10.0.0.2:40512                                              10.0.0.3:1234
                CLOSED |                                                          | LISTEN
 0.000000     SYN_SENT |-- S seq 0 mss 1460 ------------------------------------->|
 0.001000  ESTABLISHED |<------------------------------ S. seq 0 ack 1 mss 1460 --| SYN_RECEIVED
 0.002000              |-- . ack 1 ---------------------------------------------->| ESTABLISHED
 0.003000              |-- P. seq 1:101 ack 1 len 100 --------------------------->|
 0.004000              |<------------------------- P. seq 1:101 ack 101 len 100 --|
 0.005000   FIN_WAIT_1 |-- F. seq 101 ack 101 ----------------------------------->| CLOSE_WAIT
 0.006000    TIME_WAIT |<----------------------------------- F. seq 101 ack 102 --| LAST_ACK
 0.007000              |-- . ack 102 -------------------------------------------->| CLOSED`.slice(1);
    expect(renderLadder(shortConnection(), { summary: false })).toBe(expected);
  });

  it("adds the summary and stays within 100 columns", () => {
    const text = renderLadder(shortConnection());
    expect(text.split("\n").slice(-4)).toEqual([
      "handshake: complete, SYN->SYN-ACK 1.000 ms, SYN->ACK 2.000 ms",
      "data: client->server 100 bytes in 1 segment(s); server->client 100 bytes in 1 segment(s)",
      "close: client closed first (active close), graceful; TIME_WAIT: client",
      "duration: 7.000 ms, 8 packet(s)",
    ]);
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
  });

  it("folds long runs of data segments unless full", () => {
    const conv = new Conversation().handshake();
    for (let i = 0; i < 20; i++) conv.send(i % 2 ? "s>c ." : "c>s P.", { len: i % 2 ? 0 : 1000 });
    conv.send("c>s F.");
    const [conn] = analyzeSync(conv.packets).tcp;
    const folded = renderLadder(conn!, { summary: false }).split("\n");
    expect(folded.filter((l) => l.includes("... 15 segments: c>s 7 (7000 B), s>c 8 (0 B) ..."))).toHaveLength(1);
    expect(folded).toHaveLength(4 + 3 + 3 + 1 + 2 + 1);
    expect(renderLadder(conn!, { summary: false, full: true }).split("\n")).toHaveLength(4 + 3 + 20 + 1);
  });

  it("puts a second state change on its own line (simultaneous close)", () => {
    const conv = new Conversation().handshake();
    conv.send("c>s F.");
    conv.send("s>c F.", { ack: 1001 });
    const [conn] = analyzeSync(conv.packets).tcp;
    const lines = renderLadder(conn!, { summary: false }).split("\n");
    expect(lines.at(-2)).toMatch(/^ 0\.004000      CLOSING \|<-+ F\. seq 1 ack 1 --\| FIN_WAIT_1$/);
    expect(lines.at(-1)).toBe(`${" ".repeat(23)}|${" ".repeat(58)}| CLOSING`);
  });
});
