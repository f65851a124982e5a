// One framed record to a DecodedPacket: the record's framing, then the layers, which
// attach themselves as they decode so a bad inner layer keeps the outer ones.
import { LayerError } from "./errors.js";
import type { RawRecord } from "./framer.js";
import { decodeLink } from "./link-layer.js";
import type { DecodedPacket } from "./packet.js";

/** Decodes the frame `record` describes in `buf`. Never throws. */
export function decodePacket(buf: Uint8Array, record: RawRecord, index: number): DecodedPacket {
  const packet: DecodedPacket = {
    index,
    timestampNs: record.timestampNs,
    capturedLength: record.capturedLength,
    originalLength: record.originalLength,
    linkType: record.linkType,
    interfaceId: record.interfaceId,
  };
  const start = record.dataOffset;
  try {
    decodeLink(record.linkType, buf, start, start + record.capturedLength, packet);
    if (packet.error) packet.error.offset = clamp(packet.error.offset - start, record.capturedLength); // a partly decoded layer noted it
  } catch (err) {
    // LayerError is the expected path; anything else is a decoder bug, still reported per packet
    // (with layer "internal", which the fuzz tests assert never happens).
    packet.error =
      err instanceof LayerError
        ? { layer: err.layer, offset: clamp(err.offset - start, record.capturedLength), message: err.message }
        : { layer: "internal", offset: 0, message: String(err) };
  }
  return packet;
}

/** Error offsets point into the captured bytes, even for "needs N more bytes" errors. */
function clamp(offset: number, capturedLength: number): number {
  return Math.min(Math.max(offset, 0), capturedLength);
}
