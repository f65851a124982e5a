// Typed errors of the decoder. Two kinds, because they mean different things:
// a PcapFormatError breaks the file's framing (records after it cannot be trusted),
// a LayerError only spoils one packet's inner layers (the packet is still listed).

/** The capture file itself is truncated or corrupt at `offset` (byte offset in the file). */
export class PcapFormatError extends Error {
  override readonly name = "PcapFormatError";
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`${reason} (at file offset ${offset})`);
  }
}

/**
 * A protocol layer inside one packet is truncated or malformed. Thrown by the layer
 * decoders and caught by the packet decoder, which turns it into `DecodedPacket.error`.
 * `offset` is an offset into the buffer being decoded; the packet decoder rebases it.
 */
export class LayerError extends Error {
  override readonly name = "LayerError";
  constructor(
    readonly layer: string,
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Throws a LayerError unless `need` bytes are available at `off` (before `end`). */
export function requireBytes(layer: string, off: number, end: number, need: number, what: string): void {
  if (end - off < need) {
    throw new LayerError(layer, off, `${what} needs ${need} bytes, only ${Math.max(0, end - off)} captured`);
  }
}
