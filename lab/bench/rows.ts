// What `lab bench` can run: every server design of the catalogue, the two variants the
// issue names (prefork-lock with an fcntl lock, epoll edge-triggered), and two reference
// rows that give the numbers a scale: `limit` (the cheapest server this image can hold)
// and nginx's stream module (a production event loop).
import { checkRange, CLIENT_TEST_LIMITS, SERVER_LIMITS, SERVERS, serverCommand, type ServerOptions } from "../programs/programs.js";

export interface RowSettings {
  port: number;
  /** Workers of the pool designs (their own default where undefined). */
  workers?: number;
  /** The reply size of a server that does not read the request (nginx). */
  bytes: number;
}

export interface BenchRow {
  /** The name on the command line and in the table, e.g. "epoll-et". */
  name: string;
  /** Compose topology that starts it. */
  topology: "server" | "nginx";
  /** The server's whole command, checked against what the program accepts. */
  command(settings: RowSettings): string[];
  /** The UNP program or what the row is. */
  source: string;
  hasWorkers: boolean;
  reference: boolean;
  /** How it departs from the load protocol, where it does: printed beside its row. */
  protocolNote?: string;
}

const design = (name: string, options: ServerOptions = {}, variantOf = name): BenchRow => {
  const s = SERVERS.find((p) => p.name === variantOf);
  if (!s) throw new Error(`no server design ${variantOf}`);
  return {
    name, topology: "server", source: s.unp, hasWorkers: s.hasWorkers, reference: false,
    command: ({ port, workers }) => serverCommand(s, { ...options, port, workers: s.hasWorkers ? workers : undefined }),
  };
};

const port = (settings: RowSettings) => String(checkRange(SERVER_LIMITS.port, settings.port));

/** In UNP's order (serv00..serv08, fcntl before mutex as serv03 before serv04), then the event loops. */
export const BENCH_ROWS: readonly BenchRow[] = [
  design("iterative"),
  design("fork"),
  design("prefork"),
  { ...design("prefork-lock-fcntl", { lock: "fcntl" }, "prefork-lock"), source: "serv03" },
  { ...design("prefork-lock"), source: "serv04" },
  design("prefork-passfd"),
  design("thread"),
  design("prethread-lock"),
  design("prethread-queue"),
  design("select"),
  design("poll"),
  design("epoll"),
  { ...design("epoll-et", { et: true }, "epoll"), source: "(Linux) epoll, edge-triggered" },
  {
    name: "limit", topology: "server", command: (s) => ["limit-server", "-P", port(s)], source: "reference: accept, one read, one write, close",
    hasWorkers: false, reference: true,
    protocolNote: "one request per connection, server closes first",
  },
  {
    name: "nginx", topology: "nginx", source: "reference: nginx stream module, 1 worker",
    hasWorkers: false, reference: true,
    protocolNote: "fixed reply of n bytes sent on accept without reading the request; server closes first",
    command: (s) => ["socklab-nginx", "-P", port(s), "-n", String(checkRange(CLIENT_TEST_LIMITS.bytes, s.bytes))],
  },
];

/** The row UNP's "process control" column subtracts. */
export const BASELINE = "iterative";

export const rowNames = (): string[] => BENCH_ROWS.map((r) => r.name);

export function findRow(name: string): BenchRow | undefined {
  const server = SERVERS.find((s) => s.alias === name);
  return BENCH_ROWS.find((r) => r.name === (server ? server.name : name));
}
