import { describe, expect, test } from "vitest";
import { Conversation } from "../tcp/testing/test-packets.js";
import { analyzeSync } from "../tcp/analyzer.js";
import { renderSvg } from "../trace/index.js";
import { renderReport } from "./report.js";
import { RESULT_FORMAT, type ScenarioResult } from "./result.js";

function result(passed: boolean): ScenarioResult {
  return {
    format: RESULT_FORMAT,
    scenario: "sigpipe",
    title: "SIGPIPE <b>",
    tags: ["tcp"],
    dir: "/tmp/x",
    socklab: { version: "0.1.0", image: "socklab/lab:abc" },
    startedAt: "2025-01-01T00:00:00.000Z",
    durationMs: 1234,
    passed,
    cases: [
      {
        name: "default",
        title: "",
        lab: "sc-sigpipe-abc123",
        passed,
        dir: "",
        startedAt: "2025-01-01T00:00:00.000Z",
        durationMs: 1000,
        timings: {},
        steps: [{ text: "run probe-client: probe-client connect", startedMs: 10, ms: 200 }],
        programs: [{ name: "probe-client", service: "probe-client", kind: "run", argv: ["probe-client", "connect"], startedMs: 0, exitCode: 141, stdout: '{"call":"write"}\n</pre><script>alert(1)</script>', stderr: "" }],
        impairments: [{ service: "server", asked: "delay 50ms (both)", mechanism: "egress delay: nfqueue-delayer", state: [] }],
        captures: [{ service: "client", pcap: "client.pcap", meta: "client.json", packets: 7, tcpConnections: 1, udpFlows: 0 }],
        ladders: [{ capture: "client", connection: 1, title: "Connection 1: client 10.0.0.2:40512 -> server 10.0.0.3:1234", text: "ladders/c.txt", mermaid: "ladders/c.mmd", svg: "ladders/c.svg" }],
        verdicts: [
          { id: "expect[0]", kind: "exit", title: "the client is killed by SIGPIPE", passed, expected: "killed by SIGPIPE", seen: passed ? "killed by SIGPIPE" : "exit 0 <i>", ...(passed ? {} : { detail: "probe-client: exit 0" }) },
        ],
      },
    ],
  };
}

const svg = (() => {
  const conv = new Conversation().handshake();
  return renderSvg(analyzeSync(conv.packets).tcp[0]!);
})();
const files: Record<string, string> = { "ladders/c.svg": svg, "ladders/c.txt": "ladder <text>" };
const read = (rel: string) => {
  const f = files[rel];
  if (f === undefined) throw new Error("missing");
  return f;
};

describe("report.html", () => {
  const readme = "# SIGPIPE\n\n**What happens.** A `write` <img src=x onerror=alert(1)> after the RST.\n";
  test("a failed assertion says FAIL, with what was expected and what was seen", () => {
    const html = renderReport(result(false), readme, read);
    expect(html).toContain("<title>sigpipe: FAIL</title>");
    expect(html).toContain('data-result="FAIL"');
    expect(html).toContain('<tr class="fail" data-verdict="FAIL">');
    expect(html).toContain("<pre>killed by SIGPIPE</pre>");
    expect(html).toContain("<pre>exit 0 &lt;i&gt;</pre>");
    expect(html).toContain("<details open><summary>details</summary><pre>probe-client: exit 0</pre></details>");
  });
  test("a passing run says PASS", () => {
    const html = renderReport(result(true), readme, read);
    expect(html).toContain('data-result="PASS"');
    expect(html).not.toContain('data-verdict="FAIL"');
  });
  test("self-contained: the README as HTML, the ladder inline, no script and no external resource", () => {
    const html = renderReport(result(false), readme, read);
    expect(html).toContain("<h1>SIGPIPE</h1>");
    expect(html).toContain("<strong>What happens.</strong> A <code>write</code> &lt;img src=x onerror=alert(1)&gt; after the RST.");
    expect(html).toContain('<figure class="ladder" data-capture="client" data-connection="1">\n<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain("<pre>ladder &lt;text&gt;</pre>");
    expect(html).toContain("&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toMatch(/<script|<img|<link|@import|src="http|href="http/i);
    expect(html).toContain("egress delay: nfqueue-delayer");
    expect(html).toContain('<a href="client.pcap">client.pcap</a>');
  });
  test("a missing ladder file is said, not fatal", () => {
    delete files["ladders/c.txt"];
    expect(renderReport(result(true), readme, read)).toContain("(ladders/c.txt is missing)");
    files["ladders/c.txt"] = "ladder <text>";
  });
});
