#!/usr/bin/env node
// The `lab` command: this file only wires commands; each lives in commands/, and every
// error reaches one handler that prints one line and exits with a documented code.
import { Command, CommanderError } from "commander";
import { registerChat } from "./commands/chat.js";
import { registerDown } from "./commands/down.js";
import { registerExec } from "./commands/exec.js";
import { registerLoad } from "./commands/load.js";
import { registerLogs } from "./commands/logs.js";
import { registerPs } from "./commands/ps.js";
import { registerSetup } from "./commands/setup.js";
import { registerUp } from "./commands/up.js";
import { registerCapture } from "./commands/capture.js";
import { registerTrace } from "./commands/trace.js";
import { registerNetem } from "./commands/netem.js";
import { registerDoctor } from "./commands/doctor.js";
import { registerScenarios } from "./commands/scenarios.js";
import { registerRun } from "./commands/run.js";
import { registerGrade } from "./commands/grade.js";
import { registerBench } from "./commands/bench.js";
import { handleError } from "./handle-error.js";
import { handleInterrupts, interruptCleanup } from "../util/interrupt.js";
import { packageVersion } from "./version.js";

const EXIT_CODES = `
Exit codes:
  0    success
  1    the operation ran and failed (e.g. load saw failed connections)
  2    bad usage or an invalid option value (nothing was touched)
  3    no Docker engine reachable, or setup failed
  4    no such lab, service or file
  5    something did not become ready in time
  130  interrupted (Ctrl-C); what was started is removed (129 SIGHUP, 143 SIGTERM)
  141  stdout was closed (e.g. \`lab trace F | head -1\`); what was started is removed
lab exec exits with the status of the command it ran.`;

const program = new Command()
  .name("lab")
  .description("socklab: UNIX Network Programming servers, each in its own container")
  .version(packageVersion(), "-V, --version", "print the socklab version")
  .addHelpText("after", EXIT_CODES)
  .showHelpAfterError("(run `lab --help` for usage)")
  .exitOverride();

for (const register of [registerSetup, registerUp, registerLoad, registerPs, registerLogs, registerExec, registerChat, registerDown]) {
  register(program);
}
registerCapture(program);
registerTrace(program);
registerNetem(program);
registerDoctor(program);
registerScenarios(program);
registerRun(program);
registerGrade(program);
registerBench(program);
program.commands.forEach((c) => c.exitOverride());

handleInterrupts();
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError && (err.exitCode === 0 || err.code === "commander.helpDisplayed" || err.code === "commander.version")) {
    process.exit(0);
  }
  await interruptCleanup(); // Ctrl-C: the error is the interrupted work's; the cleanup exits 130
  process.exit(handleError(err));
}
