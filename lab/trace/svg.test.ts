import { describe, expect, it } from "vitest";
import { analyzeSync } from "../tcp/analyzer.js";
import { Conversation } from "../tcp/testing/test-packets.js";
import { renderSvg } from "./svg.js";
import { shortConnection } from "./testing/test-connection.js";

/** A small well-formedness check: balanced tags, quoted attributes, known entities. */
function assertWellFormedXml(xml: string): void {
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<|&(#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);|&/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(xml))) {
    if (m[0] === "<") throw new Error(`malformed tag at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
    if (m[0] === "&") throw new Error(`bare & at ${m.index}`);
    if (!m[2]) continue;
    if (m[1]) {
      const open = stack.pop();
      if (open !== m[2]) throw new Error(`</${m[2]}> closes <${open}>`);
    } else if (!m[4]) stack.push(m[2]);
  }
  if (stack.length > 0) throw new Error(`unclosed: ${stack.join(",")}`);
}

describe("renderSvg", () => {
  it("is well-formed XML with two lifelines and one arrow per segment", () => {
    const svg = renderSvg(shortConnection());
    assertWellFormedXml(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/marker-end="url\(#arrow\)"/g)).toHaveLength(8);
    expect(svg).toContain(">TIME_WAIT</text>");
    expect(svg).toContain(">client 10.0.0.2:40512</text>");
  });

  it("escapes text and supports time spacing", () => {
    const conv = new Conversation().handshake();
    conv.send("c>s R.");
    const [conn] = analyzeSync(conv.packets).tcp;
    const svg = renderSvg(conn!, { spacing: "time" });
    assertWellFormedXml(svg);
    expect(svg).toContain("client 10.0.0.2:40512 -&gt; server 10.0.0.3:1234");
    expect(svg).toContain('stroke="#c00"');
  });

  it("the checker itself rejects broken XML", () => {
    expect(() => assertWellFormedXml("<a><b></a>")).toThrow();
    expect(() => assertWellFormedXml("<a>x & y</a>")).toThrow();
    expect(() => assertWellFormedXml("<a>1 < 2</a>")).toThrow();
  });
});
