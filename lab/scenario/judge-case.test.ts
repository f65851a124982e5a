// Every assertion kind, judged against recorded programs and a hand-built capture: each
// holds when it should, and a deliberately wrong one fails with what was expected and
// what was seen (the report then says FAIL: see report.test.ts).
import { describe, expect, test } from "vitest";
import { Trace } from "../assert/index.js";
import { analyzeSync } from "../tcp/analyzer.js";
import { BASE_NS, Conversation, icmpPortUnreachable, udpPacket } from "../tcp/testing/test-packets.js";
import { judgeCase } from "./judge-case.js";
import { loadScenario } from "./load-scenario.js";
import type { ProgramRecord } from "./program-record.js";
import { scenarioRoot } from "./testing/scenario-folder.js";
import type { Verdict } from "./verdict.js";

const STEPS = `title: recorded
tags: [test]
topology: probe
capture: [server]
steps:
  - start: probe-server
    args: close
  - run: load
    as: burst
  - run: probe-client
    args: connect read write:5 sleep:200 write:5
  - exec: client
    command: ss -tan
    as: ss-client
  - exec: server
    command: ps -eo pid,ppid,stat,comm
    as: ps-server
expect:
`;

function record(name: string, exitCode: number, stdout: string, stderr = ""): ProgramRecord {
  return { name, service: name, kind: "run", argv: [name], startedMs: 0, endedMs: 1, exitCode, stdout, stderr };
}

const programs = new Map<string, ProgramRecord>([
  [
    "probe-client",
    record(
      "probe-client",
      141,
      [
        '{"t_ms":1.0,"conn":0,"call":"connect","arg":null,"ret":0,"errno":null}',
        '{"t_ms":2.0,"conn":0,"call":"read","arg":65536,"ret":0,"errno":null}',
        '{"t_ms":2.1,"conn":0,"call":"write","arg":5,"ret":5,"errno":null}',
      ].join("\n"),
    ),
  ],
  ["probe-server", record("probe-server", 0, '{"t_ms":0.2,"conn":0,"call":"bind","arg":1234,"ret":0,"errno":null}\n{"t_ms":9,"exit":0}', "listening on port 1234\n<script>alert(1)</script>")],
  [
    "ss-client",
    record("ss-client", 0, "State      Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\nTIME-WAIT  0      0      10.0.0.2:40512     10.0.0.3:1234\n"),
  ],
  ["ps-server", record("ps-server", 0, "    PID    PPID STAT COMMAND\n      1       0 Ss   docker-init\n      7       1 S    fork-server\n      9       7 Z    fork-server <defunct>\n")],
  [
    "burst",
    record(
      "burst",
      0,
      ['{"variant":"upper","conn":1,"reads":2}', '{"variant":"upper","conn":2,"reads":5}', '{"sent":5,"intact":3,"errors":{"EMFILE":4}}', "done"].join("\n"),
      "read 1 took 2 calls\nread 2 took 5 calls\n",
    ),
  ],
]);

/** The sigpipe exchange, a refused connect on port 9, one with a SYN sent twice, and UDP to a closed port. */
function capture(): Trace {
  const sigpipe = new Conversation().handshake();
  sigpipe.send("s>c F.");
  sigpipe.send("c>s .");
  sigpipe.send("c>s P.", { len: 5 });
  sigpipe.send("s>c R", { ack: 0 });
  const refused = new Conversation({ client: "10.0.0.2:40600", server: "10.0.0.3:9", startIndex: 20, startNs: BASE_NS + 10_000_000n });
  refused.send("c>s S");
  refused.send("s>c R.");
  const slow = new Conversation({ client: "10.0.0.2:40700", startIndex: 30, startNs: BASE_NS + 20_000_000n });
  slow.send("c>s S");
  slow.send("c>s S", { dt: 1000, seq: 1000 });
  return new Trace(
    analyzeSync([
      ...sigpipe.packets,
      ...refused.packets,
      ...slow.packets,
      udpPacket(40, 2000, "10.0.0.2:50000", "10.0.0.3:9999", 100),
      icmpPortUnreachable(41, 2001, "10.0.0.3", "10.0.0.2:50000", "10.0.0.3:9999"),
    ]),
  );
}

