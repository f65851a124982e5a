// Docker multiplexes stdout and stderr of a non-TTY container into frames:
// 1 byte stream id (1 stdout, 2 stderr), 3 zero bytes, 4-byte big-endian length, payload.

export interface Demuxed {
  stdout: Buffer;
  stderr: Buffer;
}

/** Splits a complete multiplexed buffer. A truncated last frame is kept as far as it goes. */
export function demuxBuffer(buf: Buffer): Demuxed {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let off = 0;
  while (off + 8 <= buf.length) {
    const kind = buf[off];
    const len = buf.readUInt32BE(off + 4);
    const end = Math.min(off + 8 + len, buf.length);
    (kind === 2 ? err : out).push(buf.subarray(off + 8, end));
    off = end;
  }
  return { stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
}
