// Public API of packet capture: `await using capture = await startCapture(lab, "server")`
// (or `lab.capture("server")`), then `await capture.stop()` for the saved pcap and JSON.
export {
  CAPTURE_ROLE,
  finishCapture,
  listCaptures,
  saveRunningCaptures,
  startCapture,
  StartedCapture,
  type CaptureLab,
  type CaptureMeta,
  type CaptureOptions,
  type SavedCapture,
} from "./capture.js";
export { readCaptureMeta, metaPathFor } from "./meta.js";
export type { Offloads, OffloadState, TcpdumpStats } from "./sidecar.js";
