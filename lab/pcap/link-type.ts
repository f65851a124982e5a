// LINKTYPE_* values as they appear in pcap headers and pcapng IDBs
// (https://www.tcpdump.org/linktypes.html). Only those the decoder understands.
export const LinkType = {
  /** BSD loopback: 4-byte address family in the capturing host's byte order. */
  NULL: 0,
  ETHERNET: 1,
  /** DLT_RAW on most platforms; written into some pcap files instead of 101. */
  RAW_DLT12: 12,
  /** DLT_RAW on OpenBSD. */
  RAW_DLT14: 14,
  /** Raw IP, version taken from the first nibble. */
  RAW: 101,
  /** OpenBSD loopback: like NULL but the family is in network byte order. */
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;
export type LinkType = (typeof LinkType)[keyof typeof LinkType];

/** IP protocol numbers (IPv4 protocol / IPv6 next header) the decoder acts on. */
export const IpProtocol = {
  HOPOPTS: 0,
  ICMP: 1,
  TCP: 6,
  UDP: 17,
  ROUTING: 43,
  FRAGMENT: 44,
  AH: 51,
  ICMPV6: 58,
  NONE: 59,
  DSTOPTS: 60,
} as const;
export type IpProtocol = (typeof IpProtocol)[keyof typeof IpProtocol];

/** Ethernet II type field values (also used by Linux cooked headers). */
export const EtherType = {
  IPV4: 0x0800,
  ARP: 0x0806,
  VLAN: 0x8100,
  IPV6: 0x86dd,
  QINQ: 0x88a8,
  /** Pre-standard QinQ, still seen on some switches. */
  QINQ_OLD: 0x9100,
} as const;
export type EtherType = (typeof EtherType)[keyof typeof EtherType];
