// Generated captures covering every file format variant and link type the reader
// supports, for the oracle tests, the corruption tests and the benchmark.
import { icmp, ipv4, ipv6, quoteDatagram, tcp, udp } from "./datagram-builder.js";
import { ethernet, loop, nullLoopback, sll, sll2 } from "./frame-builder.js";
import { LinkType } from "../link-type.js";
import { TcpFlag } from "../packet.js";
import { writePcap, writePcapng, type Frame } from "./pcap-writer.js";

export interface SampleCapture {
  name: string;
  data: Buffer;
}

const { SYN, ACK, PSH, FIN, RST, ECE, CWR, AE } = TcpFlag;
const T0 = 1_700_000_000_123_456_789n;

/** A small client/server conversation over IPv4 exercising TCP options, UDP and ICMP errors. */
export function ipv4Conversation(): Uint8Array[] {
  const c = "10.0.0.2";
  const s = "10.0.0.3";
  const syn = tcp({ srcPort: 40000, dstPort: 9877, seq: 0xfffffff0, flags: SYN, window: 64240,
    options: { mss: 1460, sackPermitted: true, timestamp: { value: 1, echo: 0 }, windowScale: 7 } });
  const probe = ipv4({ src: c, dst: s, payload: udp({ srcPort: 40001, dstPort: 9999, payload: 5 }) });
  const data = ipv4({ src: c, dst: s, payload: tcp({ srcPort: 40000, dstPort: 9877, seq: 0xfffffff1, ack: 2, flags: ACK | PSH, payload: 100 }) });
  return [
    ipv4({ src: c, dst: s, payload: syn }),
    ipv4({ src: s, dst: c, ttl: 63, payload: tcp({ srcPort: 9877, dstPort: 40000, seq: 1, ack: 0xfffffff1, flags: SYN | ACK,
      options: { mss: 1400, sackPermitted: true, windowScale: 2 } }) }),
    data,
    ipv4({ src: s, dst: c, payload: tcp({ srcPort: 9877, dstPort: 40000, seq: 2, ack: 0x55, flags: ACK, window: 501,
      options: { timestamp: { value: 7, echo: 1 }, sack: [[0x10, 0x20], [0xfffffff0, 0x5]] } }) }),
    ipv4({ src: c, dst: s, payload: tcp({ srcPort: 40000, dstPort: 9877, seq: 0x55, ack: 2, flags: FIN | ACK }) }),
    ipv4({ src: s, dst: c, payload: tcp({ srcPort: 9877, dstPort: 40000, seq: 2, flags: RST }) }),
    probe,
    ipv4({ src: s, dst: c, payload: icmp({ type: 3, code: 3, quoted: quoteDatagram(probe) }) }),
    ipv4({ src: "192.0.2.1", dst: c, payload: icmp({ type: 11, code: 0, quoted: quoteDatagram(data) }) }),
    ipv4({ src: c, dst: s, payload: icmp({ type: 8, rest: 0x00010001, quoted: new Uint8Array(16) }) }),
    // IP options (record route, 8 bytes incl. padding) are skipped by IHL.
    ipv4({ src: c, dst: s, options: Uint8Array.of(7, 7, 4, 0, 0, 0, 0, 1),
      payload: udp({ srcPort: 40002, dstPort: 7, payload: 3 }) }),
    // A fragmented UDP datagram: first fragment has the header, the second does not.
    ipv4({ src: c, dst: s, id: 77, moreFragments: true, payload: udp({ srcPort: 40003, dstPort: 9, payload: 16 }) }),
    ipv4({ src: c, dst: s, id: 77, fragmentOffset: 3, payload: { protocol: 17, build: () => new Uint8Array(24) } }),
  ];
}

