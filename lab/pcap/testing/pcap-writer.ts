// Writers for classic pcap and pcapng, for tests and benchmarks: synthetic frames in,
// a complete file image out. They write what real tools write, including the variants
// the reader must handle (both byte orders, ns resolution, if_tsresol, SPBs, sections).
import { BlockType, BYTE_ORDER_MAGIC } from "../pcapng-file.js";
import { PcapMagic } from "../pcap-file.js";

export interface Frame {
  timestampNs: bigint;
  data: Uint8Array;
  /** Defaults to data.length; larger values model a snaplen cut. */
  originalLength?: number;
}

export interface PcapWriteOptions {
  linkType: number;
  nanosecond?: boolean;
  bigEndian?: boolean;
  /** Frames longer than this are cut (original length kept), like tcpdump -s. */
  snaplen?: number;
}

export function writePcap(frames: Iterable<Frame>, opts: PcapWriteOptions): Buffer {
  const le = !opts.bigEndian;
  const snaplen = opts.snaplen ?? 262144;
  const parts: Buffer[] = [];
  const header = Buffer.alloc(24);
  const hv = dv(header);
  hv.setUint32(0, opts.nanosecond ? PcapMagic.NANOSECONDS : PcapMagic.MICROSECONDS, le);
  hv.setUint16(4, 2, le);
  hv.setUint16(6, 4, le);
  hv.setUint32(16, snaplen, le);
  hv.setUint32(20, opts.linkType, le);
  parts.push(header);
  const unit = opts.nanosecond ? 1n : 1000n;
  for (const frame of frames) {
    const captured = frame.data.subarray(0, Math.min(frame.data.length, snaplen));
    const rec = Buffer.alloc(16 + captured.length);
    const rv = dv(rec);
    rv.setUint32(0, Number(frame.timestampNs / 1_000_000_000n), le);
    rv.setUint32(4, Number((frame.timestampNs % 1_000_000_000n) / unit), le);
    rv.setUint32(8, captured.length, le);
    rv.setUint32(12, frame.originalLength ?? frame.data.length, le);
    rec.set(captured, 16);
    parts.push(rec);
  }
  return Buffer.concat(parts);
}

export interface PcapngInterfaceSpec {
  linkType: number;
  snaplen?: number;
  /** Raw if_tsresol byte (6 = µs, 9 = ns, 0x80 | n = 2^-n); omitted = no option (µs). */
  tsresol?: number;
  /** if_tsoffset in seconds. */
  tsoffset?: bigint;
}

export interface PcapngPacket extends Frame {
  interfaceId?: number;
  /** Write a Simple Packet Block (interface 0, no timestamp) instead of an EPB. */
  simple?: boolean;
}

export interface PcapngSection {
  bigEndian?: boolean;
  interfaces: PcapngInterfaceSpec[];
  packets: PcapngPacket[];
  /** Insert a Name Resolution Block and an unknown block type, which readers must skip. */
  extraBlocks?: boolean;
}

export function writePcapng(sections: PcapngSection | PcapngSection[]): Buffer {
  const list = Array.isArray(sections) ? sections : [sections];
  return Buffer.concat(list.flatMap((s) => sectionBlocks(s)));
}

function sectionBlocks(s: PcapngSection): Buffer[] {
  const le = !s.bigEndian;
  const shbBody = Buffer.alloc(16);
  const sv = dv(shbBody);
  sv.setUint32(0, BYTE_ORDER_MAGIC, le);
  sv.setUint16(4, 1, le);
  sv.setUint16(6, 0, le);
  sv.setBigInt64(8, -1n, le); // section length unknown
  const blocks = [block(BlockType.SECTION_HEADER, shbBody, le)];
  for (const iface of s.interfaces) blocks.push(block(BlockType.INTERFACE_DESCRIPTION, idbBody(iface, le), le));
  if (s.extraBlocks) {
    blocks.push(block(BlockType.NAME_RESOLUTION, Buffer.alloc(4), le)); // just nrb_record_end
    blocks.push(block(0x0badf00d, Buffer.from("skip me!"), le));
  }
  for (const packet of s.packets) {
    const iface = s.interfaces[packet.interfaceId ?? 0];
    if (!iface) throw new Error(`packet on undeclared interface ${packet.interfaceId}`);
    blocks.push(packet.simple ? spb(packet, iface, le) : epb(packet, iface, le));
  }
  return blocks;
}

