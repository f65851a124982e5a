// A server container's process table (`ps -eL` through docker exec) shaped as the
// textbook describes a design: the server's main process, its child processes and the
// threads of each, zombies; and what its sockets and descriptors look like.
import { LabError } from "../errors.js";
import { parsePs, type ProcessRow } from "../lab/service.js";
import { execIn, type ContainerRef } from "./container-ref.js";

export interface ServerShape {
  /** The server's main process. */
  pid: number;
  /** Threads of the main process (1 = single-threaded). */
  mainThreads: number;
  /** Child processes of the main process, and the thread count of each. */
  childThreads: number[];
  /** Processes in state Z anywhere in the container. */
  zombies: number;
  rows: ProcessRow[];
  /** `ps` as it printed them: the evidence a grader shows. */
  text: string;
}

const PS = ["ps", "-eLo", "pid=,ppid=,lwp=,stat=,comm="];

export async function processTable(ref: ContainerRef): Promise<{ rows: ProcessRow[]; text: string }> {
  const r = await execIn(ref, PS);
  if (r.exitCode !== 0) throw new LabError(`ps failed: ${r.stderr.trim()}`);
  return { rows: parsePs(r.stdout), text: r.stdout };
}

/**
 * The main process is the one named `binary` whose parent is not (the kernel keeps 15
 * characters of a name); without a name, the child of init (PID 1, the container runs
 * under init).
 */
function mainProcess(rows: ProcessRow[], binary?: string): ProcessRow | undefined {
  if (!binary) return rows.find((p) => p.pid === p.tid && p.ppid === 1);
  const comm = binary.slice(0, 15);
  return rows.find((p) => p.pid === p.tid && p.command === comm && !rows.some((q) => q.pid === p.ppid && q.command === comm));
}

export async function serverShape(ref: ContainerRef, binary?: string): Promise<ServerShape> {
  const { rows, text } = await processTable(ref);
  const main = mainProcess(rows, binary);
  if (!main) throw new LabError(`no ${binary ?? "server"} process in:\n${text}`);
  const childPids = rows.filter((p) => p.pid === p.tid && p.ppid === main.pid).map((p) => p.pid);
  return {
    pid: main.pid,
    mainThreads: rows.filter((p) => p.pid === main.pid).length,
    childThreads: childPids.map((pid) => rows.filter((p) => p.pid === pid).length),
    zombies: rows.filter((p) => p.pid === p.tid && p.state.startsWith("Z")).length,
    rows,
    text,
  };
}

/** The `ps` lines of zombie processes, as printed. */
export function zombieLines(shape: ServerShape): string[] {
  return processLines(shape, shape.rows.filter((p) => p.state.startsWith("Z")).map((p) => p.pid));
}

/** The `ps` lines of the processes that have zombie children (that never waited for them), as printed. */
export function zombieParentLines(shape: ServerShape): string[] {
  const parents = shape.rows.filter((p) => p.state.startsWith("Z")).map((p) => p.ppid);
  return processLines(shape, parents).filter((l) => l.trim().split(/\s+/)[0] === l.trim().split(/\s+/)[2]); // the process, not each thread
}

/** The `ps` lines of these processes (each of its threads), as printed. */
function processLines(shape: ServerShape, pids: number[]): string[] {
  const wanted = new Set(pids);
  return shape.text.split("\n").filter((l) => wanted.has(Number(l.trim().split(/\s+/)[0])));
}

/** Established connections on a local port, counted from inside the container's namespace. */
export async function establishedOn(ref: ContainerRef, port: number): Promise<number> {
  const r = await execIn(ref, ["ss", "-Htn", "state", "established", `( sport = :${port} )`]);
  return r.stdout.split("\n").filter((l) => l.trim()).length;
}

/** Whether a socket listens on the port (TCP, any address). */
export async function listeningOn(ref: ContainerRef, port: number): Promise<boolean> {
  const r = await execIn(ref, ["ss", "-Hltn", `( sport = :${port} )`]);
  return r.stdout.trim() !== "";
}

/** Open descriptors of a process (`/proc/<pid>/fd`), and `ls -l` of them as evidence. */
export async function openDescriptors(ref: ContainerRef, pid: number): Promise<{ count: number; listing: string[] }> {
  const r = await execIn(ref, ["ls", "-l", `/proc/${pid}/fd`]);
  if (r.exitCode !== 0) throw new LabError(`cannot read /proc/${pid}/fd: ${r.stderr.trim()}`);
  const listing = r.stdout.split("\n").filter((l) => l.includes("->"));
  return { count: listing.length, listing };
}
