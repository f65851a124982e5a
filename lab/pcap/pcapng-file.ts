// pcapng files (draft-ietf-opsawg-pcapng): a sequence of sections, each a Section Header
// Block (which fixes the byte order) followed by Interface Description Blocks and packet
// blocks (EPB, SPB, the obsolete PB). Other blocks are skipped by their length.
import { u16, u32 } from "./bytes.js";
import { PcapFormatError } from "./errors.js";
import { MAX_CAPTURED_LENGTH, newRecord, noteLinkType, type Framer } from "./framer.js";

export const BlockType = {
  SECTION_HEADER: 0x0a0d0d0a,
  INTERFACE_DESCRIPTION: 0x00000001,
  PACKET_OBSOLETE: 0x00000002,
  SIMPLE_PACKET: 0x00000003,
  NAME_RESOLUTION: 0x00000004,
  INTERFACE_STATISTICS: 0x00000005,
  ENHANCED_PACKET: 0x00000006,
} as const;

export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;
/** Larger blocks are taken as corruption (Wireshark uses the same bound). */
export const MAX_BLOCK_LENGTH = 16 * 1024 * 1024;

export interface PcapngInterface {
  linkType: number;
  snaplen: number;
  /** Time units per second (if_tsresol; default 10^6). */
  unitsPerSecond: bigint;
  /** Nanoseconds per unit when that is an integer (power-of-10 resolutions up to ns), else 0n. */
  nsPerUnit: bigint;
  /** if_tsoffset, in nanoseconds. */
  offsetNs: bigint;
}

export class PcapngFramer implements Framer {
  readonly format = "pcapng" as const;
  needed = 0;
  pendingWhat = "pcapng block";
  hasRecord = false;
  readonly record = newRecord();
  readonly linkTypes: number[] = [];
  sections = 0;
  littleEndian = true;
  interfaces: PcapngInterface[] = [];

  step(buf: Uint8Array, pos: number, end: number, fileOffset: number): number {
    this.hasRecord = false;
    if (end - pos < 12) return this.needMore(12, "pcapng block header");
    const type = u32(buf, pos, this.littleEndian);
    // The SHB type reads the same in both byte orders; its byte-order magic decides.
    if (type === BlockType.SECTION_HEADER) this.littleEndian = this.sectionByteOrder(buf, pos, fileOffset);
    else if (this.sections === 0) throw new PcapFormatError(fileOffset, "pcapng file does not start with a section header");
    const length = u32(buf, pos + 4, this.littleEndian);
    checkBlockLength(type, length, fileOffset);
    if (end - pos < length) return this.needMore(length, `pcapng block of type 0x${type.toString(16)}`);
    if (u32(buf, pos + length - 4, this.littleEndian) !== length) {
      throw new PcapFormatError(fileOffset + length - 4, `pcapng block trailing length differs from ${length}`);
    }
    this.readBlock(type, buf, pos, length, fileOffset);
    return length;
  }

  private sectionByteOrder(buf: Uint8Array, pos: number, fileOffset: number): boolean {
    if (u32(buf, pos + 8, true) === BYTE_ORDER_MAGIC) return true;
    if (u32(buf, pos + 8, false) === BYTE_ORDER_MAGIC) return false;
    throw new PcapFormatError(fileOffset + 8, "pcapng section header has no valid byte-order magic");
  }

  private readBlock(type: number, buf: Uint8Array, pos: number, length: number, fileOffset: number): void {
    switch (type) {
      case BlockType.SECTION_HEADER:
        return this.readSection(buf, pos, length, fileOffset);
      case BlockType.INTERFACE_DESCRIPTION:
        return this.readInterface(buf, pos, length, fileOffset);
      case BlockType.ENHANCED_PACKET:
        return this.readEnhanced(buf, pos, length, fileOffset);
      case BlockType.SIMPLE_PACKET:
        return this.readSimple(buf, pos, length, fileOffset);
      case BlockType.PACKET_OBSOLETE:
        return this.readObsolete(buf, pos, length, fileOffset);
      default:
        return; // NRB, ISB, DSB, custom and unknown blocks carry no packets
    }
  }

  private readSection(buf: Uint8Array, pos: number, length: number, fileOffset: number): void {
    if (length < 28) throw new PcapFormatError(fileOffset + 4, `pcapng section header length ${length} < 28`);
    const major = u16(buf, pos + 12, this.littleEndian);
    if (major !== 1) throw new PcapFormatError(fileOffset + 12, `unsupported pcapng major version ${major}`);
    this.sections++;
    this.interfaces = []; // interface ids are per section
  }

  private readInterface(buf: Uint8Array, pos: number, length: number, fileOffset: number): void {
    if (length < 20) throw new PcapFormatError(fileOffset + 4, `pcapng interface block length ${length} < 20`);
    const le = this.littleEndian;
    const iface: PcapngInterface = {
      linkType: u16(buf, pos + 8, le),
      snaplen: u32(buf, pos + 12, le),
      unitsPerSecond: 1_000_000n,
      nsPerUnit: 1000n,
      offsetNs: 0n,
    };
    this.readInterfaceOptions(buf, pos + 16, pos + length - 4, fileOffset - pos, iface);
    this.interfaces.push(iface);
    noteLinkType(this.linkTypes, iface.linkType);
  }

