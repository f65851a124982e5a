import { describe, expect, it } from "vitest";
import { LinkType } from "../pcap/link-type.js";
import { writePcap } from "../pcap/testing/pcap-writer.js";
import { decodeBuffer } from "../pcap/reader.js";
import { lyingLengthFrames } from "../pcap/testing/sample-captures.js";
import { analyzeSync } from "../tcp/analyzer.js";
import { BASE_NS, Conversation } from "../tcp/testing/test-packets.js";
import { captureNotes, timeWarning } from "./capture-notes.js";
import { connectionSummary } from "./connection-summary.js";
import { formatDuration } from "./time-format.js";

describe("capture notes", () => {
  it("say nothing about an ordinary capture", () => {
    const analysis = analyzeSync(new Conversation().handshake().packets);
    expect(captureNotes(analysis)).toEqual([]);
    expect(timeWarning(analysis)).toBeUndefined();
  });

  it("count the packets whose IP length was capped at the frame", () => {
    const packets = decodeBuffer(writePcap(lyingLengthFrames(), { linkType: LinkType.ETHERNET })).packets;
    expect(captureNotes(analyzeSync(packets))).toEqual([
      "truncated: 5 packet(s) whose IP header claims more bytes than the frame held; analysed with their lengths capped at the frame (as tshark does)",
    ]);
  });

  it("name a link type the decoder does not read, by number and name", () => {
    const frame = { timestampNs: BASE_NS, data: new Uint8Array(30) };
    const packets = [
      ...decodeBuffer(writePcap([frame, frame, frame], { linkType: 127 })).packets,
      ...decodeBuffer(writePcap([frame], { linkType: 150 })).packets,
    ];
    expect(captureNotes(analyzeSync(packets))).toEqual([
      "undecodable: 3 packet(s) of link type 127 (IEEE802_11_RADIO, 802.11 plus radiotap header), which the decoder does not read",
      "undecodable: 1 packet(s) of link type 150, which the decoder does not read",
    ]);
  });
});

describe("timestamps that go backwards", () => {
  const conv = new Conversation();
  conv.send("c>s S");
  conv.send("s>c S.", { dt: -250 }); // the SYN-ACK stamped 250 ms before the SYN
  conv.send("c>s .", { dt: 1 });
  conv.send("c>s F.", { dt: -10 });
  const analysis = analyzeSync(conv.packets);

  it("give one warning saying how often, where first and by how much", () => {
    expect(timeWarning(analysis)).toBe(
      "timestamps go backwards 2 time(s), first at packet 2 (largest step back 250.000 ms): " +
        "the capture's span is not shown, and a negative duration shows as unknown",
    );
  });

  it("never print a negative duration", () => {
    const summary = connectionSummary(analysis.tcp[0]!).join("\n");
    expect(summary).toContain("SYN->SYN-ACK unknown (timestamps go backwards)");
    expect(summary).toContain("duration: unknown (timestamps go backwards), 4 packet(s)");
    expect(summary).not.toMatch(/-\d/);
    expect(formatDuration(-1n)).toBe("unknown (timestamps go backwards)");
    expect(formatDuration(0n)).toBe("0.000 ms");
  });
});
