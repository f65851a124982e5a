// The error every failed trace assertion throws: what was expected, what the capture
// shows (tcpdump-style lines) and the connection's ladder, so a student sees the
// difference without opening Wireshark.
import type { TcpConnection } from "../tcp/tcp-connection.js";
import { connectionTitle } from "../trace/connection-summary.js";
import { renderLadder } from "../trace/ladder.js";
import { tcpdumpLine } from "../trace/segment-text.js";

export class TraceAssertionError extends Error {
  override name = "TraceAssertionError";

  constructor(
    message: string,
    readonly expected: string,
    readonly seen: string,
  ) {
    super(message);
  }
}

export interface FailureReport {
  /** One line: which assertion failed and on what. */
  headline: string;
  expected: string[];
  /** Extra explanation after the expectation (where the match broke off...). */
  detail?: string[];
  /** Index into conn.segments to point at in the listing. */
  highlight?: number;
}

/** Numbered tcpdump-style lines with the direction, e.g. "   3 c>s 0.002000 10.0.0.2.40512 > ...". */
export function seenLines(conn: TcpConnection, highlight?: number): string[] {
  if (conn.segmentsOmitted) return ["(segments were not kept: analysis ran with keepSegments: false)"];
  return conn.segments.map((s, i) => `${i === highlight ? ">>" : "  "}${String(i + 1).padStart(3)} ${s.dir} ${tcpdumpLine(conn, s)}`);
}

export function connectionFailure(conn: TcpConnection, report: FailureReport): TraceAssertionError {
  const expected = report.expected.join("\n");
  const seen = seenLines(conn, report.highlight).join("\n");
  const message = [
    `${report.headline} — ${connectionTitle(conn)}`,
    "expected:",
    indent(expected),
    ...(report.detail ?? []),
    "seen:",
    seen,
    "ladder:",
    indent(renderLadder(conn, { full: true })),
  ].join("\n");
  return new TraceAssertionError(message, expected, seen);
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => (l ? `  ${l}` : l))
    .join("\n");
}
