// The structure of a running service, read from /proc inside its container: the process
// tree, the threads of each process with their state, and the sockets each process holds
// (listening, TCP connections with their peer, Unix sockets and socketpairs), and what each
// thread is blocked in (read on fd 5, accept, futex...). One shell script dumps the raw text
// in one `docker exec`; everything else here is pure parsing.
import { parseSyscall, type Blocked } from "./structure-syscalls.js";

/** Run by `sh -c` in the container as the service's own user: no capability needed. */
export const STRUCTURE_SCRIPT = [
  'echo "S $$"',
  'echo "A $(uname -m)"',
  "for p in /proc/[0-9]*; do",
  '  [ -d "$p/task" ] || continue',
  '  echo "P ${p#/proc/}"',
  '  for t in "$p"/task/[0-9]*; do',
  '    read -r s < "$t/stat" 2>/dev/null && echo "T $s" && read -r c < "$t/syscall" 2>/dev/null && echo "C ${t##*/} $c"',
  '  done',
  '  for f in "$p"/fd/[0-9]*; do l=$(readlink "$f" 2>/dev/null) && echo "F ${f##*/} $l"; done',
  "done",
  'echo "== tcp"; cat /proc/net/tcp /proc/net/tcp6 2>/dev/null',
  'echo "== unix"; ss -xaH 2>/dev/null',
  'echo "== end"',
].join("\n");

export interface Task {
  tid: number;
  name: string;
  /** One letter from /proc/<pid>/task/<tid>/stat: R running, S sleeping, D disk, Z zombie, T stopped... */
  state: string;
  /** The system call the task is blocked in, and its descriptor: read fd 5 serves that connection. */
  blocked?: Blocked;
}

export type SocketKind = "listen" | "tcp" | "unix" | "socket";

export interface HeldSocket {
  fd: number;
  inode: number;
  kind: SocketKind;
  /** TCP state (LISTEN, ESTABLISHED, CLOSE_WAIT...) or the Unix socket's state. */
  state: string;
  /** "address:port" for TCP; the path (or "*") for Unix. */
  local: string;
  /** The peer's "address:port" for TCP; the peer socket's inode for Unix ("" if none). */
  peer: string;
  /** Unix: the peer socket is held in this container too (a socketpair between tasks). */
  socketpair?: boolean;
  /** Listening sockets: connections completed by the kernel, waiting in the backlog for accept(). */
  backlog?: number;
  /** Other processes (pids) that also hold this descriptor (e.g. a pool's listening socket). */
  sharedWith: number[];
}

export interface ProcessNode {
  pid: number;
  ppid: number;
  name: string;
  state: string;
  /** Every thread, the main one (tid = pid) first. */
  threads: Task[];
  /**
   * The sockets this process holds. Threads share one descriptor table, so a thread pool's
   * connections are listed on the process, not on the thread serving each one. A connection
   * held by a parent and its child is listed on the child only (the one that serves it);
   * listening and Unix sockets are listed on every holder.
   */
  sockets: HeldSocket[];
  children: ProcessNode[];
}

export interface ServiceStructure {
  service: string;
  container: string;
  roots: ProcessNode[];
}

interface RawProcess {
  pid: number;
  ppid: number;
  name: string;
  state: string;
  threads: Task[];
  fds: { fd: number; inode: number }[];
}

interface TcpEntry {
  local: string;
  peer: string;
  state: string;
  /** rx_queue: for a listening socket, the accept queue's length. */
  queued: number;
}

const TCP_STATES: Record<string, string> = {
  "01": "ESTABLISHED", "02": "SYN_SENT", "03": "SYN_RECV", "04": "FIN_WAIT1", "05": "FIN_WAIT2", "06": "TIME_WAIT",
  "07": "CLOSE", "08": "CLOSE_WAIT", "09": "LAST_ACK", "0A": "LISTEN", "0B": "CLOSING", "0C": "NEW_SYN_RECV",
};

