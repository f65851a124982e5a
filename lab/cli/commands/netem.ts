// `lab netem set|show|reset <service>`: live impairments of a running lab's service,
// applied from a sidecar in its network namespace; `show` reads back from the kernel.
import type { Command } from "commander";
import { ValidationError } from "../../netem/errors.js";
import { addImpairmentOptions, impairmentFromOptions, type ImpairmentCliOptions } from "../impairment-options.js";
import { progress, say } from "../output.js";
import { openGivenLab } from "../resolve.js";

interface LabOption {
  lab?: string;
}

export function registerNetem(program: Command): void {
  const netem = program
    .command("netem")
    .description("impair a service's traffic (delay, jitter, loss, rate) from a sidecar in its namespace");

  addImpairmentOptions(
    netem
      .command("set")
      .description("replace the impairment of a running service (see `lab doctor` for what this kernel supports)")
      .argument("<service>", "service name in the lab, e.g. server")
      .option("--lab <lab>", "which lab (default: the only lab up)"),
  ).action(async (service: string, opts: ImpairmentCliOptions & LabOption) => {
    const { impairment } = impairmentFromOptions(opts); // before Docker: exit 2 on a bad value
    if (!impairment) throw new ValidationError("lab netem set: give at least one of --delay, --jitter, --loss, --rate (`lab netem reset` removes an impairment)");
    const lab = await openGivenLab(opts.lab);
    const { applyImpairment, describeState } = await import("../../impair/index.js");
    const target = lab.service(service);
    const applied = await applyImpairment(lab.docker, target, impairment, { log: progress });
    if (!applied) {
      say(`${service} (lab ${lab.name}): no impairment`);
      return;
    }
    for (const line of describeState(service, lab.name, applied.state, applied.sidecar)) say(line);
  });

  netem
    .command("show")
    .description("what impairs a service now, read back from its namespace (qdiscs, iptables rules, delayer)")
    .argument("<service>", "service name in the lab, e.g. server")
    .option("--lab <lab>", "which lab (default: the only lab up)")
    .option("--json", "print one JSON object")
    .action(async (service: string, opts: LabOption & { json?: boolean }) => {
      const lab = await openGivenLab(opts.lab);
      const { describeState, readImpairment } = await import("../../impair/index.js");
      // Read from the kernel, not from the sidecar's existence: a dead sidecar leaves its rules in force.
      const shown = await readImpairment(lab.docker, lab.service(service));
      if (opts.json) {
        say(JSON.stringify({ lab: lab.name, service, sidecar: shown?.sidecar || null, ...(shown?.state ?? { active: false }) }));
        return;
      }
      for (const line of describeState(service, lab.name, shown?.state, shown?.sidecar)) say(line);
    });

  netem
    .command("reset")
    .description("remove a service's impairment: every qdisc, rule and delayer, then the sidecar")
    .argument("<service>", "service name in the lab, e.g. server")
    .option("--lab <lab>", "which lab (default: the only lab up)")
    .action(async (service: string, opts: LabOption) => {
      const lab = await openGivenLab(opts.lab);
      const { clearImpairment } = await import("../../impair/index.js");
      const had = await clearImpairment(lab.docker, lab.service(service));
      say(had ? `${service} (lab ${lab.name}): impairment removed` : `${service} (lab ${lab.name}): no impairment to remove`);
    });
}
