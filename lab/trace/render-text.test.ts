import { describe, expect, it } from "vitest";
import { analyzeSync } from "../tcp/analyzer.js";
import { Conversation, icmpPortUnreachable, udpPacket } from "../tcp/testing/test-packets.js";
import { renderTextReport } from "./render-text.js";

describe("renderTextReport", () => {
  it("lists connections, UDP flows and ICMP errors", () => {
    const tcp = new Conversation().handshake().packets;
    const analysis = analyzeSync([
      ...tcp,
      udpPacket(3, 10, "10.0.0.2:40000", "10.0.0.3:9", 5),
      icmpPortUnreachable(4, 11, "10.0.0.3", "10.0.0.2:40000", "10.0.0.3:9"),
    ]);
    const text = renderTextReport(analysis);
    expect(text).toContain("Connection 1: client 10.0.0.2:40512 -> server 10.0.0.3:1234");
    expect(text).toContain("0.000000 10.0.0.2.40512 > 10.0.0.3.1234: Flags [S]");
    expect(text).toContain("UDP flows:\n  1: 10.0.0.2:40000 -> 10.0.0.3:9: 1 datagram(s)/5 bytes out, 0/0 back");
    expect(text).toContain("ICMP errors:\n  packet 5: ICMP port unreachable for UDP 10.0.0.2:40000 -> 10.0.0.3:9 (from 10.0.0.3)");
    expect(renderTextReport(analysis, { filter: { port: 80 } })).toBe("no matching TCP connections\n");
  });
});
