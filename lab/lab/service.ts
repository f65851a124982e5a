// One running container of a lab: its address, its logs, commands run inside it.
import type { DockerClient, ExecOptions, ExecResult } from "../docker/docker-client.js";
import { LabError, ExitCode } from "../cli/errors.js";

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

  exec(cmd: string[], opts?: ExecOptions): Promise<ExecResult> {
    return this.docker.exec(this.containerId, cmd, opts);
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
  async waitForLog(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { stdout, stderr } = await this.logs();
      const line = `${stdout}\n${stderr}`.split("\n").find((l) => pattern.test(l));
      if (line !== undefined) return line;
      const info = await this.docker.inspectContainer(this.containerId);
      if (!info.running) {
        const said = stderr.trim().split("\n").slice(-3).join(" / ") || stdout.trim().split("\n").slice(-3).join(" / ");
        throw new LabError(`${this.containerName} exited (status ${info.exitCode}) before it was ready: ${said || "no output"}`);
      }
      if (Date.now() > deadline) {
        throw new LabError(`${this.containerName} did not log /${pattern.source}/ within ${timeoutMs / 1000} s`, ExitCode.TIMEOUT);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
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
