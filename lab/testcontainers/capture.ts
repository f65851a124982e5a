// Capture around a block: a tcpdump sidecar in a container's network namespace (only
// the sidecar has NET_ADMIN/NET_RAW), confirmed listening before the block runs, stopped
// and saved after it, and the trace analysed for assertions.
import { startCapture, type CaptureOptions, type SavedCapture } from "../capture/capture.js";
import { Trace } from "../assert/trace.js";
import { SERVICE_LABEL } from "../docker/labels.js";
import { StartedService } from "../lab/service.js";
import { networkName } from "../lab/names.js";
import { readCapture } from "../pcap/reader.js";
import { apiDocker, containerId, type ContainerRef } from "./container-ref.js";

export interface CapturedBlock<T> {
  value: T;
  saved: SavedCapture;
  trace: Trace;
}

/** Runs `block` while the container's traffic is captured; the pcap is under opts.outDir/<lab>/. */
export async function captureAround<T>(lab: string, target: ContainerRef, block: () => Promise<T>, opts: CaptureOptions = {}): Promise<CapturedBlock<T>> {
  const docker = apiDocker();
  const id = containerId(target);
  const info = await docker.inspectContainer(id);
  const service = new StartedService(docker, lab, info.labels[SERVICE_LABEL] ?? "server", id, info.name, info.addresses[networkName(lab)] ?? "");
  await using capture = await startCapture({ docker, name: lab, service: () => service }, service.name, opts);
  const value = await block();
  const saved = await capture.stop();
  const trace = await Trace.fromPackets((await readCapture(saved.path)).packets);
  return { value, saved, trace };
}
