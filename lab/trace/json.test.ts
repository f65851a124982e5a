import { describe, expect, it } from "vitest";
import { analyzeSync } from "../tcp/analyzer.js";
import { Conversation } from "../tcp/testing/test-packets.js";
import { renderAnalysisJson } from "./json.js";

describe("renderAnalysisJson", () => {
  it("turns bigint times into exact strings and names segment flags", () => {
    const conv = new Conversation().handshake();
    const parsed = JSON.parse(renderAnalysisJson(analyzeSync(conv.packets)));
    expect(parsed.format).toBe("socklab-trace/1");
    expect(parsed.tcp[0].firstNs).toBe("1700000000000000000");
    expect(parsed.tcp[0].durationNs).toBe("2000000");
    expect(parsed.tcp[0].segments.map((s: { flagsText: string }) => s.flagsText)).toEqual(["S", "S.", "."]);
    expect(parsed.tcp[0].states.client[1]).toEqual({ timeNs: "1700000000000000000", state: "SYN_SENT", cause: 0 });
  });

  it("keeps AccECN's AE bit in the flags number and the flag text", () => {
    const conv = new Conversation();
    conv.send("c>s SEWe");
    conv.send("s>c S.e");
    conv.send("c>s .e");
    const segments = JSON.parse(renderAnalysisJson(analyzeSync(conv.packets))).tcp[0].segments;
    expect(segments.map((s: { flags: number; flagsText: string }) => [s.flags, s.flagsText])).toEqual([
      [0x1c2, "SEWe"],
      [0x112, "S.e"],
      [0x110, ".e"],
    ]);
  });
});
