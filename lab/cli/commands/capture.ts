import type { Command } from "commander";
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { relative } from "node:path";
import type { SavedCapture, StartedCapture } from "../../capture/capture.js";
import { openGivenLab } from "../resolve.js";
import { progress, say } from "../output.js";

interface CaptureCliOptions {
  lab?: string;
  out?: string;
  filter?: string;
  keepOffloads?: boolean;
}

/** Paths relative to where the user is, when that is shorter. */
export const shownPath = (p: string): string => {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith("..") && r.length < p.length ? r : p;
};

export function describeCapture(c: StartedCapture): string {
  const off = c.offloads;
  const offloads = off.requested === "kept" ? "offloads kept" : `offloads tso ${off.tso}, gso ${off.gso}, gro ${off.gro}`;
  return `capturing ${c.service} of lab ${c.lab} on ${c.iface} (${c.address}), ${offloads}`;
}

export function describeSaved(s: SavedCapture): string {
  const dropped = s.meta.tcpdump.droppedByKernel ? `, ${s.meta.tcpdump.droppedByKernel} dropped by kernel` : "";
  return `saved ${shownPath(s.path)} (${s.meta.packets ?? "?"} packets${dropped}; see \`lab trace ${shownPath(s.path)}\`)`;
}

/** Resolves on the first SIGINT/SIGTERM (and stops Node from dying of it meanwhile). */
function signalled(): { promise: Promise<NodeJS.Signals>; fired: () => NodeJS.Signals | undefined; dispose: () => void } {
  let got: NodeJS.Signals | undefined;
  let resolveIt: (s: NodeJS.Signals) => void = () => {};
  const promise = new Promise<NodeJS.Signals>((r) => (resolveIt = r));
  const handler = (s: NodeJS.Signals) => {
    got ??= s;
    resolveIt(s);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    promise,
    fired: () => got,
    dispose: () => {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}

function runOnHost(command: string[]): Promise<number> {
  const [cmd, ...args] = command;
  return new Promise((resolve) => {
    const child = spawn(cmd ?? "true", args, { stdio: "inherit" });
    child.on("error", (err) => {
      progress(`lab: ${cmd}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "command not found" : err.message}`);
      resolve(127);
    });
    child.on("exit", (code, signal) => {
      if (code !== null) resolve(code);
      else resolve(128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

export function registerCapture(program: Command): void {
  program
    .command("capture")
    .description("capture a service's packets with tcpdump in a sidecar (until Ctrl-C, or around a command after --)")
    .argument("<service>", "service name in the lab, e.g. server")
    .argument("[command...]", "run this on the host while capturing; exit with its status")
    .option("--lab <lab>", "which lab (default: the only lab up)")
    .option("--out <dir>", "where to save (default ./captures; files go to <dir>/<lab>/)")
    .option("--filter <bpf>", "BPF filter, e.g. 'tcp port 1234'")
    .option("--keep-offloads", "leave TSO/GSO/GRO on (by default they are turned off so segments are real)")
    .action(async (service: string, command: string[], opts: CaptureCliOptions) => {
      const signals = signalled(); // Ctrl-C is how a capture ends: never lose it to the default handler
      try {
        if (opts.out !== undefined) (await import("../../capture/capture.js")).captureDirectory(opts.out); // refused before any Docker call
        const lab = await openGivenLab(opts.lab);
        const { startCapture } = await import("../../capture/capture.js");
        const capture = await startCapture(lab, service, {
          ...(opts.out !== undefined ? { outDir: opts.out } : {}),
          ...(opts.filter !== undefined ? { filter: opts.filter } : {}),
          keepOffloads: opts.keepOffloads ?? false,
        });
        progress(describeCapture(capture));
        let status = 0;
        if (command.length > 0) {
          if (!signals.fired()) status = await runOnHost(command);
          else status = 130;
        } else {
          progress("press Ctrl-C to stop and save");
          const keepAlive = setInterval(() => {}, 1 << 30); // a signal listener alone does not keep Node running
          await signals.promise.finally(() => clearInterval(keepAlive));
        }
        const saved = await capture.stop();
        say(describeSaved(saved));
        process.exitCode = status;
      } finally {
        signals.dispose();
      }
    });
}
