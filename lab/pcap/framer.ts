// The contract between the file-format readers (pcap-file.ts, pcapng-file.ts) and the
// streaming parser: a framer consumes one unit (file header, block or record) at a
// time from a buffer it does not own, and describes packet records in `record`.

export type CaptureFormat = "pcap" | "pcapng";

/** One packet record's framing. Mutable and reused: copy what you keep. */
export interface RawRecord {
  linkType: number;
  interfaceId: number;
  timestampNs: bigint;
  capturedLength: number;
  originalLength: number;
  /** Offset of the frame's first byte in the buffer passed to step(). */
  dataOffset: number;
}

export interface Framer {
  readonly format: CaptureFormat;
  /** After step() returned 0: bytes needed from `pos` before it can make progress. */
  needed: number;
  /** What the incomplete unit is, for the truncation error at end of file. */
  pendingWhat: string;
  /** Set by step(): whether the unit just consumed was a packet (then `record` describes it). */
  hasRecord: boolean;
  readonly record: RawRecord;
  /** Link types of the interfaces seen so far, in order of appearance, without duplicates. */
  readonly linkTypes: number[];
  /**
   * Consumes one unit at buf[pos, end). Returns the bytes consumed (> 0), or 0 when it
   * needs more data (see `needed`). Throws PcapFormatError (with `fileOffset + ...`) when
   * the framing is corrupt; the file cannot be read past that point.
   */
  step(buf: Uint8Array, pos: number, end: number, fileOffset: number): number;
}

/**
 * Largest captured length accepted in one record: tshark's limit for these link types.
 * A corrupt length must not make the reader buffer gigabytes looking for the record's end.
 */
export const MAX_CAPTURED_LENGTH = 262_144;

export function newRecord(): RawRecord {
  return { linkType: 0, interfaceId: 0, timestampNs: 0n, capturedLength: 0, originalLength: 0, dataOffset: 0 };
}

/** Remembers a link type in `list` the first time it is seen. */
export function noteLinkType(list: number[], linkType: number): void {
  if (!list.includes(linkType)) list.push(linkType);
}
