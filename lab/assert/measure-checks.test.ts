import { describe, expect, it } from "vitest";
import { analyzeSync } from "../tcp/analyzer.js";
import { Conversation } from "../tcp/testing/test-packets.js";
import { connectionCount, handshakeRtt, segmentCount, synRetransmissions } from "./measure-checks.js";
import { expectSegments } from "./expect-segments.js";
import { Trace } from "./trace.js";

function packets(build: (c: Conversation) => void, opts?: ConstructorParameters<typeof Conversation>[0]) {
  const conv = new Conversation(opts);
  build(conv);
  return conv.packets;
}

const slowHandshake = packets((c) => {
  c.send("c>s S", { options: { mss: 1460 } });
  c.send("c>s S", { dt: 1000, seq: 1000, options: { mss: 1460 } });
  c.send("s>c S.", { dt: 120, options: { mss: 1460 } });
  c.send("c>s .");
  c.send("c>s R.", { dt: 5 });
});
const conn = analyzeSync(slowHandshake).tcp[0]!;

describe("measuring checks", () => {
  it("handshakeRtt measures SYN -> SYN-ACK from the SYN that was answered", () => {
    expect(handshakeRtt(conn, { atLeast: "100ms", atMost: "1s" })).toBe(120_000_000n);
    expect(() => handshakeRtt(conn, { atMost: "50ms" })).toThrow(/expected:\n  SYN -> SYN-ACK at most 50\.000 ms\nSYN -> SYN-ACK took 120\.000 ms/);
  });
  it("synRetransmissions counts the SYNs sent again, with their times", () => {
    expect(synRetransmissions(conn, { count: 1 })).toBe(1);
    expect(() => synRetransmissions(conn, { count: 0 })).toThrow("SYN retransmissions seen: 1 (SYNs at 0.000000, 1.000000 s)");
  });
  it("segmentCount counts the segments one step matches", () => {
    expect(segmentCount(conn, "c>s R.?", { count: 1 })).toBe(1);
    expect(segmentCount(conn, "* FP?.?", { count: 0 })).toBe(0);
    expect(() => segmentCount(conn, "c>s S", { atMost: 1 })).toThrow('expected:\n  at most 1 segment(s) matching "c>s S"\nsegments matching "c>s S": 2');
  });
  it("connectionCount counts the connections a selector matches", () => {
    const second = packets((c) => c.handshake(), { client: "10.0.0.2:40600", startIndex: 5 });
    const trace = new Trace(analyzeSync([...slowHandshake, ...second]));
    expect(connectionCount(trace, { serverPort: 1234 }, { count: 2 })).toBe(2);
    expect(() => connectionCount(trace, { serverPort: 1234 }, { atLeast: 3 })).toThrow(
      'connectionCount failed\nexpected:\n  at least 3 TCP connection(s) matching {"serverPort":1234}\nseen: 2',
    );
  });
  it("segment patterns check relative seq/ack and the MSS option", () => {
    expectSegments(conn, ["c>s S seq=0 mss", "c>s S mss=1460", "s>c S. ack=1 mss", "c>s . ack=1", "c>s R."]);
    expect(() => expectSegments(conn, ["...", "s>c S. ack=2", "..."])).toThrow(/relative ack is 1|no later segment matches it/);
    expect(() => expectSegments(conn, ["c>s S mss=536", "..."])).toThrow("its MSS is 1460");
  });
});
