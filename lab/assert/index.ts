// Public API for asserting on captured traces (packetdrill in spirit, after the fact).
export { gracefulClose, handshakeCompleted, resetBy, retransmissionSeen, type CloserExpectation } from "./checks.js";
export { expectSegments } from "./expect-segments.js";
export {
  bytesTransferred,
  connectionCount,
  countHolds,
  describeCount,
  describeDurationBounds,
  handshakeRtt,
  segmentCount,
  synRetransmissions,
  synTimes,
  type CountBounds,
  type Duration,
  type DurationBounds,
} from "./measure-checks.js";
export { matchSegments, type MatchResult } from "./match-segments.js";
export { durationNs, parseStep, type SegmentStep } from "./segment-pattern.js";
export { Trace, type FlowSelector } from "./trace.js";
export { TraceAssertionError } from "./trace-assertion-error.js";
