// Public API of the flow analysis.
export { analyzeFile } from "./analyze-file.js";
export {
  analyze,
  analyzeSync,
  TraceAnalyzer,
  type Analysis,
  type AnalyzeOptions,
  type BackwardTimestamps,
  type SkippedCounts,
  type UnsupportedLinkType,
} from "./analyzer.js";
export { formatEndpoint, formatTcpdumpEndpoint, type Endpoint } from "./endpoint.js";
export type { FlowRef, IcmpError, IcmpErrorKind } from "./icmp-error.js";
export type { RstCause } from "./rst-cause.js";
export type {
  CloseInfo,
  DirectionStats,
  Handshake,
  ResetInfo,
  Retransmission,
  RoleSource,
  SegmentEvent,
  SegmentRecord,
  TcpConnection,
} from "./tcp-connection.js";
export { tcpdumpFlags } from "./tcp-flags.js";
export { TcpState, type Direction, type Side, type StateChange } from "./tcp-state.js";
export type { DatagramStats, UdpFlow } from "./udp-flow.js";
