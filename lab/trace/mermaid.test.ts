import { describe, expect, it } from "vitest";
import { escapeMermaid, renderMermaid } from "./mermaid.js";
import { shortConnection } from "./testing/test-connection.js";

describe("renderMermaid", () => {
  it("writes a sequenceDiagram with participants, arrows and state notes", () => {
    const lines = renderMermaid(shortConnection()).trimEnd().split("\n");
    expect(lines.slice(0, 8)).toEqual([
      "sequenceDiagram",
      "    participant C as client 10.0.0.2:40512",
      "    participant S as server 10.0.0.3:1234",
      "    Note over C: CLOSED",
      "    Note over S: LISTEN",
      "    C->>S: 0.000000 S seq 0 mss 1460",
      "    Note over C: SYN_SENT",
      "    S->>C: 0.001000 S. seq 0 ack 1 mss 1460",
    ]);
    expect(lines.slice(-3)).toEqual(["    Note over S: LAST_ACK", "    C->>S: 0.007000 . ack 102", "    Note over S: CLOSED"]);
    // Every line is one of the statement forms Mermaid accepts here.
    for (const line of lines.slice(1)) {
      const text = "[^;<>#]+";
      expect(line).toMatch(new RegExp(`^    (participant [CS] as ${text}|Note over (C|S|C,S): ${text}|(C->>S|S->>C): ${text})$`));
    }
    expect(lines.filter((l) => l.includes("->>"))).toHaveLength(8);
  });

  it("escapes characters Mermaid would misread", () => {
    expect(escapeMermaid("a;b#c:d<e>")).toBe("a,bno.c:d‹e›");
    const v6 = renderMermaid(shortConnection({ client: "[2001:db8::2]:40512", server: "[2001:db8::3]:80" }));
    expect(v6).toContain("participant C as client [2001:db8::2]:40512");
  });
});