/** IPv6 traffic with every extension header kind and an ICMPv6 error. */
export function ipv6Conversation(): Uint8Array[] {
  const c = "2001:db8::2";
  const s = "2001:db8:0:1::3";
  const probe = ipv6({ src: c, dst: s, payload: udp({ srcPort: 50000, dstPort: 9999, payload: 4 }) });
  return [
    ipv6({ src: c, dst: s, payload: tcp({ srcPort: 50000, dstPort: 9877, seq: 1000, flags: SYN, options: { mss: 1440, windowScale: 0 } }) }),
    ipv6({ src: c, dst: s, hopLimit: 1, extensions: [{ kind: "hop-by-hop" }, { kind: "destination" }],
      payload: tcp({ srcPort: 50000, dstPort: 9877, seq: 1001, ack: 5, flags: ACK, payload: 33 }) }),
    ipv6({ src: c, dst: s, extensions: [{ kind: "routing" }, { kind: "ah" }], payload: udp({ srcPort: 50001, dstPort: 53, payload: 12 }) }),
    ipv6({ src: c, dst: s, extensions: [{ kind: "fragment", more: true }], payload: udp({ srcPort: 50002, dstPort: 9, payload: 8 }) }),
    ipv6({ src: c, dst: s, extensions: [{ kind: "fragment", fragmentOffset: 2 }], payload: { protocol: 17, build: () => new Uint8Array(8) } }),
    probe,
    ipv6({ src: s, dst: c, payload: icmp({ type: 1, code: 4, quoted: probe }, 6) }),
    ipv6({ src: "fe80::1", dst: "ff02::1", payload: icmp({ type: 128, rest: 0x00070001 }, 6) }),
    ipv6({ src: "::1", dst: "::1", payload: udp({ srcPort: 1234, dstPort: 4321 }) }),
  ];
}

/**
 * Ethernet frames whose IP header claims more than the frame holds (a 66-byte frame
 * claiming 820 bytes, a 75-byte one claiming 58,941), next to honest ones (a snaplen cut,
 * Ethernet padding), and TCP segments with the AccECN AE bit and a reserved bit set.
 */
export function lyingLengthFrames(): Frame[] {
  const c = "10.0.0.2";
  const s = "10.0.0.3";
  const ack = tcp({ srcPort: 40000, dstPort: 9877, seq: 100, ack: 200, flags: ACK, options: { timestamp: { value: 1, echo: 2 } } });
  const bulk = tcp({ srcPort: 40000, dstPort: 9877, seq: 100, ack: 200, flags: ACK | PSH, payload: 1000 });
  const cut = ethernet(ipv4({ src: c, dst: s, payload: bulk })); // 1054 bytes on the wire
  const datagrams = [
    ipv4({ src: c, dst: s, totalLength: 820, payload: ack }),
    ipv4({ src: c, dst: s, totalLength: 58_941, payload: udp({ srcPort: 40001, dstPort: 9999, payload: 33 }) }),
    ipv6({ src: "2001:db8::2", dst: "2001:db8::3", payloadLength: 1000,
      payload: tcp({ srcPort: 50000, dstPort: 9877, seq: 7, flags: ACK | PSH, payload: 10 }) }),
    ipv6({ src: "2001:db8::2", dst: "2001:db8::3", extensions: [{ kind: "hop-by-hop" }], payloadLength: 60_000,
      payload: udp({ srcPort: 50001, dstPort: 53, payload: 12 }) }),
    ipv4({ src: c, dst: s, payload: udp({ srcPort: 40002, dstPort: 7, payload: 1 }) }), // padded to 60 below: not truncated
    ipv4({ src: c, dst: s, payload: tcp({ srcPort: 40003, dstPort: 9877, seq: 1, flags: SYN | ECE | CWR | AE }) }),
    ipv4({ src: s, dst: c, payload: tcp({ srcPort: 9877, dstPort: 40003, seq: 9, ack: 2, flags: SYN | ACK | AE }) }),
    ipv4({ src: c, dst: s, payload: tcp({ srcPort: 40003, dstPort: 9877, seq: 2, ack: 10, flags: ACK | AE | ECE | 0x800 }) }),
  ];
  const frames: Frame[] = datagrams.map((d, i) => ({ timestampNs: T0 + BigInt(i) * 1000n, data: ethernet(d, { pad: true }) }));
  // A snaplen cut: 96 of 1054 bytes captured, and the IP length is true.
  frames.push({ timestampNs: T0 + 10_000n, data: cut.subarray(0, 96), originalLength: cut.length });
  // Cut and lying: 96 of 200 wire bytes captured, but the IP header claims 1040.
  frames.push({ timestampNs: T0 + 11_000n, data: cut.subarray(0, 96), originalLength: 200 });
  return frames;
}

