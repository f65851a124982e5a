// What `lab bench` can run: every server design of the catalogue, the two variants the
// issue names (prefork-lock with an fcntl lock, epoll edge-triggered), and two reference
// rows that give the numbers a scale: `limit` (the cheapest server this image can hold)
// and nginx's stream module (a production event loop).
import { SERVERS } from "../programs/programs.js";

export interface BenchRow {
  /** The name on the command line and in the table, e.g. "epoll-et". */
  name: string;
  /** Compose topology that starts it. */
  topology: "server" | "nginx";
  /** Program and its arguments (the port and the workers are added by the bench). */
  binary: string;
  args: string[];
  /** The UNP program or what the row is. */
  source: string;
  hasWorkers: boolean;
  reference: boolean;
  /** How it departs from the load protocol, where it does: printed beside its row. */
  protocolNote?: string;
}

const design = (name: string, args: string[] = [], variantOf = name): BenchRow => {
  const s = SERVERS.find((p) => p.name === variantOf);
  if (!s) throw new Error(`no server design ${variantOf}`);
  return { name, topology: "server", binary: s.binary, args, source: s.unp, hasWorkers: s.hasWorkers, reference: false };
};

/** In UNP's order (serv00..serv08, fcntl before mutex as serv03 before serv04), then the event loops. */
export const BENCH_ROWS: readonly BenchRow[] = [
  design("iterative"),
  design("fork"),
  design("prefork"),
  { ...design("prefork-lock-fcntl", ["--lock", "fcntl"], "prefork-lock"), source: "serv03" },
  { ...design("prefork-lock"), source: "serv04" },
  design("prefork-passfd"),
  design("thread"),
  design("prethread-lock"),
  design("prethread-queue"),
  design("select"),
  design("poll"),
  design("epoll"),
  { ...design("epoll-et", ["--et"], "epoll"), source: "(Linux) epoll, edge-triggered" },
  {
    name: "limit", topology: "server", binary: "limit-server", args: [], source: "reference: accept, one read, one write, close",
    hasWorkers: false, reference: true,
    protocolNote: "one request per connection, server closes first",
  },
  {
    name: "nginx", topology: "nginx", binary: "socklab-nginx", args: [], source: "reference: nginx stream module, 1 worker",
    hasWorkers: false, reference: true,
    protocolNote: "fixed reply of n bytes sent on accept without reading the request; server closes first",
  },
];

/** The row UNP's "process control" column subtracts. */
export const BASELINE = "iterative";

export const rowNames = (): string[] => BENCH_ROWS.map((r) => r.name);

export function findRow(name: string): BenchRow | undefined {
  const server = SERVERS.find((s) => s.alias === name);
  return BENCH_ROWS.find((r) => r.name === (server ? server.name : name));
}
