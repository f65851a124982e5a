// Reads a server container's process table (`ps -eL` through docker exec) and shapes it
// as the textbook describes a design: the server's main process, its child processes,
// and the threads of each.
import { dockerClient } from "../../lab/docker/connect.js";
import { parsePs, type ProcessRow } from "../../lab/lab/service.js";

export interface ServerShape {
  /** Threads of the server's main process (1 = single-threaded). */
  mainThreads: number;
  /** Child processes of the main process, and the thread count of each. */
  childThreads: number[];
  /** Processes in state Z anywhere in the container. */
  zombies: number;
  rows: ProcessRow[];
}

export async function serverShape(containerId: string, binary: string): Promise<ServerShape> {
  const docker = dockerClient();
  const r = await docker.exec(containerId, ["ps", "-eLo", "pid=,ppid=,lwp=,stat=,comm="]);
  const rows = parsePs(r.stdout);
  const comm = binary.slice(0, 15); // the kernel keeps 15 characters of a command name
  const main = rows.find((p) => p.pid === p.tid && p.command === comm && !rows.some((q) => q.pid === p.ppid && q.command === comm));
  if (!main) throw new Error(`no ${binary} process in:\n${r.stdout}`);
  const childPids = rows.filter((p) => p.pid === p.tid && p.ppid === main.pid).map((p) => p.pid);
  return {
    mainThreads: rows.filter((p) => p.pid === main.pid).length,
    childThreads: childPids.map((pid) => rows.filter((p) => p.pid === pid).length),
    zombies: rows.filter((p) => p.state.startsWith("Z")).length,
    rows,
  };
}

/** Established connections on the server's port, counted from inside its namespace. */
export async function establishedOn(containerId: string, port: number): Promise<number> {
  const docker = dockerClient();
  const r = await docker.exec(containerId, ["ss", "-Htn", "state", "established", `( sport = :${port} )`]);
  return r.stdout.split("\n").filter((l) => l.trim()).length;
}

export async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!ok(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    last = await probe();
  }
  return last;
}
