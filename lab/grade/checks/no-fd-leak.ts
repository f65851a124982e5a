// After 1000 connections made one after the other, the server's main process holds no
// more descriptors than before (/proc/<pid>/fd).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Check } from "../check.js";
import { serverFailed } from "../server-session.js";
import { sequentialRun } from "./sequential-run.js";

export const noFdLeak: Check = {
  id: "no-fd-leak",
  title: "no descriptor leak",
  needs: ["builds"],
  async run(ctx, p) {
    const o = await sequentialRun(ctx, p.connections!, p.tolerance!);
    if (serverFailed(o)) return o;
    if (o.died) return { passed: false, message: `the server died during ${o.connections} connections (${o.died})` };
    const grew = o.fdsAfter - o.fdsBefore;
    writeFileSync(join(ctx.checkDir, "fd.txt"), `${o.fdListing.join("\n")}\n`); // kept with the check's files if it fails
    const passed = grew <= p.tolerance!;
    return {
      passed,
      message: passed
        ? `no descriptor left behind by ${o.connections} connections`
        : `${grew} more open descriptors after ${o.connections} connections (one per connection: a leak)`,
      evidence: passed ? [] : [`/proc/<server>/fd: ${o.fdsBefore} before, ${o.fdsAfter} after`, ...o.fdListing.slice(-10)],
    };
  },
};
