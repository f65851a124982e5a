// Every assertion of a case judged against what the case kept: the programs' records and
// the analysed captures. Returns the verdicts in the order of scenario.yml and the
// connections the wire assertions looked at (whose ladders the report draws).
import type { Trace } from "../assert/index.js";
import { judgeProgram } from "./evaluate-programs.js";
import { judgeWire } from "./evaluate-wire.js";
import type { ProgramRecord } from "./program-record.js";
import type { Assertion, WireAssertion } from "./types.js";
import type { Verdict } from "./verdict.js";

export interface CaptureView {
  trace?: Trace;
  /** Why there is no trace (the capture failed or could not be read). */
  problem?: string;
}

export interface Judgement {
  verdicts: Verdict[];
  looked: Array<{ capture: string; id: number }>;
}

/** The assertion as plain JSON (for result.json): regular expressions become "/source/". */
function plain(a: Assertion): Record<string, unknown> {
  const { id: _id, title: _title, ...rest } = a;
  return JSON.parse(JSON.stringify(rest, (_k, v: unknown) => (v instanceof RegExp ? `/${v.source}/` : v))) as Record<string, unknown>;
}

const isWire = (a: Assertion): a is Assertion & WireAssertion => "capture" in a;

export function judgeCase(expect: readonly Assertion[], programs: ReadonlyMap<string, ProgramRecord>, captures: ReadonlyMap<string, CaptureView>): Judgement {
  const out: Judgement = { verdicts: [], looked: [] };
  for (const a of expect) {
    const base = { id: a.id, kind: isWire(a) ? `wire ${a.kind}` : a.kind, title: a.title, assertion: plain(a) };
    if (isWire(a)) {
      const cap = captures.get(a.capture);
      const { judged, connections } = judgeWire(a, cap?.trace, cap?.problem);
      out.verdicts.push({ ...base, ...judged });
      for (const id of connections) out.looked.push({ capture: a.capture, id });
    } else {
      out.verdicts.push({ ...base, ...judgeProgram(a, programs) });
    }
  }
  return out;
}
