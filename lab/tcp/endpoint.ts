// An address:port pair and the keys used to group packets into flows.

export interface Endpoint {
  address: string;
  port: number;
}

export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a.address === b.address && a.port === b.port;
}

/** "10.0.0.2:40000", or "[2001:db8::1]:40000" so the port stays unambiguous for IPv6. */
export function formatEndpoint(e: Endpoint): string {
  return e.address.includes(":") ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

/** tcpdump writes "addr.port" for both IPv4 and IPv6. */
export function formatTcpdumpEndpoint(e: Endpoint): string {
  return `${e.address}.${e.port}`;
}

/** The same key whichever way the packet travels, so both directions land in one flow. */
export function flowKey(a: Endpoint, b: Endpoint): string {
  const x = formatEndpoint(a);
  const y = formatEndpoint(b);
  return x < y ? `${x}|${y}` : `${y}|${x}`;
}
