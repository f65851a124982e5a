// How long an IP datagram is: what its header claims, but never more than its frame held
// on the wire. Bytes a snaplen cut were sent (the record's original length counts them);
// bytes past the frame's end never were, and tshark caps the datagram there too.
import type { IpSink } from "./packet.js";

/** Where the frame ended on the wire, given its captured end `end` in the buffer. */
export function wireEnd(out: IpSink, end: number): number {
  const cut = (out.originalLength ?? 0) - (out.capturedLength ?? 0);
  return cut > 0 ? end + cut : end;
}

/**
 * The datagram length to decode with: the `claimed` one, capped at the `held` bytes the
 * frame had on the wire. Notes the cap in `out.truncated`.
 */
export function cappedLength(claimed: number, held: number, out: IpSink): number {
  if (claimed <= held) return claimed;
  out.truncated = { claimed, held };
  return held;
}
