// Choosing connections for display: by 1-based number (`--connection N`) or by a
// port / endpoint filter.
import type { Endpoint } from "../tcp/endpoint.js";
import type { TcpConnection } from "../tcp/tcp-connection.js";

export interface EndpointPattern {
  address?: string;
  port?: number;
}

export interface ConnectionFilter {
  /** 1-based connection number, as printed in "Connection N". */
  number?: number;
  /** Either end uses this port. */
  port?: number;
  client?: EndpointPattern;
  server?: EndpointPattern;
}

function matchesEndpoint(e: Endpoint, p: EndpointPattern | undefined): boolean {
  return !p || ((p.address === undefined || p.address === e.address) && (p.port === undefined || p.port === e.port));
}

export function selectConnections(conns: readonly TcpConnection[], f: ConnectionFilter): TcpConnection[] {
  return conns.filter(
    (c) =>
      (f.number === undefined || c.id === f.number) &&
      (f.port === undefined || c.client.port === f.port || c.server.port === f.port) &&
      matchesEndpoint(c.client, f.client) &&
      matchesEndpoint(c.server, f.server),
  );
}

/** The connection numbered n (1-based); a RangeError that says how many there are otherwise. */
export function connectionByNumber(conns: readonly TcpConnection[], n: number): TcpConnection {
  const conn = conns.find((c) => c.id === n);
  if (!conn) throw new RangeError(`no connection ${n}: the capture has ${conns.length} TCP connection(s)`);
  return conn;
}

/**
 * Parse a CLI selector: "3" (number), "port=1234", "client=10.0.0.2:40512",
 * "server=1234" or "server=10.0.0.3:1234"; several may be joined with ",".
 */
export function parseConnectionFilter(text: string): ConnectionFilter {
  const filter: ConnectionFilter = {};
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [key, value = ""] = part.includes("=") ? part.split("=", 2) : ["number", part];
    if (key === "number") filter.number = toNumber(value, part);
    else if (key === "port") filter.port = toNumber(value, part);
    else if (key === "client" || key === "server") filter[key] = parseEndpointPattern(value, part);
    else throw new Error(`unknown connection selector "${part}" (use N, port=P, client=ADDR:PORT, server=ADDR:PORT)`);
  }
  return filter;
}

function parseEndpointPattern(value: string, part: string): EndpointPattern {
  if (/^\d+$/.test(value)) return { port: toNumber(value, part) };
  const i = value.lastIndexOf(":");
  if (i < 0) return { address: value };
  const address = value.slice(0, i).replace(/^\[|\]$/g, "");
  return { address, port: toNumber(value.slice(i + 1), part) };
}

function toNumber(value: string, part: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`bad number in connection selector "${part}"`);
  return n;
}
