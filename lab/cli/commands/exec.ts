import type { Command } from "commander";
import { LabError, usageError } from "../../errors.js";
import { openGivenLab } from "../resolve.js";

const LIMITS_HELP = `
A command run by exec is a new process with limits of its own (on some engines soft = hard),
so \`ulimit\` in it does not tell the program's. Read the program's from the kernel:
  lab exec server -- ps -eo pid,ppid,comm    then    lab exec server -- cat /proc/<pid>/limits
(the program is the child of docker-init, PID 1).`;

export function registerExec(program: Command): void {
  program
    .command("exec")
    .description("run a command inside a service's container, e.g. lab exec server -- ss -tan")
    .argument("<service>", "service name in the lab, e.g. server")
    .argument("[command...]", "the command and its arguments (after --)")
    .option("--lab <lab>", "which lab (default: the only lab up)")
    .option("--root", "run as root instead of the unprivileged lab user")
    .addHelpText("after", LIMITS_HELP)
    .action(async (service: string, command: string[], opts: { lab?: string; root?: boolean }) => {
      if (command.length === 0) throw usageError("exec needs a command after --, e.g. lab exec server -- ps -eLf");
      const lab = await openGivenLab(opts.lab);
      const target = lab.service(service);
      const r = await target.exec(command, opts.root ? { user: "root" } : {});
      const { explainExecFailure } = await import("../../lab/engine-errors.js");
      const failed = explainExecFailure(r, command[0] ?? "", target.containerName);
      if (failed) throw new LabError(failed.line, failed.exitCode);
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      // Best effort: the command's own result stands even where the program is gone.
      const { asksUlimit, ulimitNote } = await import("../program-limits.js");
      const note = asksUlimit(command) ? await ulimitNote(target).catch(() => undefined) : undefined;
      if (note) process.stderr.write(`${note}\n`);
      if (r.exitCode !== 0) throw new LabError(`${command[0]} exited with status ${r.exitCode}`, r.exitCode);
    });
}
