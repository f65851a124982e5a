// One running container of a lab: its address, its logs, commands run inside it.
import { statusOf, type DockerClient, type ExecOptions, type ExecResult } from "../docker/docker-client.js";
import { waitForLog } from "../docker/wait-for-log.js";
import { LabError, notFound } from "../errors.js";
import { parseProcLimits, type ProcessLimits } from "./proc-limits.js";
import { parseStructure, STRUCTURE_SCRIPT, type ServiceStructure } from "./structure.js";

export interface ProcessRow {
  pid: number;
  ppid: number;
  /** Thread id (LWP); equals pid for a process's main thread. */
  tid: number;
  state: string;
  command: string;
}

export class StartedService {
  constructor(
    readonly docker: DockerClient,
    readonly lab: string,
    readonly name: string,
    readonly containerId: string,
    readonly containerName: string,
    /** Address on the lab's network ("" when sharing another container's namespace). */
    readonly address: string,
  ) {}

  async exec(cmd: string[], opts?: ExecOptions): Promise<ExecResult> {
    try {
      return await this.docker.exec(this.containerId, cmd, opts);
    } catch (err) {
      // 409: the container is not running (a server that exited, or was stopped).
      if (statusOf(err) === 409) throw new LabError(`${this.containerName} is not running: \`lab logs ${this.name} --lab ${this.lab}\` says why`);
      throw err;
    }
  }

  async logs(): Promise<{ stdout: string; stderr: string }> {
    return this.docker.logs(this.containerId);
  }

  kill(signal = "SIGTERM"): Promise<void> {
    return this.docker.killContainer(this.containerId, signal);
  }

  async running(): Promise<boolean> {
    return (await this.docker.inspectContainer(this.containerId)).running;
  }

  /** Waits until a line of stdout or stderr matches; fails early, with the logs, if the program exits. */
  waitForLog(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    return waitForLog(this.docker, this.containerId, this.containerName, pattern, timeoutMs);
  }

  /** Every thread of every process in the container (`ps -eL`), for checking a server's design. */
  async processTable(): Promise<ProcessRow[]> {
    const r = await this.exec(["ps", "-eLo", "pid=,ppid=,lwp=,stat=,comm="]);
    if (r.exitCode !== 0) throw new LabError(`ps failed in ${this.containerName}: ${r.stderr.trim()}`);
    return parsePs(r.stdout);
  }

  /**
   * Processes, threads and the sockets each holds, read from /proc in one exec as the
   * service's own user (same uid: no capability is given to the service).
   */
  async structure(): Promise<ServiceStructure> {
    const r = await this.exec(["sh", "-c", STRUCTURE_SCRIPT]);
    if (r.exitCode !== 0 || !r.stdout.includes("== end")) throw new LabError(`reading /proc failed in ${this.containerName}: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
    return parseStructure(r.stdout, this.name, this.containerName);
  }

  /**
   * The pid (in the container) of the service's program: by default the container's own
   * command (under init, init's first child), or the first process of a program by name.
   */
  async programPid(program?: string): Promise<number> {
    const pid = findProgram(await this.processTable(), program);
    if (pid === undefined) throw notFound(`${this.containerName} runs no ${program ? `process '${program}'` : "program"} (\`lab logs ${this.name} --lab ${this.lab}\` says why)`);
    return pid;
  }

  /**
   * A process's resource limits, read from /proc/<pid>/limits: the program's own by default.
   * Never ask a shell started by exec (`ulimit -n`): it reports its own limits, and some
   * engines start exec'd processes with soft = hard whatever the program was given.
   */
  async limits(pidOrProgram?: number | string): Promise<ProcessLimits> {
    const pid = typeof pidOrProgram === "number" ? pidOrProgram : await this.programPid(pidOrProgram);
    const r = await this.exec(["cat", `/proc/${pid}/limits`]);
    if (r.exitCode !== 0) throw notFound(`no process ${pid} in ${this.containerName}: ${r.stderr.trim()}`);
    return parseProcLimits(r.stdout);
  }
}

/** Init processes Docker may run as PID 1 (`init: true`) in front of the program. */
const INITS = new Set(["docker-init", "tini"]);

/**
 * Finds a program's pid in a process table. Processes started by `docker exec` have ppid 0
 * (their parent is outside the container) and are never the program. By name, the first
 * process of that name whose parent is not of that name (a preforking server's parent, not
 * its children); names compare as the kernel keeps them, cut to 15 characters.
 */
export function findProgram(rows: ProcessRow[], program?: string): number | undefined {
  const processes = rows.filter((r) => r.tid === r.pid).sort((a, b) => a.pid - b.pid);
  const byPid = new Map(processes.map((r) => [r.pid, r]));
  if (program === undefined) {
    const first = byPid.get(1);
    if (first === undefined || !INITS.has(first.command)) return first?.pid;
    return processes.find((r) => r.ppid === 1)?.pid;
  }
  const comm = program.slice(0, 15);
  return processes.find((r) => r.command === comm && byPid.get(r.ppid)?.command !== comm)?.pid;
}

export function parsePs(text: string): ProcessRow[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [pid, ppid, tid, state, ...cmd] = l.split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), tid: Number(tid), state: state ?? "", command: cmd.join(" ") };
    });
}