/** "T <stat line>": comm sits in parentheses and may hold spaces, so split at the last ')'. */
export function parseStat(line: string): { tid: number; name: string; state: string; ppid: number } | undefined {
  const open = line.indexOf("(");
  const close = line.lastIndexOf(")");
  if (open < 0 || close < open) return undefined;
  const [state = "?", ppid = "0"] = line.slice(close + 1).trim().split(/\s+/);
  return { tid: Number(line.slice(0, open).trim()), name: line.slice(open + 1, close), state, ppid: Number(ppid) };
}

/** A /proc/net/tcp{,6} address "0100007F:04D2": little-endian 32-bit words, port big-endian. */
export function decodeTcpAddress(hex: string): string {
  const [addr = "", port = "0"] = hex.split(":");
  const p = parseInt(port, 16);
  const words = (addr.match(/.{8}/g) ?? []).map((w) => (w.match(/../g) ?? []).reverse().join(""));
  if (words.length === 1) return `${(words[0]!.match(/../g) ?? []).map((b) => parseInt(b, 16)).join(".")}:${p}`;
  const bytes = words.join("");
  if (/^0{20}ffff/i.test(bytes)) return `${decodeTcpAddress(`${(bytes.slice(24).match(/../g) ?? []).reverse().join("")}:${port}`)}`;
  if (/^0+$/.test(bytes)) return `[::]:${p}`;
  const groups = (bytes.match(/.{4}/g) ?? []).map((g) => parseInt(g, 16).toString(16));
  return `[${groups.join(":").replace(/(^|:)0(:0)+(:|$)/, "::")}]:${p}`;
}

function parseTcpTable(lines: string[]): Map<number, TcpEntry> {
  const byInode = new Map<number, TcpEntry>();
  for (const l of lines) {
    const f = l.trim().split(/\s+/);
    if (!/^\d+:$/.test(f[0] ?? "")) continue; // the header lines
    const inode = Number(f[9]);
    if (inode === 0) continue; // TIME_WAIT and request sockets belong to no descriptor
    const queued = parseInt((f[4] ?? "").split(":")[1] ?? "0", 16) || 0;
    byInode.set(inode, { local: decodeTcpAddress(f[1] ?? ""), peer: decodeTcpAddress(f[2] ?? ""), state: TCP_STATES[f[3] ?? ""] ?? f[3] ?? "?", queued });
  }
  return byInode;
}

/** `ss -xaH`: "u_str ESTAB 0 0 <path|*> <inode> <peer path|*> <peer inode>". */
function parseUnixTable(lines: string[]): Map<number, { state: string; local: string; peer: string }> {
  const byInode = new Map<number, { state: string; local: string; peer: string }>();
  for (const l of lines) {
    const f = l.trim().split(/\s+/);
    if (f.length < 8) continue;
    byInode.set(Number(f[5]), { state: f[1] ?? "?", local: f[4] ?? "*", peer: f[7] === "0" ? "" : (f[7] ?? "") });
  }
  return byInode;
}

function splitSections(text: string): { self: number; arch: string; procs: string[]; tcp: string[]; unix: string[] } {
  const out = { self: 0, arch: "", procs: [] as string[], tcp: [] as string[], unix: [] as string[] };
  let section = "procs" as "procs" | "tcp" | "unix" | "end";
  for (const line of text.split("\n")) {
    if (line.startsWith("== ")) section = line.slice(3).trim() as typeof section;
    else if (line.startsWith("S ") && section === "procs") out.self = Number(line.slice(2));
    else if (line.startsWith("A ") && section === "procs") out.arch = line.slice(2).trim();
    else if (section !== "end" && line.trim()) out[section].push(line);
  }
  return out;
}

