// The catalogue of C programs in the lab image: which binary each server name runs, the
// UNP design it reproduces, the seed's serverN aliases, and what each program accepts
// (the same limits as its C source: images/src/lib/server.c, images/src/client_test.c).
// `lab up`, `lab load`, the Compose variables and library callers all build arguments
// here, as lists: an argument travels to the container as one word, whatever it holds.
import { usageError } from "../errors.js";


export interface ServerProgram {
  /** The lab name of the design, e.g. "prefork-lock". */
  name: string;
  /** The binary in the image. */
  binary: string;
  /** The seed's name for it, e.g. "server3", where it has one. */
  alias?: string;
  /** UNP 3rd edition program it reproduces. */
  unp: string;
  design: string;
  /** Whether `-t N` (workers) means something for this design. */
  hasWorkers: boolean;
  /** Whether it takes `--lock pthread|fcntl` (SRV_LOCK in its C source). */
  hasLock?: boolean;
  /** Whether it takes `--et` (SRV_ET). */
  hasEt?: boolean;
}

export const SERVERS: readonly ServerProgram[] = [
  { name: "iterative", binary: "iterative-server", alias: "server0", unp: "serv00", hasWorkers: false,
    design: "one connection at a time" },
  { name: "fork", binary: "fork-server", alias: "server1", unp: "serv01", hasWorkers: false,
    design: "fork per connection, SIGCHLD reaps with waitpid(WNOHANG)" },
  { name: "prefork", binary: "prefork-server", alias: "server2", unp: "serv02", hasWorkers: true,
    design: "N preforked children block in accept, no lock" },
  { name: "prefork-lock", binary: "prefork-lock-server", alias: "server3", unp: "serv04 (serv03 with --lock fcntl)",
    hasWorkers: true, hasLock: true, design: "N preforked children, accept under a process-shared mutex" },
  { name: "prefork-passfd", binary: "prefork-passfd-server", alias: "server4", unp: "serv05", hasWorkers: true,
    design: "parent accepts, passes the descriptor to an idle child (SCM_RIGHTS)" },
  { name: "thread", binary: "thread-server", alias: "server5", unp: "serv06", hasWorkers: false,
    design: "a detached thread per connection" },
  { name: "prethread-lock", binary: "prethread-lock-server", alias: "server6", unp: "serv07", hasWorkers: true,
    design: "N threads, each accepts under a mutex" },
  { name: "prethread-queue", binary: "prethread-queue-server", alias: "server7", unp: "serv08", hasWorkers: true,
    design: "main thread accepts into a queue, N workers take from it" },
  { name: "select", binary: "select-server", unp: "str_cli/tcpservselect01", hasWorkers: false,
    design: "one process, select" },
  { name: "poll", binary: "poll-server", unp: "tcpservpoll01", hasWorkers: false,
    design: "one process, poll" },
  { name: "epoll", binary: "epoll-server", unp: "(Linux) epoll", hasWorkers: false, hasEt: true,
    design: "one process, epoll (level-triggered; --et edge-triggered)" },
];

/** Every name a user may type for a server: design names and aliases. */
export function serverNames(): string[] {
  return SERVERS.flatMap((s) => (s.alias ? [s.name, s.alias] : [s.name]));
}

/** Finds a server by design name or alias, or undefined. */
export function findServer(name: string): ServerProgram | undefined {
  return SERVERS.find((s) => s.name === name || s.alias === name);
}

/** A whole-number option of a program and the values its C source accepts. */
export interface IntRange {
  flag: string;
  min: number;
  max: number;
}

/** What every server accepts (server_parse_args: -P, -t up to MAX_WORKERS). */
export const SERVER_LIMITS = {
  port: { flag: "-P", min: 1, max: 65535 },
  workers: { flag: "-t", min: 1, max: 1024 },
} as const satisfies Record<string, IntRange>;

export const LOCK_KINDS = ["pthread", "fcntl"] as const;

