// UDP flows by 4-tuple: datagrams and bytes each way. The client is the first sender.
import type { Endpoint } from "./endpoint.js";
import { sameEndpoint } from "./endpoint.js";

export interface DatagramStats {
  datagrams: number;
  bytes: number;
}

export interface UdpFlow {
  /** 1-based, in order of first datagram. */
  id: number;
  client: Endpoint;
  server: Endpoint;
  firstIndex: number;
  lastIndex: number;
  firstNs: bigint;
  lastNs: bigint;
  toServer: DatagramStats;
  toClient: DatagramStats;
}

export class UdpFlowBuilder {
  private readonly flow: UdpFlow;

  constructor(id: number, src: Endpoint, dst: Endpoint, index: number, timeNs: bigint) {
    this.flow = {
      id,
      client: src,
      server: dst,
      firstIndex: index,
      lastIndex: index,
      firstNs: timeNs,
      lastNs: timeNs,
      toServer: { datagrams: 0, bytes: 0 },
      toClient: { datagrams: 0, bytes: 0 },
    };
  }

  get id(): number {
    return this.flow.id;
  }

  add(src: Endpoint, payloadLength: number, index: number, timeNs: bigint): void {
    const stats = sameEndpoint(src, this.flow.client) ? this.flow.toServer : this.flow.toClient;
    stats.datagrams++;
    stats.bytes += payloadLength;
    this.flow.lastIndex = index;
    this.flow.lastNs = timeNs;
  }

  finish(): UdpFlow {
    const f = this.flow;
    return { ...f, toServer: { ...f.toServer }, toClient: { ...f.toClient } };
  }
}