function judge(assertions: string): Verdict[] {
  using root = scenarioRoot();
  const scenario = loadScenario(root.add("recorded", STEPS + assertions));
  return judgeCase(scenario.cases[0]!.expect, programs, new Map([["server", { trace: capture() }]])).verdicts;
}

const one = (assertion: string): Verdict => {
  const [v] = judge(assertion);
  return v!;
};

describe("assertions that hold", () => {
  test("every kind passes on what happened, with the evidence", () => {
    const verdicts = judge(`  - exit: probe-client
    signal: SIGPIPE
  - syscall: probe-client
    call: write
    ret: 5
    errno: null
  - output: probe-server
    matches: "listening on port 1234"
  - ss: ss-client
    state: TIME_WAIT
    port: 1234
    count: 1
  - ps: ps-server
    state: Z
    count: 1
  - wire: segments
    steps: ["c>s S", "s>c S. ack=1 mss", "c>s .", "s>c F.", "...", "c>s P. len=5", "s>c R"]
  - wire: reset
    by: server
    cause: data-after-close
  - wire: reset
    connection: {server_port: 9}
    by: server
    cause: connection-refused
  - wire: syn-retransmissions
    connection: {handshake: incomplete, reset_by: none}
    count: 1
  - wire: connections
    connection: {server_port: 1234}
    count: 2
  - wire: icmp-port-unreachable
    flow: {server_port: 9999}
  - wire: bytes
    to_server: 5
    to_client: 0
  - wire: segment-count
    pattern: "c>s FP?.?"
    count: 0
  - wire: handshake
  - wire: handshake-rtt
    at_most: 10ms
`);
    expect(verdicts.filter((v) => !v.passed)).toEqual([]);
    expect(verdicts.map((v) => v.seen)).toEqual([
      "killed by SIGPIPE (exit status 141 = 128 + 13)",
      "write(5) = 5  [2.1 ms]",
      '"listening on port 1234"',
      "1: TIME-WAIT 10.0.0.2:40512 10.0.0.3:1234",
      "1: fork-server <defunct> (Z, ppid 7)",
      "connection 1: c>s S, s>c S., c>s ., s>c F., c>s ., c>s P. len=5, s>c R",
      "connection 1: RST by the server at packet 7: after data arrived for a socket that had already been closed",
      "connection 2: RST by the server at packet 22: in answer to a SYN to a closed port (connection refused)",
      "connection 3: 1 (SYNs at 0.000000, 1.000000 s)",
      "2 (1, 3)",
      "ICMP port unreachable for UDP 10.0.0.2:50000 -> 10.0.0.3:9999 (packet 42)",
      "connection 1: 5 bytes to the server, 0 to the client",
      "connection 1: 0",
      "connection 1: complete (packets 1, 2, 3)",
      "connection 1: SYN -> SYN-ACK 1.000 ms",
    ]);
  });
});

