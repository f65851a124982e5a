// Matching a list of steps against a connection's segments, anchored at both ends, with
// backtracking over "..." gaps. On failure it reports the furthest point reached, which
// is where a reader wants to look.
import type { SegmentRecord } from "../tcp/tcp-connection.js";
import { tcpdumpFlags } from "../tcp/tcp-flags.js";
import { formatDuration } from "../trace/time-format.js";
import type { SegmentStep } from "./segment-pattern.js";

export type MatchResult =
  | { ok: true; matched: number[] }
  | { ok: false; stepsMatched: number; failedStep: number; segment?: number; reason: string };

/** Why seg does not satisfy step, or undefined when it does. prevNs: time of the previous matched segment. */
export function mismatch(step: SegmentStep, seg: SegmentRecord, prevNs: bigint): string | undefined {
  if (step.kind !== "segment") return undefined;
  if (step.dir && seg.dir !== step.dir) return `direction is ${seg.dir}`;
  if (step.flags && (seg.flags & step.flags.mask) !== step.flags.value) return `flags are [${tcpdumpFlags(seg.flags)}]`;
  if (step.length && !lengthOk(step.length.op, seg.length, step.length.value)) return `length is ${seg.length}`;
  if (step.seq !== undefined && seg.relSeq !== step.seq) return `relative seq is ${seg.relSeq}`;
  if (step.ack !== undefined && seg.relAck !== step.ack) return seg.relAck === undefined ? "it has no ACK" : `relative ack is ${seg.relAck}`;
  if (step.mss !== undefined && seg.options.mss === undefined) return "it has no MSS option";
  if (typeof step.mss === "number" && seg.options.mss !== step.mss) return `its MSS is ${seg.options.mss}`;
  const dt = seg.timeNs - prevNs;
  if (step.time && (dt < step.time.minNs || (step.time.maxNs !== undefined && dt > step.time.maxNs))) {
    return `it came ${formatDuration(dt)} after the previous matched segment`;
  }
  return undefined;
}

function lengthOk(op: "=" | ">" | ">=" | "<", actual: number, value: number): boolean {
  if (op === "=") return actual === value;
  if (op === ">") return actual > value;
  if (op === ">=") return actual >= value;
  return actual < value;
}

interface Furthest {
  step: number;
  segment: number;
  reason: string;
}

export function matchSegments(steps: SegmentStep[], segs: SegmentRecord[], originNs: bigint): MatchResult {
  const failed = new Set<string>();
  const matched: number[] = [];
  let furthest: Furthest = { step: 0, segment: 0, reason: "" };

  const note = (step: number, segment: number, reason: string) => {
    // After a gap the step was tried against every later segment: say so, not the last try.
    if (steps[step - 1]?.kind === "gap" && step < steps.length) {
      segment = segs.length;
      reason = "no later segment matches it";
    }
    if (step > furthest.step || (step === furthest.step && segment >= furthest.segment)) furthest = { step, segment, reason };
  };

  // i: next step, j: next segment, prev: index of the last matched segment (-1: none).
  const go = (i: number, j: number, prev: number): boolean => {
    const key = `${i},${j},${prev}`;
    if (failed.has(key)) return false;
    const ok = tryStep(i, j, prev);
    if (!ok) failed.add(key);
    return ok;
  };

  const tryStep = (i: number, j: number, prev: number): boolean => {
    const step = steps[i];
    if (!step) {
      if (j === segs.length) return true;
      note(i, j, `${segs.length - j} more segment(s) after the last step`);
      return false;
    }
    if (step.kind === "gap") return go(i + 1, j, prev) || (j < segs.length && go(i, j + 1, prev));
    const seg = segs[j];
    if (!seg) {
      note(i, j, "the connection has no more segments");
      return false;
    }
    const why = mismatch(step, seg, prev < 0 ? originNs : (segs[prev]?.timeNs ?? originNs));
    if (why !== undefined) {
      note(i, j, why);
      return false;
    }
    matched.push(j);
    if (go(i + 1, j + 1, j)) return true;
    matched.pop();
    return false;
  };

  if (go(0, 0, -1)) return { ok: true, matched };
  return {
    ok: false,
    stepsMatched: furthest.step,
    failedStep: furthest.step,
    ...(furthest.segment < segs.length ? { segment: furthest.segment } : {}),
    reason: furthest.reason,
  };
}
