// What the analysis says about captures it cannot take at face value: IP lengths past the
// frame, timestamps that go backwards, and link types the decoder does not read.
import { describe, expect, it } from "vitest";
import { LinkType } from "../pcap/link-type.js";
import { writePcap } from "../pcap/testing/pcap-writer.js";
import { decodeBuffer } from "../pcap/reader.js";
import { lyingLengthFrames } from "../pcap/testing/sample-captures.js";
import { analyzeSync } from "./analyzer.js";
import { BASE_NS, Conversation } from "./testing/test-packets.js";

describe("analysis of captures with anomalies", () => {
  it("counts packets whose IP length exceeds the frame, and analyses them capped", () => {
    const packets = decodeBuffer(writePcap(lyingLengthFrames(), { linkType: LinkType.ETHERNET })).packets;
    const analysis = analyzeSync(packets);
    expect(analysis.truncated).toBe(5);
    // The 75-byte frame claiming 58,941 bytes is a 33-byte datagram, not a 58,913-byte one.
    expect(analysis.udp.find((f) => f.server.port === 9999)?.toServer).toEqual({ datagrams: 1, bytes: 33 });
    const bytesTo9877 = analysis.tcp.filter((c) => c.server.port === 9877).reduce((n, c) => n + c.toServer.bytes, 0);
    expect(bytesTo9877).toBe(10 + 1000 + 146); // IPv6 10 bytes, the snaplen cut 1000, the cut-and-lying 146
  });

  it("notes timestamps that go backwards: how often, where first, by how much", () => {
    const conv = new Conversation().handshake();
    conv.send("c>s P.", { len: 10, dt: -1500 });
    conv.send("s>c .", { dt: 1 });
    conv.send("c>s P.", { len: 10, dt: -2 });
    const analysis = analyzeSync(conv.packets);
    expect(analysis.backwardTimestamps).toEqual({ count: 2, firstIndex: 3, largestStepNs: 1_500_000_000n });
    expect(analysis.tcp[0]?.durationNs).toBeLessThan(0n);
    expect(analyzeSync(new Conversation().handshake().packets).backwardTimestamps).toBeUndefined();
  });

  it("names the link types it could not read, and still counts them as undecodable", () => {
    const frame = { timestampNs: BASE_NS, data: new Uint8Array(40) };
    const wifi = decodeBuffer(writePcap([frame, frame], { linkType: 105 })).packets;
    const user = decodeBuffer(writePcap([frame], { linkType: 147 })).packets;
    const analysis = analyzeSync([...wifi, ...user]);
    expect(analysis.skipped.decodeErrors).toBe(3);
    expect(analysis.unsupportedLinkTypes).toEqual([
      { linkType: 105, name: "IEEE802_11", description: "802.11", packets: 2 },
      { linkType: 147, packets: 1 },
    ]);
  });

  it("does not blame the link type for a broken packet of a supported one", () => {
    const cut = decodeBuffer(writePcap([{ timestampNs: BASE_NS, data: new Uint8Array(10) }], { linkType: LinkType.ETHERNET })).packets;
    const analysis = analyzeSync(cut);
    expect(analysis.skipped.decodeErrors).toBe(1);
    expect(analysis.unsupportedLinkTypes).toEqual([]);
  });
});
