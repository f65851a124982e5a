// What the CLI tells a user about a program's limits, always read from the program's own
// /proc/<pid>/limits (see lab/lab/proc-limits.ts for why never from `ulimit` in an exec).
import type { StartedService } from "../lab/service.js";
import { describeLimit } from "../lab/proc-limits.js";
import type { UlimitName } from "../netem/limits.js";

/** "nofile 100 soft, 200 hard (/proc/7/limits)" for the named limits of the service's program. */
export async function programLimits(service: StartedService, names: UlimitName[]): Promise<{ pid: number; text: string }> {
  const pid = await service.programPid();
  const limits = await service.limits(pid);
  const parts = [...new Set(names)].map((n) => `${n} ${describeLimit(limits[n])}`);
  return { pid, text: `${parts.join(", ")} (/proc/${pid}/limits)` };
}

/** Does the command ask a shell for its ulimits? Then what it prints is the exec'd shell's. */
export const asksUlimit = (command: string[]): boolean => command.some((word) => /\bulimit\b/.test(word));

/** One line after such an exec: the program's own limits, and how to read them. */
export async function ulimitNote(service: StartedService): Promise<string> {
  const { pid, text } = await programLimits(service, ["nofile"]);
  return (
    "lab: note: ulimit describes the shell exec started, not the program (engines may start exec'd processes with soft = hard); " +
    `the program's own: ${text}, see \`lab exec ${service.name} --lab ${service.lab} -- cat /proc/${pid}/limits\``
  );
}
