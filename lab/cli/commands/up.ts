import type { Command } from "commander";
import type { StartedLab } from "../../lab/lab.js";
import { validateLabName } from "../../lab/names.js";
import { onInterrupt } from "../../util/interrupt.js";
import { collect, rangeOption, serverOrDie } from "../options.js";
import { DEFAULT_PORT, SERVER_LIMITS, serverCommand, serverVariables } from "../../programs/programs.js";
import { progress, say } from "../output.js";
import { parseUlimit } from "../../netem/limits.js";
import type { StartedCapture } from "../../capture/capture.js";
import { describeCapture } from "./capture.js";
import { addImpairmentOptions, impairmentFromOptions, impairmentSummary, type ImpairmentCliOptions } from "../impairment-options.js";

interface UpOptions extends ImpairmentCliOptions {
  workers?: number;
  port: number;
  name?: string;
  ulimit: string[];
  lock?: string;
  et?: boolean;
  capture?: boolean;
}

/** `--capture`: the lab is only up once its capture runs; a failure or Ctrl-C meanwhile takes it down. */
async function startCaptureOrDown(lab: StartedLab): Promise<StartedCapture> {
  const release = onInterrupt(() => lab.down());
  try {
    const { startCapture } = await import("../../capture/capture.js");
    return await startCapture(lab, "server");
  } catch (err) {
    await lab.down().catch(() => {});
    throw err;
  } finally {
    release();
  }
}

export function registerUp(program: Command): void {
  const up = program
    .command("up")
    .description("start one server design in its own container (runs setup first where needed)")
    .argument("<server>", "server design or seed alias, e.g. prefork-lock or server3")
    .option("-t, --workers <n>", "workers (children or threads) for designs that have them", rangeOption(SERVER_LIMITS.workers))
    .option("-P, --port <port>", "port the server listens on", rangeOption(SERVER_LIMITS.port), DEFAULT_PORT)
    .option("--name <lab>", "lab name (default: the design's name)")
    .option("--ulimit <name=soft[:hard]>", "resource limit for the server, e.g. nofile=256 (repeatable)", collect, [])
    .option("--lock <kind>", "prefork-lock only: pthread (serv04, default) or fcntl (serv03)")
    .option("--et", "epoll only: edge-triggered with non-blocking sockets")
    .option("--capture", "capture the server's packets from the start (saved by `lab down` under ./captures)")
    .action(async (name: string, opts: UpOptions) => {
      const server = serverOrDie(name);
      const serverOpts = { port: opts.port, workers: opts.workers, lock: opts.lock, et: opts.et };
      const command = serverCommand(server, serverOpts); // what it accepts, from the catalogue: exit 2 before Docker
      const ulimits = opts.ulimit.map((u) => parseUlimit(u, "--ulimit"));
      const { impairment, sysctls } = impairmentFromOptions(opts);
      const labName = opts.name ?? server.name;
      validateLabName(labName);
      const [{ setup }, { startLab }] = await Promise.all([import("../../setup.js"), import("../../lab/lab.js")]);
      await setup({ log: progress }); // the CLI may install and start an engine; the library never does
      const lab = await startLab({
        name: labName,
        topology: "server",
        // The command as a list (an argument is one word whatever it holds), not through SERVER_ARGS.
        variables: serverVariables(server, serverOpts),
        overrides: { server: { command, ulimits, sysctls } },
        ...(impairment ? { impairments: { server: impairment } } : {}),
        log: progress,
      });
      const s = lab.service("server");
      const capture = opts.capture ? await startCaptureOrDown(lab) : undefined;
      say(`${server.name}${server.alias ? ` (${server.alias})` : ""} is up: ${server.design}`);
      say(`  container ${s.containerName}, address ${s.address}:${opts.port} on network ${lab.network}`);
      say(`  load it:   npx lab load ${labName} -c 100 -t 5`);
      say(`  look:      npx lab logs server --lab ${labName}   npx lab exec server --lab ${labName} -- ps -eLf`);
      if (capture) say(`  ${describeCapture(capture)}: \`lab down ${labName}\` saves it`);
      if (ulimits.length > 0) {
        const { programLimits } = await import("../program-limits.js");
        say(`  limits:    ${(await programLimits(s, ulimits.map((u) => u.name))).text}`);
      }
      for (const line of await impairmentSummary(lab.docker, labName, lab.services.keys())) say(line);
      say(`  stop it:   npx lab down ${labName}`);
    });
  addImpairmentOptions(up, { sysctl: true });
}
