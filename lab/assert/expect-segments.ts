// expectSegments: assert the whole sequence of segments of a connection (see
// segment-pattern.ts for the notation).
import type { TcpConnection } from "../tcp/tcp-connection.js";
import { tcpdumpLine } from "../trace/segment-text.js";
import { matchSegments } from "./match-segments.js";
import { parseStep } from "./segment-pattern.js";
import { connectionFailure, TraceAssertionError } from "./trace-assertion-error.js";

/** Throws TraceAssertionError unless the connection's segments match steps; returns the matched segment indexes. */
export function expectSegments(conn: TcpConnection, steps: readonly string[]): number[] {
  const parsed = steps.map(parseStep);
  if (conn.segmentsOmitted) {
    throw new TraceAssertionError("expectSegments needs segments: analyse with keepSegments: true", steps.join("\n"), "");
  }
  const result = matchSegments(parsed, conn.segments, conn.firstNs);
  if (result.ok) return result.matched;
  const expected = steps.map((s, i) => `${i === result.failedStep ? ">>" : "  "}${String(i + 1).padStart(3)}. ${s}`);
  if (result.failedStep >= steps.length) expected.push(">>   (end of steps)");
  const seg = result.segment === undefined ? undefined : conn.segments[result.segment];
  const where = seg ? `segment ${(result.segment ?? 0) + 1} (${seg.dir} ${tcpdumpLine(conn, seg, false)})` : "the end of the connection";
  const stepText = steps[result.failedStep];
  const detail = stepText === undefined
    ? [`all ${steps.length} steps matched, but ${result.reason}`]
    : [`steps 1-${result.stepsMatched} matched; step ${result.failedStep + 1} "${stepText}" failed at ${where}: ${result.reason}`];
  throw connectionFailure(conn, {
    headline: "expectSegments failed",
    expected,
    detail: result.stepsMatched === 0 && stepText !== undefined ? [`step 1 "${stepText}" failed at ${where}: ${result.reason}`] : detail,
    ...(result.segment !== undefined ? { highlight: result.segment } : {}),
  });
}
