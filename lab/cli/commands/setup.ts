import type { Command } from "commander";
import { progress, say } from "../output.js";

export function registerSetup(program: Command): void {
  program
    .command("setup")
    .description("make sure a Docker engine runs and the lab images exist (idempotent)")
    .action(async () => {
      const { describeSetup, setup } = await import("../../setup.js");
      const report = await setup({ log: progress });
      for (const line of describeSetup(report)) say(line);
    });
}
