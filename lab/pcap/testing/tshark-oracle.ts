// tshark as an oracle for the decoder: run it on a capture, project both its output and
// our DecodedPackets onto the same string fields, and list every difference. Used by
// the unit tests on generated files and reusable on real lab captures.
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import type { DecodedPacket, IcmpMessage, TcpSegment } from "../packet.js";

/** Our field name -> tshark field. Multi-valued fields (inner headers of ICMP errors) keep the first. */
export const ORACLE_FIELDS = {
  time: "frame.time_epoch",
  capturedLength: "frame.cap_len",
  originalLength: "frame.len",
  interfaceId: "frame.interface_id",
  ip4Src: "ip.src",
  ip4Dst: "ip.dst",
  ip4Ttl: "ip.ttl",
  ip4Length: "ip.len",
  /** "1" when the IP length claims more than the frame holds: tshark says so in an expert message. */
  ipTruncated: "_ws.expert.message",
  ip6Src: "ipv6.src",
  ip6Dst: "ipv6.dst",
  ip6HopLimit: "ipv6.hlim",
  tcpSrcPort: "tcp.srcport",
  tcpDstPort: "tcp.dstport",
  tcpFlags: "tcp.flags",
  tcpSeq: "tcp.seq_raw",
  /** Absolute too (relative numbers are off); the only seq tshark gives for a quoted TCP header. */
  tcpSeqAbsolute: "tcp.seq",
  tcpAck: "tcp.ack_raw",
  tcpWindow: "tcp.window_size_value",
  tcpLength: "tcp.len",
  tcpHeaderLength: "tcp.hdr_len",
  tcpMss: "tcp.options.mss_val",
  tcpWindowScale: "tcp.options.wscale.shift",
  tcpTsval: "tcp.options.timestamp.tsval",
  tcpTsecr: "tcp.options.timestamp.tsecr",
  tcpSackLeft: "tcp.options.sack_le",
  tcpSackRight: "tcp.options.sack_re",
  udpSrcPort: "udp.srcport",
  udpDstPort: "udp.dstport",
  udpLength: "udp.length",
  icmpType: "icmp.type",
  icmpCode: "icmp.code",
  icmp6Type: "icmpv6.type",
  icmp6Code: "icmpv6.code",
} as const;

export type OracleField = keyof typeof ORACLE_FIELDS;
/** "" = absent. In our view, a missing key = "we don't claim this field": not compared. */
export type OracleView = Partial<Record<OracleField, string>>;

const FIELD_NAMES = Object.keys(ORACLE_FIELDS) as OracleField[];
/** Fields whose every occurrence is compared (joined with "|"), not just the first. */
const ALL_OCCURRENCES = new Set<OracleField>(["tcpSackLeft", "tcpSackRight", "ipTruncated"]);
/** tshark's expert messages for an IP length past the frame's end (IPv4, IPv6). */
const LENGTH_EXCEEDS_FRAME = /IPv4 total length exceeds packet length|IPv6 payload length exceeds framing length/;