describe("a wrong expectation fails with expected versus seen", () => {
  test("exit", () => {
    expect(one("  - exit: probe-client\n    code: 0\n")).toMatchObject({ passed: false, expected: "exit 0", seen: "killed by SIGPIPE (exit status 141 = 128 + 13)" });
    expect(one("  - exit: probe-server\n    signal: SIGTERM\n")).toMatchObject({ passed: false, expected: "killed by SIGTERM", seen: "exit 0" });
  });
  test("syscall", () => {
    const v = one("  - syscall: probe-client\n    call: write\n    ret: -1\n    errno: EPIPE\n");
    expect(v).toMatchObject({ passed: false, expected: "#1 write(): ret -1, errno EPIPE", seen: "write(5) = 5  [2.1 ms]" });
    expect(v.detail).toContain("probe-client's system calls:\n  connect() = 0  [1 ms]\n  read(65536) = 0  [2 ms]\n  write(5) = 5  [2.1 ms]");
    expect(one("  - syscall: probe-client\n    call: write\n    nth: 2\n    errno: EPIPE\n")).toMatchObject({ passed: false, seen: "1 write() line(s) only" });
  });
  test("output", () => {
    expect(one('  - output: probe-server\n    not_matches: "<script>"\n')).toMatchObject({ passed: false, expected: "no line matching /<script>/", seen: 'the line "<script>alert(1)</script>"' });
    const v = one('  - output: probe-client\n    stream: stderr\n    matches: "EPIPE"\n');
    expect(v).toMatchObject({ passed: false, expected: "a line matching /EPIPE/", seen: "no such line" });
    // result.json keeps the assertion itself beside its verdict
    expect(v.assertion).toEqual({ kind: "output", program: "probe-client", stream: "stderr", matches: "/EPIPE/" });
  });
  test("ss", () => {
    const v = one("  - ss: ss-client\n    state: TIME-WAIT\n    count: 0\n");
    expect(v).toMatchObject({ passed: false, expected: "exactly 0 socket(s) in TIME-WAIT", seen: "1: TIME-WAIT 10.0.0.2:40512 10.0.0.3:1234" });
    expect(v.detail).toContain("ss-client said:\nState");
  });
  test("ps", () => {
    expect(one("  - ps: ps-server\n    state: Z\n    count: 0\n")).toMatchObject({ passed: false, expected: "exactly 0 process(es) in state Z", seen: "1: fork-server <defunct> (Z, ppid 7)" });
  });
  test("output counted", () => {
    expect(one('  - output: burst\n    matches: "took \\\\d+ calls"\n    count: 2\n')).toMatchObject({ passed: true, expected: "exactly 2 line(s) matching /took \\d+ calls/", seen: '2: "read 1 took 2 calls", ...' });
    expect(one('  - output: burst\n    matches: "took 5"\n    at_least: 2\n')).toMatchObject({ passed: false, seen: '1: "read 2 took 5 calls"' });
  });
  test("json", () => {
    expect(one("  - json: burst\n    fields: {intact: 5}\n")).toMatchObject({ passed: false, expected: "intact = 5", seen: "intact = 3" });
    expect(one("  - json: burst\n    fields: {sent: 5, errors.EMFILE: {at_least: 1}}\n")).toMatchObject({ passed: true, seen: "sent = 5, errors.EMFILE = 4" });
    expect(one("  - json: burst\n    where: {variant: upper}\n    nth: 1\n    fields: {reads: {at_most: 1}}\n")).toMatchObject({ passed: false, expected: "reads at most 1", seen: "reads = 2" });
    expect(one("  - json: burst\n    where: {variant: upper}\n    fields: {reads: {at_least: 3}}\n    count: 1\n")).toMatchObject({ passed: true, expected: "exactly 1 line(s)", seen: "1" });
    const v = one("  - json: burst\n    where: {variant: lower}\n    fields: {reads: 1}\n");
    expect(v).toMatchObject({ passed: false, seen: "0 such line(s) only" });
    expect(v.detail).toContain('{"sent":5,"intact":3,"errors":{"EMFILE":4}}');
  });
  test("ps by parent", () => {
    expect(one("  - ps: ps-server\n    command: fork-server\n    ppid: 1\n    count: 1\n")).toMatchObject({ passed: true, seen: "1: fork-server (S, ppid 1)" });
  });
  test("segments", () => {
    const v = one('  - wire: segments\n    steps: ["c>s S", "s>c S.", "c>s .", "...", "c>s F."]\n');
    expect(v).toMatchObject({ passed: false, expected: "c>s S, s>c S., c>s ., ..., c>s F." });
    expect(v.seen).toMatch(/^connection 1: steps 1-4 matched; step 5 "c>s F\." failed/);
    expect(v.detail).toContain("ladder:");
  });
  test("graceful-close and reset", () => {
    expect(one("  - wire: graceful-close\n    active_closer: server\n")).toMatchObject({ passed: false, seen: "connection 1: the connection was reset (RST by server)" });
    expect(one("  - wire: reset\n    by: client\n")).toMatchObject({
      passed: false,
      expected: "an RST from the client",
      seen: "connection 1: resets seen: RST by server at packet 7 (data-after-close)",
    });
  });
  test("retransmission, handshake, handshake-rtt, syn-retransmissions", () => {
    expect(one("  - wire: retransmission\n")).toMatchObject({ passed: false, seen: "connection 1: retransmissions seen: 0" });
    expect(one("  - wire: handshake\n    connection: {server_port: 9}\n")).toMatchObject({ passed: false, seen: "connection 2: missing: the server's SYN-ACK, the client's ACK of it" });
    expect(one("  - wire: handshake-rtt\n    at_least: 100ms\n")).toMatchObject({ passed: false, expected: "SYN -> SYN-ACK at least 100.000 ms", seen: "connection 1: SYN -> SYN-ACK took 1.000 ms" });
    expect(one("  - wire: syn-retransmissions\n    connection: {handshake: incomplete, reset_by: none}\n    at_least: 3\n")).toMatchObject({
      passed: false,
      seen: "connection 3: SYN retransmissions seen: 1 (SYNs at 0.000000, 1.000000 s)",
    });
  });
  test("segment-count, connections, bytes", () => {
    expect(one('  - wire: segment-count\n    pattern: "s>c R?.?"\n    count: 0\n')).toMatchObject({ passed: false, seen: 'connection 1: segments matching "s>c R?.?": 1' });
    const v = one("  - wire: connections\n    connection: {reset_by: client}\n    at_least: 1\n");
    expect(v).toMatchObject({ passed: false, expected: "at least 1 TCP connection(s) with reset by client", seen: "0" });
    expect(v.detail).toContain("  2: 10.0.0.2:40600 -> 10.0.0.3:9 (handshake incomplete, reset by server)");
    expect(one("  - wire: bytes\n    to_client: 4000\n")).toMatchObject({ passed: false, expected: "4000 bytes to the client", seen: "connection 1: transferred: 5 bytes client->server, 0 bytes server->client" });
  });
  test("icmp-port-unreachable", () => {
    const v = one("  - wire: icmp-port-unreachable\n    flow: {server_port: 7}\n");
    expect(v).toMatchObject({ passed: false, expected: "an ICMP port unreachable quoting a datagram of the UDP flow", seen: 'no UDP flow matches {"serverPort":7} (0 matched the ports/addresses)' });
  });
  test("each: one failing connection fails the assertion and names it", () => {
    const v = one("  - wire: handshake\n    each: true\n");
    expect(v).toMatchObject({ passed: false, expected: "on every connection: SYN, SYN-ACK, ACK" });
    expect(v.seen).toBe("2 of 3 did not (connections 2, 3); connection 2: missing: the server's SYN-ACK, the client's ACK of it");
  });
  test("a connection choice that matches nothing lists what there is", () => {
    const v = one("  - wire: handshake\n    connection: {server_port: 80}\n");
    expect(v).toMatchObject({ passed: false, seen: "no TCP connection matches server port 80 (0 matched)" });
    expect(v.detail).toContain("  1: 10.0.0.2:40512 -> 10.0.0.3:1234 (handshake complete, reset by server)");
  });
  test("a missing capture or program", () => {
    using root = scenarioRoot();
    const scenario = loadScenario(root.add("x", `${STEPS}  - wire: handshake\n  - exit: probe-client\n    code: 0\n`));
    const { verdicts } = judgeCase(scenario.cases[0]!.expect, new Map(), new Map([["server", { problem: "capture server wrote no file" }]]));
    expect(verdicts.map((v) => [v.passed, v.seen])).toEqual([
      [false, "capture server wrote no file"],
      [false, "no such program ran (an earlier step failed?)"],
    ]);
  });
});
