// After 1000 connections made one after the other, no child is left a zombie: the
// server reaps what it forks (ps shows no process in state Z).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Check } from "../check.js";
import { zombieLines, zombieParentLines } from "../../testcontainers/process-table.js";
import { serverFailed } from "../server-session.js";
import { sequentialRun } from "./sequential-run.js";

/** Zombie lines shown as evidence (all of them are in ps.txt). */
const SHOWN = 8;

export const noZombies: Check = {
  id: "no-zombies",
  title: "no zombies",
  needs: ["builds"],
  async run(ctx, p) {
    const o = await sequentialRun(ctx, p.connections!, ctx.rubric.checks.find((c) => c.id === "no-fd-leak")?.params.tolerance ?? 3);
    if (serverFailed(o)) return o;
    if (o.died || !o.after) return { passed: false, message: `the server died during ${o.connections} connections (${o.died})` };
    const zombies = o.after.zombies;
    writeFileSync(join(ctx.checkDir, "ps.txt"), o.after.text); // kept with the check's files if it fails
    if (zombies === 0) return { passed: true, message: `no zombies after ${o.connections} connections` };
    return {
      passed: false,
      message: `${zombies} zombie process${zombies === 1 ? "" : "es"} after ${o.connections} connections: children that were never waited for`,
      // The parent first: the text report shows the first 12 lines of evidence.
      evidence: [
        "ps -eLo pid,ppid,lwp,stat,comm: the parent that never waited, then its zombies:",
        ...zombieParentLines(o.after),
        ...zombieLines(o.after).slice(0, SHOWN),
        ...(zombies > SHOWN ? [`... and ${zombies - SHOWN} more`] : []),
      ],
    };
  },
};
