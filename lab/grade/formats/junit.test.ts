// The JUnit XML parses (fast-xml-parser's validator and parser, not our own regexes) into
// the structure CI systems read: testsuites > testsuite per submission > testcase per
// check, with <failure>, <error> and <skipped> where they belong, the counts agreeing,
// and the evidence read back as it was written (what XML 1.0 cannot hold replaced by '?').
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, test } from "vitest";
import type { GradeResult } from "../result.js";
import { renderJunit } from "./junit.js";
import { awkwardResult, sampleResult } from "./testing/sample-result.js";

interface Case { "@_name": string; "@_classname": string; "@_time": string; failure?: { "#text": string; "@_message": string; "@_type": string }; error?: { "#text": string; "@_message": string }; skipped?: { "@_message": string } }
interface Suite { "@_name": string; "@_tests": string; "@_failures": string; "@_errors": string; "@_skipped": string; properties: { property: Array<{ "@_name": string; "@_value": string }> }; testcase: Case[] }

function parse(xml: string): { testsuites: { "@_tests": string; "@_failures": string; testsuite: Suite[] } } {
  const parser = new XMLParser({ ignoreAttributes: false, processEntities: true, isArray: (name) => name === "testsuite" || name === "testcase" || name === "property", parseAttributeValue: false, parseTagValue: false, trimValues: false });
  return parser.parse(xml);
}

// XML 1.0's Char production: what a document may hold at all.
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

describe("junit: XML that parses into what CI systems read", () => {
  const results: GradeResult[] = [sampleResult, awkwardResult];
  const xml = renderJunit(results);

  test("well-formed, and only XML characters", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toMatch(NOT_XML_CHAR);
  });

  test("a testsuite per submission, a testcase per check, the counts agreeing with the cases", () => {
    const doc = parse(xml);
    expect(doc.testsuites["@_tests"]).toBe("8");
    expect(doc.testsuites.testsuite.map((s) => s["@_name"])).toEqual(["alice", "bob <&> \"o'neil\""]);
    for (const [i, suite] of doc.testsuites.testsuite.entries()) {
      const r = results[i]!;
      expect(suite.testcase.map((c) => c["@_name"])).toEqual(r.checks.map((c) => `${c.id} (${c.maxScore} points)`));
      expect(Number(suite["@_tests"])).toBe(suite.testcase.length);
      expect(Number(suite["@_failures"])).toBe(suite.testcase.filter((c) => c.failure).length);
      expect(Number(suite["@_errors"])).toBe(suite.testcase.filter((c) => c.error).length);
      expect(Number(suite["@_skipped"])).toBe(suite.testcase.filter((c) => c.skipped).length);
      expect(suite.properties.property.find((p) => p["@_name"] === "score")?.["@_value"]).toBe(String(r.score));
      for (const c of suite.testcase) expect(Number.isFinite(Number(c["@_time"]))).toBe(true);
    }
  });

  test("failure, error and skipped carry the message and the evidence, read back as written", () => {
    const [alice, bob] = parse(xml).testsuites.testsuite;
    const zombies = alice!.testcase[2]!;
    expect(zombies.failure?.["@_type"]).toBe("no-zombies");
    expect(zombies.failure?.["#text"]).toBe('2 zombie processes after 1000 connections\n  8  7  8 Z    server <defunct> & "quoted"\nbell ? here');
    expect(alice!.testcase[3]!.skipped?.["@_message"]).toBe("not run: needs concurrent, which did not pass");
    expect(bob!.testcase[0]!.failure).toBeUndefined(); // passed: no child element
    expect(bob!.testcase[1]!.failure?.["#text"]).toBe("0 of 1 connections failed: TIMEOUT x1 (connection 1)\ncheck-client: {\"ok\":false}\n]]> <![CDATA[ x ]]>\ntab\there, NUL ?, DEL \x7f, é ü 漢字 🚀");
    expect(bob!.testcase[2]!.error?.["@_message"]).toBe("the grader could not run this check: engine said <500>");
  });
});
