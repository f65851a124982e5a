// ICMP/ICMPv6 error messages, named, and described with the flow they quote.
import type { IcmpMessage, QuotedDatagram } from "../pcap/packet.js";
import { formatEndpoint } from "./endpoint.js";

export type IcmpErrorKind =
  | "net-unreachable"
  | "host-unreachable"
  | "protocol-unreachable"
  | "port-unreachable"
  | "fragmentation-needed"
  | "admin-prohibited"
  | "unreachable"
  | "packet-too-big"
  | "source-quench"
  | "redirect"
  | "time-exceeded"
  | "parameter-problem";

export interface FlowRef {
  protocol: "tcp" | "udp";
  id: number;
}

export interface IcmpError {
  index: number;
  timeNs: bigint;
  /** Address of the host or router that sent the error. */
  reporter: string;
  version: 4 | 6;
  type: number;
  code: number;
  kind: IcmpErrorKind;
  quoted?: QuotedDatagram;
  /** The flow whose datagram the error quotes, when it was captured. */
  flow?: FlowRef;
  summary: string;
}

const V4_UNREACH: Record<number, IcmpErrorKind> = {
  0: "net-unreachable",
  1: "host-unreachable",
  2: "protocol-unreachable",
  3: "port-unreachable",
  4: "fragmentation-needed",
  9: "admin-prohibited",
  10: "admin-prohibited",
  13: "admin-prohibited",
};
const V6_UNREACH: Record<number, IcmpErrorKind> = {
  0: "net-unreachable",
  1: "admin-prohibited",
  3: "host-unreachable",
  4: "port-unreachable",
};

/** The error kind, or undefined for informational messages (echo and the like). */
export function classifyIcmp(msg: IcmpMessage): IcmpErrorKind | undefined {
  return msg.version === 4 ? classifyV4(msg.type, msg.code) : classifyV6(msg.type, msg.code);
}

function classifyV4(type: number, code: number): IcmpErrorKind | undefined {
  if (type === 3) return V4_UNREACH[code] ?? "unreachable";
  const others: Record<number, IcmpErrorKind> = { 4: "source-quench", 5: "redirect", 11: "time-exceeded", 12: "parameter-problem" };
  return others[type];
}

function classifyV6(type: number, code: number): IcmpErrorKind | undefined {
  if (type === 1) return V6_UNREACH[code] ?? "unreachable";
  const others: Record<number, IcmpErrorKind> = { 2: "packet-too-big", 3: "time-exceeded", 4: "parameter-problem" };
  return others[type];
}

const PROTOCOL_NAMES: Record<number, string> = { 6: "TCP", 17: "UDP", 1: "ICMP", 58: "ICMPv6" };

/** "ICMP port unreachable for UDP 10.0.0.2:40000 -> 10.0.0.3:9" */
export function summarizeIcmpError(version: 4 | 6, kind: IcmpErrorKind, quoted?: QuotedDatagram): string {
  const head = `${version === 4 ? "ICMP" : "ICMPv6"} ${kind.replace(/-/g, " ")}`;
  if (!quoted) return head;
  const proto = PROTOCOL_NAMES[quoted.protocol] ?? `protocol ${quoted.protocol}`;
  const ends =
    quoted.srcPort !== undefined && quoted.dstPort !== undefined
      ? `${formatEndpoint({ address: quoted.src, port: quoted.srcPort })} -> ${formatEndpoint({ address: quoted.dst, port: quoted.dstPort })}`
      : `${quoted.src} -> ${quoted.dst}`;
  return `${head} for ${proto} ${ends}`;
}
