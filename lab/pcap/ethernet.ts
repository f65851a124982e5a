// Ethernet II with any number of 802.1Q / 802.1ad (QinQ) tags.
import { u16be } from "./bytes.js";
import { requireBytes } from "./errors.js";
import type { IpSink } from "./packet.js";
import { EtherType } from "./link-type.js";
import { decodeByEtherType } from "./network.js";

const HEADER = 14;
const TAG = 4;

export function decodeEthernet(buf: Uint8Array, off: number, end: number, out: IpSink): void {
  requireBytes("ethernet", off, end, HEADER, "Ethernet header");
  let type = u16be(buf, off + 12);
  let p = off + HEADER;
  // Each tag is TCI(2) + inner type(2); the loop advances 4 bytes per tag.
  while (type === EtherType.VLAN || type === EtherType.QINQ || type === EtherType.QINQ_OLD) {
    requireBytes("vlan", p, end, TAG, "VLAN tag");
    type = u16be(buf, p + 2);
    p += TAG;
  }
  decodeByEtherType(type, buf, p, end, out);
}
