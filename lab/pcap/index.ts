// Public surface of the pcap decoder.
export { PcapFormatError } from "./errors.js";
export { EtherType, IpProtocol, LinkType } from "./link-type.js";
export { IcmpType, Icmpv6Type, IcmpUnreachableCode } from "./icmp.js";
export type { CaptureFormat } from "./framer.js";
export { decodeBuffer, readCapture, readPacketBatches, readPackets, type Capture, type ReadOptions } from "./reader.js";
export { CaptureParser } from "./capture-parser.js";
export * from "./packet.js";
