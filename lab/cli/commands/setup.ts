import type { Command } from "commander";
import { describeSetup, setup } from "../../setup.js";
import { progress, say } from "../output.js";

export function registerSetup(program: Command): void {
  program
    .command("setup")
    .description("make sure a Docker engine runs and the lab images exist (idempotent)")
    .action(async () => {
      const report = await setup({ log: progress });
      for (const line of describeSetup(report)) say(line);
    });
}
