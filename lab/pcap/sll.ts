// Linux "cooked" captures (tcpdump -i any): SLL (LINKTYPE 113, 16-byte header with the
// protocol last) and SLL2 (LINKTYPE 276, 20-byte header with the protocol first).
import { u16be } from "./bytes.js";
import { requireBytes } from "./errors.js";
import type { IpSink } from "./packet.js";
import { decodeByEtherType } from "./network.js";

const SLL_HEADER = 16;
const SLL2_HEADER = 20;

export function decodeSll(buf: Uint8Array, off: number, end: number, out: IpSink): void {
  requireBytes("sll", off, end, SLL_HEADER, "Linux cooked (SLL) header");
  decodeByEtherType(u16be(buf, off + 14), buf, off + SLL_HEADER, end, out);
}

export function decodeSll2(buf: Uint8Array, off: number, end: number, out: IpSink): void {
  requireBytes("sll2", off, end, SLL2_HEADER, "Linux cooked v2 (SLL2) header");
  decodeByEtherType(u16be(buf, off), buf, off + SLL2_HEADER, end, out);
}
