import type { Command } from "commander";
import { dockerClient } from "../../docker/connect.js";
import { openLab } from "../../lab/lab.js";
import { LabError, usageError } from "../../errors.js";
import { resolveLab } from "../resolve.js";
import { explainExecFailure } from "../../lab/engine-errors.js";

export function registerExec(program: Command): void {
  program
    .command("exec")
    .description("run a command inside a service's container, e.g. lab exec server -- ss -tan")
    .argument("<service>", "service name in the lab, e.g. server")
    .argument("[command...]", "the command and its arguments (after --)")
    .option("--lab <lab>", "which lab (default: the only lab up)")
    .option("--root", "run as root instead of the unprivileged lab user")
    .action(async (service: string, command: string[], opts: { lab?: string; root?: boolean }) => {
      if (command.length === 0) throw usageError("exec needs a command after --, e.g. lab exec server -- ps -eLf");
      const docker = dockerClient();
      const lab = await openLab(await resolveLab(docker, opts.lab), docker);
      const target = lab.service(service);
      const r = await target.exec(command, opts.root ? { user: "root" } : {});
      const failed = explainExecFailure(r, command[0] ?? "", target.containerName);
      if (failed) throw new LabError(failed.line, failed.exitCode);
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      if (r.exitCode !== 0) throw new LabError(`${command[0]} exited with status ${r.exitCode}`, r.exitCode);
    });
}
