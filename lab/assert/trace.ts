// A captured trace under test: pick connections and UDP flows, check ICMP errors.
import type { DecodedPacket } from "../pcap/packet.js";
import { analyze, type Analysis, type AnalyzeOptions } from "../tcp/analyzer.js";
import { formatEndpoint } from "../tcp/endpoint.js";
import type { IcmpError } from "../tcp/icmp-error.js";
import type { TcpConnection } from "../tcp/tcp-connection.js";
import type { UdpFlow } from "../tcp/udp-flow.js";
import { TraceAssertionError } from "./trace-assertion-error.js";

/** Which flow: all given fields must match; index (0-based, default 0) picks among the matches. */
export interface FlowSelector {
  serverPort?: number;
  clientPort?: number;
  serverAddress?: string;
  clientAddress?: string;
  /** 1-based connection/flow number as printed by `lab trace`. */
  id?: number;
  index?: number;
}

interface Flowish {
  id: number;
  client: { address: string; port: number };
  server: { address: string; port: number };
}

function matches(f: Flowish, s: FlowSelector): boolean {
  return (
    (s.serverPort === undefined || f.server.port === s.serverPort) &&
    (s.clientPort === undefined || f.client.port === s.clientPort) &&
    (s.serverAddress === undefined || f.server.address === s.serverAddress) &&
    (s.clientAddress === undefined || f.client.address === s.clientAddress) &&
    (s.id === undefined || f.id === s.id)
  );
}

function pick<T extends Flowish>(kind: string, all: readonly T[], sel: FlowSelector): T {
  const found = all.filter((f) => matches(f, sel));
  const chosen = found[sel.index ?? 0];
  if (chosen) return chosen;
  const list = all.map((f) => `  ${f.id}: ${formatEndpoint(f.client)} -> ${formatEndpoint(f.server)}`);
  const wanted = JSON.stringify(sel);
  throw new TraceAssertionError(
    [`no ${kind} matches ${wanted} (${found.length} matched the ports/addresses)`, `${kind}s in the capture:`, ...(list.length ? list : ["  (none)"])].join("\n"),
    wanted,
    list.join("\n"),
  );
}

export class Trace {
  constructor(readonly analysis: Analysis) {}

  static async fromPackets(packets: Iterable<DecodedPacket> | AsyncIterable<DecodedPacket>, options?: AnalyzeOptions): Promise<Trace> {
    return new Trace(await analyze(packets, options));
  }

  get connections(): TcpConnection[] {
    return this.analysis.tcp;
  }

  /** Every TCP connection the selector's ports and addresses match (its index is ignored). */
  connectionsMatching(sel: FlowSelector = {}): TcpConnection[] {
    return this.analysis.tcp.filter((c) => matches(c, sel));
  }

  connection(sel: FlowSelector = {}): TcpConnection {
    return pick("TCP connection", this.analysis.tcp, sel);
  }

  udpFlow(sel: FlowSelector = {}): UdpFlow {
    return pick("UDP flow", this.analysis.udp, sel);
  }

  icmpErrorsFor(flow: UdpFlow | TcpConnection): IcmpError[] {
    const protocol = "handshake" in flow ? "tcp" : "udp";
    return this.analysis.icmpErrors.filter((e) => e.flow?.protocol === protocol && e.flow.id === flow.id);
  }

  /** Throws unless an ICMP port unreachable quotes a datagram of the selected UDP flow. */
  icmpPortUnreachableSeen(sel: FlowSelector = {}): IcmpError {
    const flow = this.udpFlow(sel);
    const hit = this.icmpErrorsFor(flow).find((e) => e.kind === "port-unreachable");
    if (hit) return hit;
    const errors = this.analysis.icmpErrors.map((e) => `  packet ${e.index + 1}: ${e.summary}`);
    const expected = `ICMP port unreachable for UDP ${formatEndpoint(flow.client)} -> ${formatEndpoint(flow.server)}`;
    throw new TraceAssertionError(
      [
        "icmpPortUnreachableSeen failed",
        "expected:",
        `  ${expected}`,
        "seen:",
        `  UDP flow ${flow.id}: ${flow.toServer.datagrams} datagram(s) out, ${flow.toClient.datagrams} back`,
        ...(errors.length ? ["  ICMP errors:", ...errors] : ["  no ICMP errors in the capture"]),
      ].join("\n"),
      expected,
      errors.join("\n"),
    );
  }
}
