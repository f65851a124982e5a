// Link-layer wrappers for synthetic datagrams: Ethernet (+ VLAN/QinQ tags), Linux SLL
// and SLL2, BSD null / OpenBSD loop. Raw IP link types take the datagram as is.
import { AddressFamily } from "../loopback.js";
import { EtherType } from "../link-type.js";

export interface EthernetSpec {
  /** Defaults from the datagram's version nibble. */
  etherType?: number;
  /** VLAN ids, outermost first. */
  vlans?: number[];
  /** TPID of the outer tag when there are several (802.1ad by default). */
  outerTpid?: number;
  /** Pad to the 60-byte Ethernet minimum, as the wire does. */
  pad?: boolean;
}

const SRC_MAC = [0x02, 0x42, 0xac, 0x11, 0x00, 0x02];
const DST_MAC = [0x02, 0x42, 0xac, 0x11, 0x00, 0x03];

export function ethernet(datagram: Uint8Array, spec: EthernetSpec = {}): Uint8Array {
  const vlans = spec.vlans ?? [];
  const header = 14 + 4 * vlans.length;
  const length = Math.max(header + datagram.length, spec.pad ? 60 : 0);
  const f = new Uint8Array(length);
  const v = new DataView(f.buffer);
  f.set(DST_MAC, 0);
  f.set(SRC_MAC, 6);
  let p = 12;
  vlans.forEach((id, i) => {
    const tpid = i === 0 && vlans.length > 1 ? (spec.outerTpid ?? EtherType.QINQ) : EtherType.VLAN;
    v.setUint16(p, tpid);
    v.setUint16(p + 2, id & 0x0fff);
    p += 4;
  });
  v.setUint16(p, spec.etherType ?? etherTypeOf(datagram));
  f.set(datagram, header);
  return f;
}

/** Linux cooked v1: packet type, ARPHRD_ETHER, 6-byte address, protocol. */
export function sll(datagram: Uint8Array, protocol = etherTypeOf(datagram)): Uint8Array {
  const f = new Uint8Array(16 + datagram.length);
  const v = new DataView(f.buffer);
  v.setUint16(0, 0); // PACKET_HOST
  v.setUint16(2, 1); // ARPHRD_ETHER
  v.setUint16(4, 6);
  f.set(SRC_MAC, 6);
  v.setUint16(14, protocol);
  f.set(datagram, 16);
  return f;
}

/** Linux cooked v2: protocol, reserved, ifindex, ARPHRD_ETHER, packet type, address. */
export function sll2(datagram: Uint8Array, protocol = etherTypeOf(datagram), ifindex = 2): Uint8Array {
  const f = new Uint8Array(20 + datagram.length);
  const v = new DataView(f.buffer);
  v.setUint16(0, protocol);
  v.setUint32(4, ifindex);
  v.setUint16(8, 1);
  f[10] = 4; // PACKET_OUTGOING
  f[11] = 6;
  f.set(SRC_MAC, 12);
  f.set(datagram, 20);
  return f;
}

/** BSD null loopback: the family in the writer's byte order (little-endian by default). */
export function nullLoopback(datagram: Uint8Array, opts: { bigEndian?: boolean; family?: number } = {}): Uint8Array {
  const family = opts.family ?? (datagram[0]! >> 4 === 4 ? AddressFamily.INET : AddressFamily.INET6_DARWIN);
  const f = new Uint8Array(4 + datagram.length);
  new DataView(f.buffer).setUint32(0, family, !opts.bigEndian);
  f.set(datagram, 4);
  return f;
}

/** OpenBSD loop: the family in network byte order. */
export function loop(datagram: Uint8Array, family?: number): Uint8Array {
  return nullLoopback(datagram, {
    bigEndian: true,
    family: family ?? (datagram[0]! >> 4 === 4 ? AddressFamily.INET : AddressFamily.INET6_BSD),
  });
}

function etherTypeOf(datagram: Uint8Array): number {
  return datagram[0]! >> 4 === 6 ? EtherType.IPV6 : EtherType.IPV4;
}
