import type { Command } from "commander";
import { dockerClient } from "../../docker/connect.js";
import { LabError, usageError } from "../../errors.js";
import { resolveLab } from "../resolve.js";
import { progress, say } from "../output.js";

export function registerDown(program: Command): void {
  program
    .command("down")
    .description("stop and remove a lab (its containers and network, found by label)")
    .argument("[lab]", "the lab (or server design/alias); default: the only lab up")
    .option("--all", "every lab")
    .action(async (given: string | undefined, opts: { all?: boolean }) => {
      if (opts.all && given) throw usageError("give a lab name or --all, not both");
      const docker = dockerClient();
      const { listLabs, removeLab } = await import("../../lab/teardown.js");
      const labs = opts.all ? await listLabs(docker) : [await resolveLab(docker, given)];
      if (labs.length === 0) say("no lab is up");
      // With --all, one lab that cannot be removed does not keep the others up.
      const failed: string[] = [];
      for (const lab of labs) {
        let words;
        try {
          words = await removeLab(docker, lab, progress);
        } catch (err) {
          if (labs.length === 1 || !(err instanceof LabError)) throw err;
          progress(`lab: ${err.message}`);
          failed.push(lab);
          continue;
        }
        for (const w of words) {
          say(`${w.container} said last:`);
          for (const line of w.lines) say(`  ${line}`);
        }
        say(`lab ${lab} is down`);
      }
      if (failed.length) throw new LabError(`not removed: ${failed.join(", ")} (see above)`);
    });
}