  /** Options are code(2) length(2) value padded to 4; `rebase` turns buffer offsets into file offsets. */
  private readInterfaceOptions(buf: Uint8Array, p: number, end: number, rebase: number, iface: PcapngInterface): void {
    const le = this.littleEndian;
    while (end - p >= 4) {
      const code = u16(buf, p, le);
      const len = u16(buf, p + 2, le);
      if (code === 0) break;
      const padded = (len + 3) & ~3;
      if (end - p - 4 < padded) throw new PcapFormatError(rebase + p, `pcapng option ${code} overruns its block`);
      if (code === IF_TSRESOL && len >= 1) setResolution(iface, buf[p + 4]!);
      if (code === IF_TSOFFSET && len >= 8) iface.offsetNs = readInt64(buf, p + 4, le) * 1_000_000_000n;
      p += 4 + padded;
    }
  }

  private readEnhanced(buf: Uint8Array, pos: number, length: number, fileOffset: number): void {
    if (length < 32) throw new PcapFormatError(fileOffset + 4, `pcapng enhanced packet block length ${length} < 32`);
    const le = this.littleEndian;
    const iface = this.interfaceFor(u32(buf, pos + 8, le), fileOffset + 8);
    const capturedLength = u32(buf, pos + 20, le);
    checkCapturedLength(capturedLength, length - 32, fileOffset + 20);
    const r = this.record;
    r.interfaceId = u32(buf, pos + 8, le);
    r.linkType = iface.linkType;
    r.timestampNs = timestampNs(iface, u32(buf, pos + 12, le), u32(buf, pos + 16, le));
    r.capturedLength = capturedLength;
    r.originalLength = u32(buf, pos + 24, le);
    r.dataOffset = pos + 28;
    this.hasRecord = true;
  }

  private readSimple(buf: Uint8Array, pos: number, length: number, fileOffset: number): void {
    if (length < 16) throw new PcapFormatError(fileOffset + 4, `pcapng simple packet block length ${length} < 16`);
    const iface = this.interfaceFor(0, fileOffset);
    const originalLength = u32(buf, pos + 8, this.littleEndian);
    // The SPB has no captured length: it is the original length cut by snaplen and block size.
    let capturedLength = Math.min(originalLength, length - 16);
    if (iface.snaplen !== 0) capturedLength = Math.min(capturedLength, iface.snaplen);
    const r = this.record;
    r.interfaceId = 0;
    r.linkType = iface.linkType;
    r.timestampNs = 0n; // an SPB carries no timestamp
    r.capturedLength = capturedLength;
    r.originalLength = originalLength;
    r.dataOffset = pos + 12;
    this.hasRecord = true;
  }

  private readObsolete(buf: Uint8Array, pos: number, length: number, fileOffset: number): void {
    if (length < 32) throw new PcapFormatError(fileOffset + 4, `pcapng packet block length ${length} < 32`);
    const le = this.littleEndian;
    const interfaceId = u16(buf, pos + 8, le);
    const iface = this.interfaceFor(interfaceId, fileOffset + 8);
    const capturedLength = u32(buf, pos + 20, le);
    checkCapturedLength(capturedLength, length - 32, fileOffset + 20);
    const r = this.record;
    r.interfaceId = interfaceId;
    r.linkType = iface.linkType;
    r.timestampNs = timestampNs(iface, u32(buf, pos + 12, le), u32(buf, pos + 16, le));
    r.capturedLength = capturedLength;
    r.originalLength = u32(buf, pos + 24, le);
    r.dataOffset = pos + 28;
    this.hasRecord = true;
  }

  private interfaceFor(id: number, offset: number): PcapngInterface {
    const iface = this.interfaces[id];
    if (!iface) throw new PcapFormatError(offset, `packet on interface ${id}, but the section has ${this.interfaces.length}`);
    return iface;
  }

  private needMore(needed: number, what: string): number {
    this.needed = needed;
    this.pendingWhat = what;
    return 0;
  }
}

function checkBlockLength(type: number, length: number, fileOffset: number): void {
  if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK_LENGTH) {
    throw new PcapFormatError(fileOffset + 4, `bad pcapng block length ${length} for block type 0x${type.toString(16)}`);
  }
}

function checkCapturedLength(capturedLength: number, room: number, offset: number): void {
  if (capturedLength > room || capturedLength > MAX_CAPTURED_LENGTH) {
    throw new PcapFormatError(offset, `captured length ${capturedLength} does not fit its block (${room} bytes)`);
  }
}

/** if_tsresol: high bit clear = 10^-v seconds, set = 2^-(v & 0x7f) seconds. */
export function setResolution(iface: PcapngInterface, v: number): void {
  const exponent = BigInt(v & 0x7f);
  iface.unitsPerSecond = v & 0x80 ? 1n << exponent : 10n ** exponent;
  iface.nsPerUnit = !(v & 0x80) && exponent <= 9n ? 10n ** (9n - exponent) : 0n;
}

/** Units since the epoch (high and low 32 bits) to nanoseconds, truncating like Wireshark. */
export function timestampNs(iface: PcapngInterface, high: number, low: number): bigint {
  let ns: bigint;
  if (iface.nsPerUnit !== 0n && high < 0x200000) {
    // Exact in a double: high * 2^32 + low < 2^53.
    ns = BigInt(high * 4294967296 + low) * iface.nsPerUnit;
  } else {
    const units = (BigInt(high) << 32n) | BigInt(low);
    if (iface.nsPerUnit !== 0n) ns = units * iface.nsPerUnit;
    else {
      const ups = iface.unitsPerSecond;
      ns = (units / ups) * 1_000_000_000n + ((units % ups) * 1_000_000_000n) / ups;
    }
  }
  return iface.offsetNs === 0n ? ns : ns + iface.offsetNs;
}

function readInt64(buf: Uint8Array, p: number, le: boolean): bigint {
  const lo = BigInt(u32(buf, le ? p : p + 4, le));
  const hi = BigInt(u32(buf, le ? p + 4 : p, le));
  return BigInt.asIntN(64, (hi << 32n) | lo);
}
