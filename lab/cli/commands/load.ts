import type { Command } from "commander";
import { DockerodeClient } from "../../docker/dockerode-client.js";
import { openLab } from "../../lab/lab.js";
import { ExitCode, LabError } from "../../errors.js";
import { intOption } from "../options.js";
import { resolveLab } from "../resolve.js";

interface LoadOptions {
  connections: number;
  children: number;
  bytes: number;
  requests: number;
  json?: boolean;
  hold?: number;
  rst?: boolean;
}

export function registerLoad(program: Command): void {
  program
    .command("load")
    .description("run client_test in its own container against a running server")
    .argument("[lab]", "the lab (or server design/alias) to load; default: the only lab up")
    .option("-c, --connections <n>", "connections per child", intOption("-c", 1, 100000), 1)
    .option("-t, --children <n>", "client processes", intOption("-t", 1, 1000), 1)
    .option("-n, --bytes <n>", "bytes asked for per request", intOption("-n", 1, 1048576), 4000)
    .option("-r, --requests <n>", "requests per connection", intOption("-r", 0, 100000), 1)
    .option("--hold <seconds>", "keep every connection open this long before closing", intOption("--hold", 1, 3600))
    .option("--rst", "close with an RST (SO_LINGER 0) instead of a FIN")
    .option("--json", "print one JSON object: ok, failed, failures by errno, bytes, latency")
    .action(async (given: string | undefined, opts: LoadOptions) => {
      if (opts.requests === 0 && opts.hold === undefined) throw new LabError("-r 0 only makes sense with --hold", ExitCode.USAGE);
      const docker = new DockerodeClient();
      const lab = await openLab(await resolveLab(docker, given), docker);
      const args = ["-c", String(opts.connections), "-t", String(opts.children), "-n", String(opts.bytes), "-r", String(opts.requests)];
      if (opts.hold !== undefined) args.push("--hold", String(opts.hold));
      if (opts.rst) args.push("--rst");
      if (opts.json) args.push("--json");
      const result = await lab.run("load", args, (text, stream) =>
        (stream === "stdout" ? process.stdout : process.stderr).write(text),
      );
      if (result.exitCode === 1) throw new LabError("some connections failed (see the summary above)", ExitCode.FAILED);
      if (result.exitCode !== 0) throw new LabError(`client_test exited with status ${result.exitCode}`, ExitCode.FAILED);
    });
}