/** Path of tshark ($TSHARK, else PATH), or undefined when it is not installed. */
export function findTshark(): string | undefined {
  const candidates = process.env.TSHARK ? [process.env.TSHARK] : (process.env.PATH ?? "").split(delimiter).map((d) => join(d, "tshark"));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The tshark arguments: raw sequence numbers, no reassembly (so each frame stands alone). */
export function tsharkArgs(file: string): string[] {
  const fields = FIELD_NAMES.flatMap((f) => ["-e", ORACLE_FIELDS[f]]);
  return [
    "-r", file, "-n", "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=|",
    "-o", "tcp.relative_sequence_numbers:FALSE", "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
    "-o", "tcp.desegment_tcp_streams:FALSE", "-o", "tcp.analyze_sequence_numbers:FALSE",
    ...fields,
  ];
}

/** Runs tshark on `file` and returns one view per frame. Rejects if tshark prints nothing and fails. */
export function runTshark(file: string, tshark = findTshark()): Promise<OracleView[]> {
  if (!tshark) return Promise.reject(new Error("tshark not found (set $TSHARK or install it)"));
  return new Promise((resolve, reject) => {
    const child = spawn(tshark, tsharkArgs(file), { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => {
      // A cut-short file makes tshark exit 2 after printing the frames it read: keep them.
      if (code !== 0 && out === "") reject(new Error(`tshark exited ${code}: ${err.trim()}`));
      else resolve(out.split("\n").filter((l) => l !== "").map(parseLine));
    });
  });
}

function parseLine(line: string): OracleView {
  const cols = line.split("\t");
  const view: OracleView = {};
  FIELD_NAMES.forEach((f, i) => {
    const raw = cols[i] ?? "";
    view[f] = normalize(f, ALL_OCCURRENCES.has(f) ? raw : (raw.split("|")[0] ?? ""));
  });
  return view;
}

function normalize(field: OracleField, v: string): string {
  if (v === "") return "";
  if (field === "time") return epochToNs(v);
  if (field === "tcpFlags") return String(parseInt(v, 16)); // all 12 bits: AE and the reserved ones too
  if (field === "ipTruncated") return LENGTH_EXCEEDS_FRAME.test(v) ? "1" : "";
  return v;
}

/** "1700000000.123456789" -> "1700000000123456789", exact (no floating point). */
export function epochToNs(epoch: string): string {
  const [sec = "0", frac = ""] = epoch.split(".");
  return (BigInt(sec) * 1_000_000_000n + BigInt((frac + "000000000").slice(0, 9))).toString();
}

const TRANSPORT_FIELDS = FIELD_NAMES.filter((f) => /^(tcp|udp|icmp)/.test(f));

/** Our packet projected onto the oracle's fields. */
export function viewOf(p: DecodedPacket): OracleView {
  const v: OracleView = {
    time: p.timestampNs.toString(),
    capturedLength: String(p.capturedLength),
    originalLength: String(p.originalLength),
    interfaceId: String(p.interfaceId),
  };
  const ip = p.ip;
  const v4 = ip?.version === 4;
  const v6 = ip?.version === 6;
  Object.assign(v, {
    ip4Src: v4 ? ip.src : "", ip4Dst: v4 ? ip.dst : "", ip4Ttl: v4 ? String(ip.ttl) : "", ip4Length: v4 ? String(ip.totalLength) : "",
    ipTruncated: p.truncated ? "1" : "",
    ip6Src: v6 ? ip.src : "", ip6Dst: v6 ? ip.dst : "", ip6HopLimit: v6 ? String(ip.ttl) : "",
  });
  for (const f of TRANSPORT_FIELDS) v[f] = ""; // absent unless set below
  const t = ip?.transport;
  if (t?.kind === "tcp") Object.assign(v, tcpView(t));
  else if (t?.kind === "udp") Object.assign(v, { udpSrcPort: String(t.srcPort), udpDstPort: String(t.dstPort), udpLength: String(t.length) });
  else if (t?.kind === "icmp") Object.assign(v, icmpView(t));
  return v;
}

function tcpView(t: TcpSegment): OracleView {
  const o = t.options;
  return {
    tcpSrcPort: String(t.srcPort), tcpDstPort: String(t.dstPort), tcpFlags: String(t.flags), tcpSeq: String(t.seq),
    tcpSeqAbsolute: String(t.seq), tcpAck: String(t.ack), tcpWindow: String(t.window), tcpLength: String(t.payloadLength),
    tcpHeaderLength: String(t.headerLength), tcpMss: str(o.mss), tcpWindowScale: str(o.windowScale),
    tcpTsval: str(o.timestamp?.value), tcpTsecr: str(o.timestamp?.echo),
    tcpSackLeft: (o.sack ?? []).map((b) => b[0]).join("|"), tcpSackRight: (o.sack ?? []).map((b) => b[1]).join("|"),
  };
}

function icmpView(t: IcmpMessage): OracleView {
  const v: OracleView = t.version === 4 ? { icmpType: String(t.type), icmpCode: String(t.code) } : { icmp6Type: String(t.type), icmp6Code: String(t.code) };
  const q = t.quoted;
  if (!q) return v;
  // tshark dissects the quoted transport header too; we decode only its ports and seq,
  // so the other transport fields are left uncompared.
  for (const f of TRANSPORT_FIELDS) if (!f.startsWith("icmp")) v[f] = undefined;
  if (q.protocol === 17) Object.assign(v, { udpSrcPort: str(q.srcPort), udpDstPort: str(q.dstPort) });
  if (q.protocol === 6) Object.assign(v, { tcpSrcPort: str(q.srcPort), tcpDstPort: str(q.dstPort), tcpSeqAbsolute: str(q.tcpSeq) });
  return v;
}

function str(n: number | undefined): string {
  return n === undefined ? "" : String(n);
}

/** Differences between our packets and tshark's rows, as readable lines (empty = agreement). */
export function diffWithTshark(ours: DecodedPacket[], theirs: OracleView[]): string[] {
  const problems: string[] = [];
  if (ours.length !== theirs.length) problems.push(`frame count: ours ${ours.length}, tshark ${theirs.length}`);
  ours.forEach((p, i) => {
    const t = theirs[i];
    if (!t) return;
    const o = viewOf(p);
    for (const f of FIELD_NAMES) {
      const mine = o[f];
      // interface_id is only printed for pcapng; tshark leaves it empty for classic pcap.
      let other = t[f] ?? "";
      // tshark prints no interface_id for classic pcap, and no time for a pcapng simple packet block.
      if ((f === "interfaceId" || f === "time") && other === "") other = "0";
      if (mine !== undefined && mine !== other) problems.push(`frame ${i + 1} ${ORACLE_FIELDS[f]}: ours "${mine}", tshark "${other}"`);
    }
  });
  return problems;
}
