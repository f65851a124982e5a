// The catalogue of C programs in the lab image: which binary each server name runs,
// the UNP design it reproduces, and the seed's serverN aliases.

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
}

export const SERVERS: readonly ServerProgram[] = [
  { name: "iterative", binary: "iterative-server", alias: "server0", unp: "serv00", hasWorkers: false,
    design: "one connection at a time" },
  { name: "fork", binary: "fork-server", alias: "server1", unp: "serv01", hasWorkers: false,
    design: "fork per connection, SIGCHLD reaps with waitpid(WNOHANG)" },
  { name: "prefork", binary: "prefork-server", alias: "server2", unp: "serv02", hasWorkers: true,
    design: "N preforked children block in accept, no lock" },
  { name: "prefork-lock", binary: "prefork-lock-server", alias: "server3", unp: "serv04 (serv03 with --lock fcntl)",
    hasWorkers: true, design: "N preforked children, accept under a process-shared mutex" },
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
  { name: "epoll", binary: "epoll-server", unp: "(Linux) epoll", hasWorkers: false,
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
