import { expect, test } from "vitest";
import { demuxBuffer } from "./demux.js";

function frame(kind: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = kind;
  head.writeUInt32BE(payload.length, 4);
  return Buffer.concat([head, payload]);
}

test("splits stdout and stderr frames in order", () => {
  const buf = Buffer.concat([frame(1, "out1 "), frame(2, "err"), frame(1, "out2")]);
  const { stdout, stderr } = demuxBuffer(buf);
  expect(stdout.toString()).toBe("out1 out2");
  expect(stderr.toString()).toBe("err");
});

test("a truncated final frame keeps what arrived and never reads past the buffer", () => {
  const buf = frame(1, "complete");
  const cut = Buffer.concat([buf, frame(2, "partial").subarray(0, 11)]);
  expect(demuxBuffer(cut).stderr.toString()).toBe("par");
  expect(demuxBuffer(Buffer.from([1, 0, 0])).stdout.length).toBe(0);
});
