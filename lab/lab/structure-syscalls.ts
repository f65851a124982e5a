// What a task is blocked in, from /proc/<pid>/task/<tid>/syscall ("<nr> <arg0> ... <sp> <pc>",
// or "running"): the system call's name and, for calls on one descriptor, that descriptor.
// A thread blocked in read(5) serves the connection on fd 5, which the shared descriptor
// table of a thread pool cannot say by itself. Numbers are per architecture (the
// container's, from `uname -m`); an unknown number is shown as "syscall N".

export interface Blocked {
  /** e.g. "read", "accept4", "futex", "epoll_wait". */
  call: string;
  /** The descriptor the call waits on (read, accept, recvmsg...), if it takes one. */
  fd?: number;
}

/** Calls whose first argument is the one descriptor they wait on. */
const ON_FD = new Set(["read", "write", "recvfrom", "sendto", "recvmsg", "sendmsg", "accept", "accept4", "fcntl", "epoll_wait", "epoll_pwait", "flock"]);

const X86_64: Record<number, string> = {
  0: "read", 1: "write", 7: "poll", 23: "select", 34: "pause", 35: "nanosleep", 43: "accept", 44: "sendto",
  45: "recvfrom", 46: "sendmsg", 47: "recvmsg", 61: "wait4", 72: "fcntl", 73: "flock", 128: "rt_sigtimedwait", 130: "rt_sigsuspend",
  202: "futex", 230: "clock_nanosleep", 232: "epoll_wait", 270: "pselect6", 271: "ppoll", 281: "epoll_pwait", 288: "accept4",
};

const AARCH64: Record<number, string> = {
  22: "epoll_pwait", 25: "fcntl", 32: "flock", 63: "read", 64: "write", 72: "pselect6", 73: "ppoll", 98: "futex",
  101: "nanosleep", 115: "clock_nanosleep", 133: "rt_sigsuspend", 137: "rt_sigtimedwait", 202: "accept", 206: "sendto", 207: "recvfrom",
  211: "sendmsg", 212: "recvmsg", 242: "accept4", 260: "wait4",
};

const TABLES: Record<string, Record<number, string>> = { x86_64: X86_64, aarch64: AARCH64, arm64: AARCH64 };

/** Parses one syscall file's line; undefined when the task is running or the line says nothing. */
export function parseSyscall(line: string, arch: string): Blocked | undefined {
  const [nr, arg0] = line.trim().split(/\s+/);
  if (nr === undefined || !/^\d+$/.test(nr)) return undefined; // "running", or -1 (not in a call)
  const call = TABLES[arch]?.[Number(nr)] ?? `syscall ${nr}`;
  if (!ON_FD.has(call) || arg0 === undefined) return { call };
  const fd = parseInt(arg0, 16);
  return Number.isSafeInteger(fd) && fd >= 0 && fd < 1 << 20 ? { call, fd } : { call };
}

export function blockedText(b: Blocked | undefined): string {
  if (!b) return "";
  return b.fd === undefined ? `in ${b.call}` : `in ${b.call} fd ${b.fd}`;
}