function parseProcesses(lines: string[], arch: string): RawProcess[] {
  const procs: RawProcess[] = [];
  let cur: RawProcess | undefined;
  for (const line of lines) {
    const body = line.slice(2);
    if (line.startsWith("P ")) procs.push((cur = { pid: Number(body), ppid: 0, name: "?", state: "?", threads: [], fds: [] }));
    else if (line.startsWith("T ") && cur) {
      const st = parseStat(body);
      if (!st) continue;
      cur.threads.push({ tid: st.tid, name: st.name, state: st.state });
      if (st.tid === cur.pid) Object.assign(cur, { ppid: st.ppid, name: st.name, state: st.state });
    } else if (line.startsWith("C ") && cur) {
      const [tid = "", ...call] = body.split(" ");
      const task = cur.threads.find((t) => t.tid === Number(tid));
      const blocked = parseSyscall(call.join(" "), arch);
      if (task && blocked) task.blocked = blocked;
    } else if (line.startsWith("F ") && cur) {
      const m = /^(\d+) socket:\[(\d+)\]$/.exec(body);
      if (m) cur.fds.push({ fd: Number(m[1]), inode: Number(m[2]) });
    }
  }
  // A zombie has no tasks left to read but its main one; keep the main thread first.
  for (const p of procs) p.threads.sort((a, b) => (a.tid === p.pid ? -1 : b.tid === p.pid ? 1 : a.tid - b.tid));
  return procs.filter((p) => p.threads.length > 0);
}

/** Drops the dumping shell and whatever it forked (its `readlink` subshells). */
function withoutDumper(procs: RawProcess[], self: number): RawProcess[] {
  const gone = new Set([self]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) if (!gone.has(p.pid) && gone.has(p.ppid)) grew = Boolean(gone.add(p.pid));
  }
  return procs.filter((p) => !gone.has(p.pid));
}

export function parseStructure(text: string, service: string, container: string): ServiceStructure {
  const sections = splitSections(text);
  const procs = withoutDumper(parseProcesses(sections.procs, sections.arch), sections.self);
  const tcp = parseTcpTable(sections.tcp);
  const unix = parseUnixTable(sections.unix);
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const holders = new Map<number, number[]>();
  for (const p of procs) for (const { inode } of p.fds) holders.set(inode, [...new Set([...(holders.get(inode) ?? []), p.pid])]);
  const isAncestor = (a: number, of: number): boolean => {
    for (let p = byPid.get(of); p && p.ppid; p = byPid.get(p.ppid)) if (p.ppid === a) return true;
    return false;
  };
  const nodes = new Map<number, ProcessNode>();
  for (const p of procs) {
    const sockets: HeldSocket[] = [];
    for (const { fd, inode } of p.fds) {
      const all = holders.get(inode) ?? [p.pid];
      const sharedWith = all.filter((x) => x !== p.pid);
      const t = tcp.get(inode);
      if (t) {
        // A connection a parent has not closed yet belongs to the child that serves it.
        if (t.state !== "LISTEN" && sharedWith.some((o) => isAncestor(p.pid, o))) continue;
        const listen = t.state === "LISTEN";
        const base = { fd, inode, kind: listen ? "listen" : "tcp", state: t.state, local: t.local, peer: listen ? "" : t.peer } as const;
        sockets.push(listen ? { ...base, backlog: t.queued, sharedWith } : { ...base, sharedWith });
        continue;
      }
      const u = unix.get(inode);
      if (u) {
        const socketpair = u.peer !== "" && holders.has(Number(u.peer));
        sockets.push({ fd, inode, kind: "unix", state: u.state, local: u.local, peer: u.peer, socketpair, sharedWith });
      } else sockets.push({ fd, inode, kind: "socket", state: "?", local: "", peer: "", sharedWith });
    }
    nodes.set(p.pid, { pid: p.pid, ppid: p.ppid, name: p.name, state: p.state, threads: p.threads, sockets, children: [] });
  }
  const roots: ProcessNode[] = [];
  for (const n of [...nodes.values()].sort((a, b) => a.pid - b.pid)) {
    const parent = nodes.get(n.ppid);
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  return { service, container, roots };
}

/** Every process of the tree, parents before children. */
export function allProcesses(s: ServiceStructure): ProcessNode[] {
  const out: ProcessNode[] = [];
  const walk = (n: ProcessNode): void => void (out.push(n), n.children.forEach(walk));
  s.roots.forEach(walk);
  return out;
}

/** The first process running `name` whose parent does not run it: the server's main process. */
export function mainProcess(s: ServiceStructure, name: string): ProcessNode | undefined {
  const comm = name.slice(0, 15); // the kernel keeps 15 characters of a command name
  const all = allProcesses(s);
  return all.find((p) => p.name === comm && !all.some((q) => q.pid === p.ppid && q.name === comm));
}
