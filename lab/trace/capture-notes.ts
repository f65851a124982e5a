// What a reader must know about a capture before trusting the report: packets whose IP
// length lies, link types the decoder could not read, and timestamps that go backwards.
import { describeLinkType } from "../pcap/link-type-names.js";
import type { Analysis } from "../tcp/analyzer.js";
import { formatDuration } from "./time-format.js";

/** Lines for the report's header; empty for an ordinary capture. */
export function captureNotes(analysis: Analysis): string[] {
  const lines: string[] = [];
  if (analysis.truncated > 0) {
    lines.push(
      `truncated: ${analysis.truncated} packet(s) whose IP header claims more bytes than the frame held; ` +
        "analysed with their lengths capped at the frame (as tshark does)",
    );
  }
  for (const t of analysis.unsupportedLinkTypes) {
    lines.push(`undecodable: ${t.packets} packet(s) of link type ${describeLinkType(t.linkType)}, which the decoder does not read`);
  }
  return lines;
}

/** One warning line when timestamps go backwards, else undefined. */
export function timeWarning(analysis: Analysis): string | undefined {
  const back = analysis.backwardTimestamps;
  if (!back) return undefined;
  return (
    `timestamps go backwards ${back.count} time(s), first at packet ${back.firstIndex + 1} ` +
    `(largest step back ${formatDuration(back.largestStepNs)}): the capture's span is not shown, and a negative duration shows as unknown`
  );
}

