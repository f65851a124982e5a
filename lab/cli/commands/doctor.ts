// `lab doctor`: probes the kernel under the Docker engine once (a throwaway labelled
// container with no network, root with NET_ADMIN) and says which mechanism serves each
// impairment here. The answer is cached per engine, kernel and image for `lab up`.
import type { Command } from "commander";
import { dockerClient } from "../../docker/connect.js";
import { progress, say } from "../output.js";

export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description("probe the kernel for impairments (netem, tbf, iptables NFQUEUE/statistic, nfq-delayer) and say what will serve each")
    .option("--json", "print one JSON object")
    .option("--cached", "use the cached probe result when there is one")
    .action(async (opts: { json?: boolean; cached?: boolean }) => {
      const docker = dockerClient();
      const [{ setup }, { doctorReport, kernelCapabilities, renderDoctor }] = await Promise.all([import("../../setup.js"), import("../../impair/index.js")]);
      const { image } = await setup({ docker, log: progress });
      const probe = await kernelCapabilities(docker, { image: image.tag, fresh: !opts.cached });
      const report = doctorReport(probe);
      if (opts.json) say(JSON.stringify(report));
      else for (const line of renderDoctor(report)) say(line);
    });
}
