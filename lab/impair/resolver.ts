// Which interface of the target's network namespace carries its lab traffic: the one
// that holds the container's address on the lab network, read with `ip -o -4 addr show`
// inside the sidecar (never a guessed eth0: a container on two networks has two).
import { LabError } from "../errors.js";

export interface AddressRow {
  iface: string;
  address: string;
  prefix: number;
}

/**
 * Parses `ip -o -4 addr show`:
 * `2: eth0    inet 172.18.0.2/16 brd 172.18.255.255 scope global eth0\       valid_lft ...`.
 * Interface names lose any `@ifN` suffix (veth peers print it in some versions).
 */
export function parseIpAddrShow(stdout: string): AddressRow[] {
  const rows: AddressRow[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^\s*\d+:\s+(\S+)\s+inet\s+(\d+\.\d+\.\d+\.\d+)\/(\d+)/.exec(line);
    if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) continue;
    rows.push({ iface: m[1].replace(/@.*$/, ""), address: m[2], prefix: Number(m[3]) });
  }
  return rows;
}

/** The interface holding `address`; throws, listing what is there, when none does. */
export function interfaceForAddress(stdout: string, address: string, where: string): string {
  const rows = parseIpAddrShow(stdout);
  const row = rows.find((r) => r.address === address);
  if (!row) {
    const seen = rows.map((r) => `${r.iface} ${r.address}/${r.prefix}`).join(", ") || "no IPv4 address";
    throw new LabError(`no interface in ${where} holds ${address} (it has: ${seen})`);
  }
  return row.iface;
}

/** The command the resolver runs in the sidecar. */
export const IP_ADDR_COMMAND = ["ip", "-o", "-4", "addr", "show"];
