import { describe, expect, it } from "vitest";
import { analyze, analyzeSync } from "./analyzer.js";
import { BASE_NS, Conversation, icmpPortUnreachable, packet, udpPacket } from "./testing/test-packets.js";

function clientCloses(conv: Conversation): Conversation {
  conv.send("c>s F.");
  conv.send("s>c F.");
  conv.send("c>s .");
  return conv;
}

describe("analyze: TCP connections", () => {
  it("measures the handshake, data each way and duration", () => {
    const conv = new Conversation();
    conv.send("c>s S");
    conv.send("s>c S.", { dt: 0.25 });
    conv.send("c>s .", { dt: 0.5 });
    conv.send("c>s P.", { len: 4000 });
    conv.send("s>c .");
    conv.send("s>c P.", { len: 10 });
    clientCloses(conv);
    const [conn] = analyzeSync(conv.packets).tcp;
    expect(conn?.handshake).toEqual({
      complete: true,
      synIndex: 0,
      synAckIndex: 1,
      ackIndex: 2,
      synToSynAckNs: 250_000n,
      synToAckNs: 750_000n,
      synRetransmissions: 0,
    });
    expect(conn?.toServer).toMatchObject({ segments: 5, dataSegments: 1, bytes: 4000, retransmissions: 0 });
    expect(conn?.toClient).toMatchObject({ segments: 4, dataSegments: 1, bytes: 10 });
    expect(conn?.durationNs).toBe(6_750_000n);
    expect(conn?.segments.map((s) => s.relSeq)).toEqual([0, 0, 1, 1, 1, 1, 4001, 11, 4002]);
    expect(conn?.segments.map((s) => s.relAck)).toEqual([undefined, 1, 1, 1, 4001, 4001, 11, 4002, 12]);
  });

  it("starts a new connection when a SYN reuses a closed 4-tuple", async () => {
    const first = clientCloses(new Conversation().handshake());
    const second = new Conversation({ clientIsn: 777, startIndex: 6, startNs: BASE_NS + 1_000_000_000n }).handshake();
    const analysis = await analyze([...first.packets, ...second.packets]);
    expect(analysis.tcp.map((c) => [c.id, c.firstIndex, c.packetCount])).toEqual([
      [1, 0, 6],
      [2, 6, 3],
    ]);
    expect(analysis.tcp[1]?.toServer.isn).toBe(777);
  });

  it("accepts async iterables", async () => {
    const conv = new Conversation().handshake();
    async function* gen() {
      yield* conv.packets;
    }
    expect((await analyze(gen())).tcp[0]?.handshake.complete).toBe(true);
  });

  it("flags retransmissions of data and of the SYN", () => {
    const conv = new Conversation();
    conv.send("c>s S");
    conv.send("c>s S", { seq: 1000, dt: 1000 });
    conv.send("s>c S.");
    conv.send("c>s .");
    conv.send("c>s P.", { len: 100 }); // 4: seq 1001
    conv.send("c>s P.", { len: 100, seq: 1001, dt: 200 }); // 5: same range again
    conv.send("s>c .");
    const [conn] = analyzeSync(conv.packets).tcp;
    expect(conn?.retransmissions).toMatchObject([
      { index: 1, side: "client", relSeq: 0, length: 0 },
      { index: 5, side: "client", relSeq: 1, length: 100 },
    ]);
    expect(conn?.handshake.synRetransmissions).toBe(1);
    expect(conn?.handshake.synIndex).toBe(1);
    expect(conn?.toServer).toMatchObject({ retransmissions: 2, retransmittedBytes: 100, bytes: 200, uniqueBytes: 100 });
  });

  it("counts bytes first seen in a retransmission (the original was lost before the capture point)", () => {
    const conv = new Conversation().handshake();
    conv.send("s>c P.", { len: 100 }); // server ISN 5000: relative seq 1..101
    conv.send("s>c P.", { len: 100, seq: 5201 }); // 101..201 never reached the capture
    conv.send("c>s .");
    conv.send("s>c P.", { len: 100, seq: 5101, dt: 200 }); // sent again: below the highest seq
    const [conn] = analyzeSync(conv.packets).tcp;
    expect(conn?.toClient).toMatchObject({ bytes: 300, retransmissions: 1, retransmittedBytes: 100, uniqueBytes: 300 });
  });

  it("notes zero windows but not on RST", () => {
    const conv = new Conversation().handshake();
    conv.send("c>s P.", { len: 1000 });
    conv.send("s>c .", { win: 0 });
    conv.send("s>c R", { win: 0 });
    const [conn] = analyzeSync(conv.packets).tcp;
    expect(conn?.zeroWindows).toMatchObject([{ index: 4, side: "server" }]);
  });

  it("handles sequence numbers wrapping past 2^32", () => {
    const conv = new Conversation({ clientIsn: 0xffff_ff00, serverIsn: 0xffff_fffe }).handshake();
    conv.send("c>s P.", { len: 0x200 }); // crosses 2^32
    conv.send("s>c P.", { len: 10 });
    conv.send("c>s P.", { len: 10 });
    clientCloses(conv);
    const [conn] = analyzeSync(conv.packets).tcp;
    expect(conn?.segments.map((s) => s.relSeq)).toEqual([0, 0, 1, 1, 1, 0x201, 0x20b, 11, 0x20c]);
    expect(conn?.retransmissions).toEqual([]);
    expect(conn?.close.graceful).toBe(true);
    expect(conn?.states.client.at(-1)?.state).toBe("TIME_WAIT");
  });

  it("guesses roles by port when the capture starts mid-connection", () => {
    const conv = new Conversation({ client: "10.0.0.3:1234", server: "10.0.0.2:40512" });
    conv.send("c>s P.", { len: 10 }); // from the server port: the "c" side here is really the server
    conv.send("s>c .");
    conv.send("s>c F.");
    conv.send("c>s F.");
    conv.send("s>c .");
    const [conn] = analyzeSync(conv.packets).tcp;
    expect(conn?.roleSource).toBe("port-guess");
    expect(conn?.rolesGuessed).toBe(true);
    expect(conn?.server).toEqual({ address: "10.0.0.3", port: 1234 });
    expect(conn?.segments[0]).toMatchObject({ dir: "s>c", relSeq: 0, relAck: 0 });
    expect(conn?.states.client.map((c) => c.state)).toEqual(["ESTABLISHED", "FIN_WAIT_1", "TIME_WAIT"]);
    expect(conn?.close.activeCloser).toBe("client");
  });

  it("keeps only summaries when asked", () => {
    const conv = clientCloses(new Conversation().handshake());
    const [conn] = analyzeSync(conv.packets, { keepSegments: false }).tcp;
    expect(conn?.segments).toEqual([]);
    expect(conn?.segmentsOmitted).toBe(true);
    expect(conn?.close.graceful).toBe(true);
  });
});

