// The public entry points: stream a file (readPackets), collect a file (readCapture),
// or decode an in-memory capture (decodeBuffer). All share CaptureParser.
import { createReadStream } from "node:fs";
import { CaptureParser } from "./capture-parser.js";
import type { PcapFormatError } from "./errors.js";
import type { CaptureFormat } from "./framer.js";
import type { DecodedPacket } from "./packet.js";

export interface ReadOptions {
  /** Throw the first PcapFormatError after yielding the packets before it (default: collect). */
  strict?: boolean;
  /** Read size in bytes (default 1 MiB); tests force tiny chunks to exercise the rolling buffer. */
  chunkSize?: number;
  /** Receives framing errors in the default (non-strict) mode. */
  errors?: PcapFormatError[];
}

export interface Capture {
  /** undefined when the file was too short or corrupt to tell. */
  format: CaptureFormat | undefined;
  /** Link types of the file's interfaces, in order of appearance. */
  linkTypes: number[];
  packets: DecodedPacket[];
  /** Framing errors: at most one, since the file cannot be read past it. */
  errors: PcapFormatError[];
}

const DEFAULT_CHUNK = 1 << 20;

/** Streams the packets of a pcap or pcapng file, reading it in chunks. */
export async function* readPackets(path: string, opts: ReadOptions = {}): AsyncGenerator<DecodedPacket, void, undefined> {
  for await (const batch of readPacketBatches(path, opts)) {
    for (const p of batch) yield p;
  }
}

/**
 * Streams the packets in batches, one per chunk read: the fast path (one await per
 * chunk instead of per packet) for consumers that go through millions of packets.
 */
export async function* readPacketBatches(path: string, opts: ReadOptions = {}): AsyncGenerator<DecodedPacket[], void, undefined> {
  const parser = new CaptureParser();
  yield* parseFile(parser, path, opts.chunkSize ?? DEFAULT_CHUNK);
  reportErrors(parser, opts);
}

/** Reads a whole capture: its packets plus its format, link types and errors. */
export async function readCapture(path: string, opts: ReadOptions = {}): Promise<Capture> {
  const parser = new CaptureParser();
  const packets: DecodedPacket[] = [];
  for await (const batch of parseFile(parser, path, opts.chunkSize ?? DEFAULT_CHUNK)) {
    for (const p of batch) packets.push(p);
  }
  reportErrors(parser, opts);
  return { format: parser.format, linkTypes: parser.linkTypes, packets, errors: [...parser.errors] };
}

async function* parseFile(parser: CaptureParser, path: string, chunkSize: number): AsyncGenerator<DecodedPacket[]> {
  const stream = createReadStream(path, { highWaterMark: chunkSize });
  try {
    for await (const chunk of stream) {
      parser.push(chunk as Buffer);
      const batch = drain(parser);
      if (batch.length > 0) yield batch;
      if (parser.stopped) break; // nothing after a framing error can be trusted
    }
  } finally {
    stream.destroy();
  }
  parser.end();
  const last = drain(parser);
  if (last.length > 0) yield last;
}

function drain(parser: CaptureParser): DecodedPacket[] {
  const batch: DecodedPacket[] = [];
  for (let p = parser.next(); p; p = parser.next()) batch.push(p);
  return batch;
}

/** Decodes a capture held in memory (tests, small files). */
export function decodeBuffer(buf: Uint8Array, opts: Pick<ReadOptions, "strict"> = {}): Capture {
  const parser = new CaptureParser();
  parser.push(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength));
  parser.end();
  const packets = drain(parser);
  reportErrors(parser, opts);
  return { format: parser.format, linkTypes: parser.linkTypes, packets, errors: [...parser.errors] };
}

function reportErrors(parser: CaptureParser, opts: ReadOptions): void {
  const first = parser.errors[0];
  if (opts.strict && first) throw first;
  opts.errors?.push(...parser.errors);
}
