import { describe, expect, it } from "vitest";
import { analyzeSync } from "../tcp/analyzer.js";
import { Conversation } from "../tcp/testing/test-packets.js";
import { expectSegments } from "./expect-segments.js";
import { TraceAssertionError } from "./trace-assertion-error.js";

function echoConnection() {
  const conv = new Conversation();
  conv.send("c>s S");
  conv.send("s>c S.", { dt: 0.2 });
  conv.send("c>s .", { dt: 0.2 });
  conv.send("c>s P.", { len: 4000 });
  conv.send("s>c P.", { len: 4000, dt: 110 });
  conv.send("c>s F.");
  conv.send("s>c F.");
  conv.send("c>s .");
  return analyzeSync(conv.packets).tcp[0]!;
}

function failure(fn: () => unknown): TraceAssertionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TraceAssertionError) return e;
    throw e;
  }
  throw new Error("expected a TraceAssertionError");
}

describe("expectSegments", () => {
  const conn = echoConnection();

  it("passes on the exact sequence, with lengths and times", () => {
    expect(
      expectSegments(conn, ["c>s S", "s>c S. within 1ms", "c>s .", "c>s P. len=4000", "s>c P. after 100ms..130ms", "c>s F.", "s>c F.", "c>s ."]),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("passes with wildcards", () => {
    expectSegments(conn, ["c>s S", "...", "c>s F.", "*", "c>s ."]);
    expectSegments(conn, ["...", "s>c P?. len>1000", "..."]);
    expectSegments(conn, ["c>s S", "s>c S.", "c>s .", "..."]);
  });

  it("fails on wrong flags, pointing at the step and the segment", () => {
    const err = failure(() => expectSegments(conn, ["c>s S", "s>c S.", "c>s .", "c>s F.", "..."]));
    expect(err.message).toContain("expectSegments failed — Connection 1: client 10.0.0.2:40512 -> server 10.0.0.3:1234");
    expect(err.message).toContain(">>  4. c>s F.");
    expect(err.message).toContain(
      'steps 1-3 matched; step 4 "c>s F." failed at segment 4 (c>s 0.001400 10.0.0.2.40512 > 10.0.0.3.1234: Flags [P.], seq 1:4001, ack 1, win 64240, length 4000): flags are [P.]',
    );
    expect(err.message).toContain(">>  4 c>s 0.001400 10.0.0.2.40512 > 10.0.0.3.1234: Flags [P.], seq 1:4001");
    expect(err.message).toContain("ladder:\n  Connection 1: client 10.0.0.2:40512 -> server 10.0.0.3:1234");
    expect(err.message).toMatch(/TIME_WAIT \|<-+ F\. seq 4001 ack 4002 --\| LAST_ACK/);
  });

  it("fails on a time tolerance", () => {
    const err = failure(() => expectSegments(conn, ["...", "s>c P. within 5ms", "..."]));
    expect(err.message).toContain('step 2 "s>c P. within 5ms" failed at the end of the connection: no later segment matches it');
    const err2 = failure(() => expectSegments(conn, ["c>s S", "s>c S.", "c>s .", "c>s P.", "s>c P. within 5ms", "..."]));
    expect(err2.message).toContain("it came 110.000 ms after the previous matched segment");
  });

  it("fails when segments are left over or missing", () => {
    const extra = failure(() => expectSegments(conn, ["c>s S", "s>c S.", "c>s ."]));
    expect(extra.message).toContain("all 3 steps matched, but 5 more segment(s) after the last step");
    const missing = failure(() => expectSegments(conn, ["...", "c>s .", "c>s R"]));
    expect(missing.message).toContain('step 3 "c>s R" failed at the end of the connection: the connection has no more segments');
  });

  it("fails on a payload length", () => {
    const err = failure(() => expectSegments(conn, ["c>s S", "s>c S.", "c>s .", "c>s P. len=100", "..."]));
    expect(err.message).toContain("length is 4000");
    expect(err.expected).toContain("c>s P. len=100");
    expect(err.seen.split("\n")).toHaveLength(8);
  });
});
