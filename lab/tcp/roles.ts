// Which end is the client: the sender of the first SYN, else a guess from the ports.
import { TcpFlag, type TcpSegment } from "../pcap/packet.js";
import type { Endpoint } from "./endpoint.js";
import type { RoleSource } from "./tcp-connection.js";
import { hasFlag } from "./tcp-flags.js";

export interface Roles {
  client: Endpoint;
  server: Endpoint;
  source: RoleSource;
}

/** Decide roles from the first packet seen on a connection. */
export function decideRoles(src: Endpoint, dst: Endpoint, seg: TcpSegment): Roles {
  const syn = hasFlag(seg.flags, TcpFlag.SYN);
  const ack = hasFlag(seg.flags, TcpFlag.ACK);
  if (syn && !ack) return { client: src, server: dst, source: "syn" };
  if (syn && ack) return { client: dst, server: src, source: "syn-ack" };
  // Mid-connection: servers listen on the lower (well-known or chosen) port, clients get
  // an ephemeral one. On a tie, the first packet's destination is taken as the server.
  const srcIsServer = src.port < dst.port;
  return srcIsServer
    ? { client: dst, server: src, source: "port-guess" }
    : { client: src, server: dst, source: "port-guess" };
}