function idbBody(iface: PcapngInterfaceSpec, le: boolean): Buffer {
  const options: Buffer[] = [];
  if (iface.tsresol !== undefined) options.push(option(9, Buffer.from([iface.tsresol]), le));
  if (iface.tsoffset !== undefined) {
    const v = Buffer.alloc(8);
    dv(v).setBigInt64(0, iface.tsoffset, le);
    options.push(option(14, v, le));
  }
  if (options.length > 0) options.push(Buffer.alloc(4)); // opt_endofopt
  const fixed = Buffer.alloc(8);
  dv(fixed).setUint16(0, iface.linkType, le);
  dv(fixed).setUint32(4, iface.snaplen ?? 0, le);
  return Buffer.concat([fixed, ...options]);
}

function epb(packet: PcapngPacket, iface: PcapngInterfaceSpec, le: boolean): Buffer {
  const data = cut(packet.data, iface.snaplen);
  const units = toUnits(packet.timestampNs - (iface.tsoffset ?? 0n) * 1_000_000_000n, iface.tsresol ?? 6);
  const fixed = Buffer.alloc(20);
  const v = dv(fixed);
  v.setUint32(0, packet.interfaceId ?? 0, le);
  v.setUint32(4, Number(units >> 32n), le);
  v.setUint32(8, Number(units & 0xffffffffn), le);
  v.setUint32(12, data.length, le);
  v.setUint32(16, packet.originalLength ?? packet.data.length, le);
  return block(BlockType.ENHANCED_PACKET, Buffer.concat([fixed, pad4(data)]), le);
}

function spb(packet: PcapngPacket, iface: PcapngInterfaceSpec, le: boolean): Buffer {
  const data = cut(packet.data, iface.snaplen);
  const fixed = Buffer.alloc(4);
  dv(fixed).setUint32(0, packet.originalLength ?? packet.data.length, le);
  return block(BlockType.SIMPLE_PACKET, Buffer.concat([fixed, pad4(data)]), le);
}

/** Nanoseconds to if_tsresol units (truncating; exact for power-of-10 resolutions up to ns). */
export function toUnits(ns: bigint, tsresol: number): bigint {
  const exp = BigInt(tsresol & 0x7f);
  if (tsresol & 0x80) return (ns << exp) / 1_000_000_000n;
  return exp <= 9n ? ns / 10n ** (9n - exp) : ns * 10n ** (exp - 9n);
}

function block(type: number, body: Buffer, le: boolean): Buffer {
  const padded = pad4(body);
  const b = Buffer.alloc(12 + padded.length);
  const v = dv(b);
  v.setUint32(0, type, le);
  v.setUint32(4, b.length, le);
  b.set(padded, 8);
  v.setUint32(b.length - 4, b.length, le);
  return b;
}

function option(code: number, value: Buffer, le: boolean): Buffer {
  const head = Buffer.alloc(4);
  dv(head).setUint16(0, code, le);
  dv(head).setUint16(2, value.length, le);
  return Buffer.concat([head, pad4(value)]);
}

function cut(data: Uint8Array, snaplen: number | undefined): Uint8Array {
  return snaplen ? data.subarray(0, Math.min(data.length, snaplen)) : data;
}

function pad4(b: Uint8Array): Buffer {
  const out = Buffer.alloc((b.length + 3) & ~3);
  out.set(b);
  return out;
}

function dv(b: Buffer): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}
