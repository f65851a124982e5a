import { describe, expect, it } from "vitest";
import { BASE_NS, Conversation, icmpPortUnreachable, udpPacket } from "../tcp/testing/test-packets.js";
import { Trace } from "./trace.js";
import { TraceAssertionError } from "./trace-assertion-error.js";

async function lab(): Promise<Trace> {
  const echo = new Conversation({ client: "10.0.0.2:40000", server: "10.0.0.3:7" }).handshake().packets;
  const daytime = new Conversation({ client: "10.0.0.2:40001", server: "10.0.0.3:13", startIndex: 3, startNs: BASE_NS + 10_000_000n }).handshake().packets;
  const again = new Conversation({ client: "10.0.0.2:40002", server: "10.0.0.3:7", startIndex: 6, startNs: BASE_NS + 20_000_000n }).handshake().packets;
  return Trace.fromPackets([
    ...echo,
    ...daytime,
    ...again,
    udpPacket(9, 30, "10.0.0.2:50000", "10.0.0.3:9", 4),
    icmpPortUnreachable(10, 31, "10.0.0.3", "10.0.0.2:50000", "10.0.0.3:9"),
    udpPacket(11, 32, "10.0.0.2:50001", "10.0.0.3:7", 4),
    udpPacket(12, 33, "10.0.0.3:7", "10.0.0.2:50001", 4),
  ]);
}

describe("Trace", () => {
  it("picks connections by port, order and id", async () => {
    const trace = await lab();
    expect(trace.connection({ serverPort: 7 }).client.port).toBe(40000);
    expect(trace.connection({ serverPort: 7, index: 1 }).client.port).toBe(40002);
    expect(trace.connection({ id: 2 }).server.port).toBe(13);
    expect(trace.connection({ clientPort: 40001 }).id).toBe(2);
  });

  it("explains a selection that matches nothing", async () => {
    const trace = await lab();
    expect(() => trace.connection({ serverPort: 7, index: 2 })).toThrow(TraceAssertionError);
    expect(() => trace.connection({ serverPort: 80 })).toThrow(
      'no TCP connection matches {"serverPort":80} (0 matched the ports/addresses)\nTCP connections in the capture:\n  1: 10.0.0.2:40000 -> 10.0.0.3:7\n  2: 10.0.0.2:40001 -> 10.0.0.3:13\n  3: 10.0.0.2:40002 -> 10.0.0.3:7',
    );
  });

  it("checks ICMP port unreachable for a UDP flow", async () => {
    const trace = await lab();
    expect(trace.icmpPortUnreachableSeen({ serverPort: 9 }).summary).toBe("ICMP port unreachable for UDP 10.0.0.2:50000 -> 10.0.0.3:9");
    expect(() => trace.icmpPortUnreachableSeen({ serverPort: 7 })).toThrow(
      "icmpPortUnreachableSeen failed\nexpected:\n  ICMP port unreachable for UDP 10.0.0.2:50001 -> 10.0.0.3:7\nseen:\n  UDP flow 2: 1 datagram(s) out, 1 back\n  ICMP errors:\n  packet 11: ICMP port unreachable for UDP 10.0.0.2:50000 -> 10.0.0.3:9",
    );
  });
});
