import type { Command } from "commander";
import { ExitCode, LabError } from "../../errors.js";
import { CLIENT_TEST_LIMITS as L, loadArgs } from "../../programs/programs.js";
import { rangeOption } from "../options.js";
import { openGivenLab } from "../resolve.js";

interface LoadOptions {
  connections: number;
  children: number;
  bytes: number;
  requests: number;
  json?: boolean;
  hold?: number;
  timeout?: number;
  rst?: boolean;
}

export function registerLoad(program: Command): void {
  program
    .command("load")
    .description("run client_test in its own container against a running server")
    .argument("[lab]", "the lab (or server design/alias) to load; default: the only lab up")
    .option("-c, --connections <n>", "connections per child", rangeOption(L.connections), 1)
    .option("-t, --children <n>", "client processes", rangeOption(L.children), 1)
    .option("-n, --bytes <n>", "bytes asked for per request", rangeOption(L.bytes), 4000)
    .option("-r, --requests <n>", "requests per connection", rangeOption(L.requests), 1)
    .option("--hold <seconds>", "keep every connection open this long before closing", rangeOption(L.hold))
    .option("--timeout <seconds>", "longest wait for a connect or a read (default 30; 0 = none); connections a server never accepts wait together", rangeOption(L.timeout))
    .option("--rst", "close with an RST (SO_LINGER 0) instead of a FIN")
    .option("--json", "print one JSON object: ok, failed, failures by errno, bytes, latency")
    .action(async (given: string | undefined, opts: LoadOptions) => {
      const args = loadArgs(opts); // before Docker: exit 2 on a bad combination
      const lab = await openGivenLab(given);
      const result = await lab.run("load", args, (text, stream) =>
        (stream === "stdout" ? process.stdout : process.stderr).write(text),
      );
      if (result.exitCode === 1) throw new LabError("some connections failed (see the summary above)", ExitCode.FAILED);
      if (result.exitCode !== 0) throw new LabError(`client_test exited with status ${result.exitCode}`, ExitCode.FAILED);
    });
}
