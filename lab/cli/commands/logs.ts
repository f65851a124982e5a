import type { Command } from "commander";
import { openGivenLab } from "../resolve.js";

export function registerLogs(program: Command): void {
  program
    .command("logs")
    .description("print a service's output (stdout and stderr)")
    .argument("<service>", "service name in the lab, e.g. server")
    .option("--lab <lab>", "which lab (default: the only lab up)")
    .option("-f, --follow", "keep printing until the service stops")
    .action(async (service: string, opts: { lab?: string; follow?: boolean }) => {
      const lab = await openGivenLab(opts.lab);
      const s = lab.service(service);
      if (opts.follow) {
        await lab.docker.followLogs(s.containerId, (text, stream) => (stream === "stdout" ? process.stdout : process.stderr).write(text));
        return;
      }
      const { stdout, stderr } = await s.logs();
      process.stdout.write(stdout);
      process.stderr.write(stderr);
    });
}