describe("analyze: UDP and ICMP", () => {
  it("counts UDP flows each way and ties an ICMP port unreachable to its flow", () => {
    const packets = [
      udpPacket(0, 0, "10.0.0.2:40000", "10.0.0.3:7", 12),
      udpPacket(1, 1, "10.0.0.3:7", "10.0.0.2:40000", 12),
      udpPacket(2, 2, "10.0.0.2:40000", "10.0.0.3:9", 5),
      icmpPortUnreachable(3, 3, "10.0.0.3", "10.0.0.2:40000", "10.0.0.3:9"),
      icmpPortUnreachable(4, 4, "10.0.0.3", "10.0.0.2:40001", "10.0.0.3:99"),
    ];
    const a = analyzeSync(packets);
    expect(a.udp.map((f) => [f.id, f.server.port, f.toServer, f.toClient])).toEqual([
      [1, 7, { datagrams: 1, bytes: 12 }, { datagrams: 1, bytes: 12 }],
      [2, 9, { datagrams: 1, bytes: 5 }, { datagrams: 0, bytes: 0 }],
    ]);
    expect(a.icmpErrors[0]).toMatchObject({
      kind: "port-unreachable",
      reporter: "10.0.0.3",
      flow: { protocol: "udp", id: 2 },
      summary: "ICMP port unreachable for UDP 10.0.0.2:40000 -> 10.0.0.3:9",
    });
    expect(a.icmpErrors[1]?.flow).toBeUndefined();
    expect(a.packetCount).toBe(5);
  });

  it("ties an ICMP error quoting a TCP segment to its connection", () => {
    const conv = new Conversation().handshake();
    const icmp = packet(3, BASE_NS + 5_000_000n, {
      src: "10.0.0.1",
      dst: "10.0.0.2",
      protocol: 1,
      transport: { kind: "icmp", version: 4, type: 3, code: 1, quoted: { version: 4, src: "10.0.0.2", dst: "10.0.0.3", protocol: 6, srcPort: 40512, dstPort: 1234 } },
    });
    const a = analyzeSync([...conv.packets, icmp]);
    expect(a.icmpErrors[0]).toMatchObject({ kind: "host-unreachable", flow: { protocol: "tcp", id: 1 }, summary: "ICMP host unreachable for TCP 10.0.0.2:40512 -> 10.0.0.3:1234" });
  });
});
