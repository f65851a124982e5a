// One running container of a lab: its address, its logs, commands run inside it.
import { statusOf, type DockerClient, type ExecOptions, type ExecResult } from "../docker/docker-client.js";
import { waitForLog } from "../docker/wait-for-log.js";
import { LabError } from "../errors.js";

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