/** Timestamps T0 + i * 1.000001001 s, so each resolution loses different digits. */
export function framesOf(datagrams: Uint8Array[], wrap: (d: Uint8Array, i: number) => Uint8Array): Frame[] {
  return datagrams.map((d, i) => ({ timestampNs: T0 + BigInt(i) * 1_000_001_001n, data: wrap(d, i) }));
}

export function sampleCaptures(): SampleCapture[] {
  const v4 = ipv4Conversation();
  const v6 = ipv6Conversation();
  const both = [...v4, ...v6];
  const eth = (d: Uint8Array, i: number) => ethernet(d, { pad: true, vlans: i % 3 === 1 ? [100] : i % 3 === 2 ? [10, 20] : [] });
  return [
    { name: "pcap-us-le-ethernet-vlan", data: writePcap(framesOf(both, eth), { linkType: LinkType.ETHERNET }) },
    { name: "pcap-ns-be-ethernet", data: writePcap(framesOf(both, (d) => ethernet(d)), { linkType: LinkType.ETHERNET, nanosecond: true, bigEndian: true }) },
    { name: "pcap-us-be-sll", data: writePcap(framesOf(both, (d) => sll(d)), { linkType: LinkType.LINUX_SLL, bigEndian: true }) },
    { name: "pcap-ns-le-sll2", data: writePcap(framesOf(both, (d) => sll2(d)), { linkType: LinkType.LINUX_SLL2, nanosecond: true }) },
    { name: "pcap-raw-101", data: writePcap(framesOf(both, (d) => d), { linkType: LinkType.RAW }) },
    { name: "pcap-raw-12", data: writePcap(framesOf(both, (d) => d), { linkType: LinkType.RAW_DLT12 }) },
    { name: "pcap-raw-14", data: writePcap(framesOf(both, (d) => d), { linkType: LinkType.RAW_DLT14 }) },
    { name: "pcap-ipv4-228", data: writePcap(framesOf(v4, (d) => d), { linkType: LinkType.IPV4, nanosecond: true }) },
    { name: "pcap-ipv6-229", data: writePcap(framesOf(v6, (d) => d), { linkType: LinkType.IPV6 }) },
    { name: "pcap-null-le", data: writePcap(framesOf(both, (d) => nullLoopback(d)), { linkType: LinkType.NULL }) },
    { name: "pcap-null-be", data: writePcap(framesOf(both, (d) => nullLoopback(d, { bigEndian: true })), { linkType: LinkType.NULL, bigEndian: true }) },
    { name: "pcap-loop", data: writePcap(framesOf(both, (d) => loop(d)), { linkType: LinkType.LOOP }) },
    { name: "pcap-snaplen-110", data: writePcap(framesOf(both, (d) => ethernet(d)), { linkType: LinkType.ETHERNET, snaplen: 110 }) },
    { name: "pcapng-le-default-resolution", data: writePcapng({ interfaces: [{ linkType: LinkType.ETHERNET }], extraBlocks: true,
      packets: framesOf(both, eth) }) },
    { name: "pcapng-be-ns-two-interfaces", data: writePcapng({ bigEndian: true,
      interfaces: [{ linkType: LinkType.ETHERNET, tsresol: 9 }, { linkType: LinkType.LINUX_SLL2, tsresol: 3, snaplen: 128 }],
      packets: framesOf(both, (d) => d).map((f, i) => ({ ...f, interfaceId: i % 2, data: i % 2 ? sll2(f.data) : ethernet(f.data) })) }) },
    { name: "pcapng-power-of-two-and-sections", data: writePcapng([
      { interfaces: [{ linkType: LinkType.RAW, tsresol: 0x80 | 20 }], packets: framesOf(v4, (d) => d) },
      { bigEndian: true, extraBlocks: true, interfaces: [{ linkType: LinkType.LINUX_SLL, tsresol: 7, tsoffset: 100n }],
        packets: framesOf(v6, (d) => sll(d)) },
    ]) },
    { name: "pcap-lying-ip-lengths-and-ae", data: writePcap(lyingLengthFrames(), { linkType: LinkType.ETHERNET, nanosecond: true }) },
    { name: "pcapng-simple-packets", data: writePcapng({ interfaces: [{ linkType: LinkType.ETHERNET, snaplen: 1500 }],
      packets: framesOf(v4, (d) => ethernet(d)).map((f, i) => ({ ...f, simple: i % 2 === 0 })) }) },
  ];
}
