// What runs inside the capture sidecar, and how to read what it said. Pure functions:
// the shell script (interface by address, offloads off, then exec tcpdump) and parsers
// for its marker lines and tcpdump's statistics.

/** Where tcpdump writes inside the sidecar (/tmp: tcpdump may drop root before opening it). */
export const SIDECAR_PCAP = "/tmp/capture.pcap";

/**
 * The sidecar's command. Environment: ADDR (the target's address on the lab network),
 * OFFLOADS ("off" to turn TSO/GSO/GRO off, "keep" to leave them). Positional arguments
 * are the BPF filter. Marker lines on stdout: `socklab-iface <name>` and
 * `socklab-offloads tso=<on|off|?> gso=.. gro=..`; tcpdump then owns the process.
 */
export const SIDECAR_SCRIPT = [
  'iface=$(ip -o -4 addr show | while read -r _n ifc _fam cidr _rest; do [ "${cidr%/*}" = "$ADDR" ] && echo "${ifc%%@*}"; done | head -n 1)',
  'if [ -z "$iface" ]; then echo "socklab: no interface holds $ADDR:" >&2; ip -o -4 addr show >&2; exit 3; fi',
  'echo "socklab-iface $iface"',
  'if [ "$OFFLOADS" = off ]; then for f in tso gso gro; do ethtool -K "$iface" "$f" off >/dev/null 2>&1 || true; done; fi',
  'st() { v=$(ethtool -k "$iface" 2>/dev/null | sed -n "s/^$1: \\([a-z]*\\).*/\\1/p"); echo "${v:-?}"; }',
  'echo "socklab-offloads tso=$(st tcp-segmentation-offload) gso=$(st generic-segmentation-offload) gro=$(st generic-receive-offload)"',
  `exec tcpdump -i "$iface" -U --immediate-mode -B 32768 -w ${SIDECAR_PCAP} "$@"`,
].join("\n");

export type OffloadState = "on" | "off" | "?";

export interface Offloads {
  /** What was asked: "off" (the default) or "kept" (--keep-offloads). */
  requested: "off" | "kept";
  tso: OffloadState;
  gso: OffloadState;
  gro: OffloadState;
}

export interface SidecarReport {
  iface?: string;
  offloads?: Omit<Offloads, "requested">;
}

export function parseSidecarStdout(stdout: string): SidecarReport {
  const report: SidecarReport = {};
  for (const line of stdout.split("\n")) {
    const iface = /^socklab-iface (\S+)/.exec(line);
    if (iface) report.iface = iface[1];
    const off = /^socklab-offloads tso=(\S+) gso=(\S+) gro=(\S+)/.exec(line);
    if (off) report.offloads = { tso: state(off[1]), gso: state(off[2]), gro: state(off[3]) };
  }
  return report;
}

const state = (v: string | undefined): OffloadState => (v === "on" || v === "off" ? v : "?");

export interface TcpdumpStats {
  captured?: number;
  receivedByFilter?: number;
  droppedByKernel?: number;
}

/** tcpdump's closing lines: "12 packets captured", "... received by filter", "... dropped by kernel". */
export function parseTcpdumpStats(stderr: string): TcpdumpStats {
  const num = (re: RegExp) => {
    const m = re.exec(stderr);
    return m ? Number(m[1]) : undefined;
  };
  const stats: TcpdumpStats = {};
  const captured = num(/^(\d+) packets? captured/m);
  const received = num(/^(\d+) packets? received by filter/m);
  const dropped = num(/^(\d+) packets? dropped by kernel/m);
  if (captured !== undefined) stats.captured = captured;
  if (received !== undefined) stats.receivedByFilter = received;
  if (dropped !== undefined) stats.droppedByKernel = dropped;
  return stats;
}

/** "2026-11-20T23:15:00.123Z" -> "20261120T231500Z". */
export function fileStamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
}

/** A file-name-safe piece (interface and service names are already, but be sure). */
export const safePart = (s: string): string => s.replace(/[^A-Za-z0-9_.-]/g, "_");
