// Classic libpcap files (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html):
// a 24-byte header whose magic gives byte order and timestamp resolution, then records
// of a 16-byte header + captured bytes.
import { u16, u32, u32be } from "./bytes.js";
import { PcapFormatError } from "./errors.js";
import { MAX_CAPTURED_LENGTH, newRecord, noteLinkType, type Framer } from "./framer.js";

export const PcapMagic = {
  MICROSECONDS: 0xa1b2c3d4,
  NANOSECONDS: 0xa1b23c4d,
} as const;

const FILE_HEADER = 24;
const RECORD_HEADER = 16;

/** The magic's byte-swapped forms, i.e. the file was written on the other endianness. */
const SWAPPED_MICRO = 0xd4c3b2a1;
const SWAPPED_NANO = 0x4d3cb2a1;

/** true if the 4 bytes at `off` are a classic pcap magic in either byte order. */
export function isPcapMagic(buf: Uint8Array, off: number): boolean {
  const m = u32be(buf, off);
  return m === PcapMagic.MICROSECONDS || m === PcapMagic.NANOSECONDS || m === SWAPPED_MICRO || m === SWAPPED_NANO;
}

export class PcapFramer implements Framer {
  readonly format = "pcap" as const;
  needed = 0;
  pendingWhat = "pcap file header";
  hasRecord = false;
  readonly record = newRecord();
  readonly linkTypes: number[] = [];
  littleEndian = false;
  nanosecond = false;
  snaplen = 0;
  versionMajor = 0;
  versionMinor = 0;
  private headerRead = false;

  step(buf: Uint8Array, pos: number, end: number, fileOffset: number): number {
    this.hasRecord = false;
    return this.headerRead ? this.readRecord(buf, pos, end, fileOffset) : this.readHeader(buf, pos, end, fileOffset);
  }

  private readHeader(buf: Uint8Array, pos: number, end: number, fileOffset: number): number {
    if (end - pos < FILE_HEADER) return this.needMore(FILE_HEADER, "pcap file header");
    const magic = u32be(buf, pos);
    if (magic === PcapMagic.MICROSECONDS || magic === PcapMagic.NANOSECONDS) this.littleEndian = false;
    else if (magic === SWAPPED_MICRO || magic === SWAPPED_NANO) this.littleEndian = true;
    else throw new PcapFormatError(fileOffset, `not a pcap magic: 0x${magic.toString(16)}`);
    this.nanosecond = magic === PcapMagic.NANOSECONDS || magic === SWAPPED_NANO;
    this.versionMajor = u16(buf, pos + 4, this.littleEndian);
    this.versionMinor = u16(buf, pos + 6, this.littleEndian);
    this.snaplen = u32(buf, pos + 16, this.littleEndian);
    // The upper bits of the link type field carry FCS information, not the type.
    this.record.linkType = u32(buf, pos + 20, this.littleEndian) & 0xffff;
    noteLinkType(this.linkTypes, this.record.linkType);
    this.headerRead = true;
    return FILE_HEADER;
  }

  private readRecord(buf: Uint8Array, pos: number, end: number, fileOffset: number): number {
    if (end - pos < RECORD_HEADER) return this.needMore(RECORD_HEADER, "pcap record header");
    const le = this.littleEndian;
    const capturedLength = u32(buf, pos + 8, le);
    if (capturedLength > MAX_CAPTURED_LENGTH) {
      throw new PcapFormatError(fileOffset + 8, `record captured length ${capturedLength} exceeds ${MAX_CAPTURED_LENGTH}`);
    }
    const size = RECORD_HEADER + capturedLength;
    if (end - pos < size) return this.needMore(size, "pcap record");
    const seconds = u32(buf, pos, le);
    const fraction = u32(buf, pos + 4, le);
    const r = this.record;
    // seconds * 1e6 + micros < 2^53, so the microsecond case needs one BigInt only.
    r.timestampNs = this.nanosecond
      ? BigInt(seconds) * 1_000_000_000n + BigInt(fraction)
      : BigInt(seconds * 1_000_000 + fraction) * 1000n;
    r.capturedLength = capturedLength;
    r.originalLength = u32(buf, pos + 12, le);
    r.dataOffset = pos + RECORD_HEADER;
    this.hasRecord = true;
    return size;
  }

  private needMore(needed: number, what: string): number {
    this.needed = needed;
    this.pendingWhat = what;
    return 0;
  }
}
