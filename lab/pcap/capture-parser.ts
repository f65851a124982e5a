// Push-based parser: feed it chunks of a capture file in any sizes, pull decoded packets.
// It keeps one rolling buffer holding at most the unconsumed tail plus new chunks, so
// memory stays flat however big the file. Chunks are only merged once enough bytes
// arrived for the pending unit, so a large record fed in tiny chunks is copied once.
import { PcapFormatError } from "./errors.js";
import type { CaptureFormat, Framer } from "./framer.js";
import type { DecodedPacket } from "./packet.js";
import { decodePacket } from "./packet-decoder.js";
import { isPcapMagic, PcapFramer } from "./pcap-file.js";
import { BlockType, PcapngFramer } from "./pcapng-file.js";
import { u32be } from "./bytes.js";

const EMPTY = Buffer.alloc(0);

export class CaptureParser {
  /** Errors in the file's framing; after one, no more packets are produced. */
  readonly errors: PcapFormatError[] = [];
  private framer: Framer | undefined;
  private buf: Buffer = EMPTY;
  private pos = 0;
  /** File offset of buf[0]. */
  private base = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private needed = 4;
  private ended = false;
  private failed = false;
  private index = 0;

  get format(): CaptureFormat | undefined {
    return this.framer?.format;
  }

  get linkTypes(): number[] {
    return this.framer ? [...this.framer.linkTypes] : [];
  }

  /** true once a framing error stopped the parse (further input is ignored). */
  get stopped(): boolean {
    return this.failed;
  }

  push(chunk: Buffer): void {
    if (this.failed || chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
  }

  /** No more input: a unit still incomplete becomes a truncation error. */
  end(): void {
    this.ended = true;
  }

  /** The next packet, or undefined when more input is needed (or the file is done). */
  next(): DecodedPacket | undefined {
    while (!this.failed) {
      const available = this.buf.length - this.pos;
      if (available < this.needed) {
        if (available + this.pendingBytes >= this.needed || (this.ended && this.pendingBytes > 0)) {
          this.merge();
          continue;
        }
        if (this.ended && available > 0) this.fail(this.truncationError(available));
        else if (this.ended && !this.framer) this.fail(new PcapFormatError(this.base + this.pos, "empty capture file"));
        return undefined;
      }
      const packet = this.step();
      if (packet) return packet;
    }
    return undefined;
  }

  private step(): DecodedPacket | undefined {
    try {
      const framer = (this.framer ??= detectFormat(this.buf, this.pos, this.base + this.pos));
      const consumed = framer.step(this.buf, this.pos, this.buf.length, this.base + this.pos);
      if (consumed === 0) {
        this.needed = framer.needed;
        return undefined;
      }
      this.pos += consumed;
      this.needed = 1;
      return framer.hasRecord ? decodePacket(this.buf, framer.record, this.index++) : undefined;
    } catch (err) {
      if (!(err instanceof PcapFormatError)) throw err;
      this.fail(err);
      return undefined;
    }
  }

  private truncationError(available: number): PcapFormatError {
    const what = this.framer?.pendingWhat ?? "file magic";
    return new PcapFormatError(this.base + this.pos, `truncated ${what}: needs ${this.needed} bytes, file has ${available}`);
  }

  private fail(err: PcapFormatError): void {
    this.errors.push(err);
    this.failed = true;
    this.buf = EMPTY;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Drops consumed bytes and appends pending chunks (no copy when nothing is left over). */
  private merge(): void {
    const rest = this.buf.subarray(this.pos);
    this.base += this.pos;
    this.buf = rest.length === 0 && this.pending.length === 1 ? this.pending[0]! : Buffer.concat([rest, ...this.pending]);
    this.pos = 0;
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/** Picks the framer from the first 4 bytes (caller checked they exist). */
function detectFormat(buf: Uint8Array, pos: number, fileOffset: number): Framer {
  if (isPcapMagic(buf, pos)) return new PcapFramer();
  if (u32be(buf, pos) === BlockType.SECTION_HEADER) return new PcapngFramer();
  throw new PcapFormatError(fileOffset, `unknown capture format (magic 0x${u32be(buf, pos).toString(16).padStart(8, "0")})`);
}