/** What client_test accepts (its parse_args). */
export const CLIENT_TEST_LIMITS = {
  connections: { flag: "-c", min: 1, max: 1_000_000 },
  children: { flag: "-t", min: 1, max: 1024 },
  bytes: { flag: "-n", min: 1, max: 1_048_576 },
  requests: { flag: "-r", min: 0, max: 1_000_000 },
  hold: { flag: "--hold", min: 0, max: 86_400 },
  timeout: { flag: "--timeout", min: 0, max: 86_400 },
} as const satisfies Record<string, IntRange>;

/** Throws the usage error a bad value gets (the same line whether it came from a flag or a library call). */
export function checkRange(range: IntRange, value: number | string): number {
  const n = Number(value);
  if (!/^\d+$/.test(String(value).trim()) || !Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw usageError(`${range.flag}: '${value}' is not a whole number from ${range.min} to ${range.max}`);
  }
  return n;
}

export interface ServerOptions {
  port?: number;
  workers?: number;
  lock?: string;
  et?: boolean;
}

/** The designs that take an option, for messages. */
const designsWith = (has: (s: ServerProgram) => boolean | undefined): string => SERVERS.filter(has).map((s) => s.name).join(", ");

/** The server's arguments after its binary (without -P), checked against what it accepts. */
export function serverArgs(server: ServerProgram, opts: ServerOptions): string[] {
  const args: string[] = [];
  if (opts.workers !== undefined) {
    if (!server.hasWorkers) throw usageError(`-t: ${server.name} has no workers (designs with workers: ${designsWith((s) => s.hasWorkers)})`);
    args.push("-t", String(checkRange(SERVER_LIMITS.workers, opts.workers)));
  }
  if (opts.lock !== undefined) {
    if (!server.hasLock) throw usageError(`--lock applies to ${designsWith((s) => s.hasLock)} only`);
    if (!(LOCK_KINDS as readonly string[]).includes(opts.lock)) throw usageError(`--lock: '${opts.lock}' is not ${LOCK_KINDS.join(" or ")}`);
    args.push("--lock", opts.lock);
  }
  if (opts.et) {
    if (!server.hasEt) throw usageError(`--et applies to ${designsWith((s) => s.hasEt)} only`);
    args.push("--et");
  }
  return args;
}

export const DEFAULT_PORT = 1234;

/** The server's whole command, as the container runs it. */
export function serverCommand(server: ServerProgram, opts: ServerOptions): string[] {
  const port = checkRange(SERVER_LIMITS.port, opts.port ?? DEFAULT_PORT);
  return [server.binary, "-P", String(port), ...serverArgs(server, opts)];
}

/** The Compose variables compose/server.yml reads for this server (its load service uses PORT too). */
export function serverVariables(server: ServerProgram, opts: ServerOptions): Record<string, string> {
  return { SERVER_BINARY: server.binary, PORT: String(opts.port ?? DEFAULT_PORT) };
}

export interface LoadOptions {
  connections?: number;
  children?: number;
  bytes?: number;
  requests?: number;
  hold?: number;
  /** Longest wait for a connect or a read, in seconds (0: none); unanswered connections wait together. */
  timeout?: number;
  rst?: boolean;
  json?: boolean;
}

/** client_test's arguments after its address and port, checked against what it accepts. */
export function loadArgs(opts: LoadOptions): string[] {
  const L = CLIENT_TEST_LIMITS;
  const args: string[] = [];
  const int = (range: IntRange, value: number | undefined) => {
    if (value !== undefined) args.push(range.flag, String(checkRange(range, value)));
  };
  int(L.connections, opts.connections);
  int(L.children, opts.children);
  int(L.bytes, opts.bytes);
  int(L.requests, opts.requests);
  if (opts.requests === 0 && opts.hold === undefined) throw usageError("-r 0 only makes sense with --hold");
  int(L.hold, opts.hold);
  int(L.timeout, opts.timeout);
  if (opts.rst) args.push("--rst");
  if (opts.json) args.push("--json");
  return args;
}
