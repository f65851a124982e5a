// The JSON written beside a saved pcap (`x.pcap` -> `x.json`), read back by `lab trace`.
import { existsSync, readFileSync } from "node:fs";
import type { CaptureMeta } from "./capture.js";

export const metaPathFor = (pcap: string): string => pcap.replace(/\.(pcap|pcapng|cap)$/i, "") + ".json";

/** The capture's JSON sidecar if there is a readable one of ours, else undefined. */
export function readCaptureMeta(pcap: string): CaptureMeta | undefined {
  const path = metaPathFor(pcap);
  if (path === pcap || !existsSync(path)) return undefined;
  try {
    const meta = JSON.parse(readFileSync(path, "utf8")) as Partial<CaptureMeta>;
    return meta.format === "socklab-capture/1" ? (meta as CaptureMeta) : undefined;
  } catch {
    return undefined;
  }
}
