import type { Command } from "commander";
import { dockerClient } from "../../docker/connect.js";
import type { StartedLab } from "../../lab/lab.js";
import { onInterrupt } from "../../util/interrupt.js";
import { progress } from "../output.js";

interface ChatOptions {
  name: string;
  select?: boolean;
  server?: boolean;
}

/** Connects the user's terminal to a container's stdin/stdout until it ends. */
async function attachTerminal(lab: StartedLab, service: string, tty: boolean): Promise<void> {
  const s = lab.service(service);
  const streams = await lab.docker.attach(s.containerId, tty);
  const stdin = process.stdin;
  const raw = tty && stdin.isTTY;
  const resize = () => void lab.docker.resize(s.containerId, process.stdout.rows ?? 24, process.stdout.columns ?? 80).catch(() => {});
  if (raw) {
    stdin.setRawMode(true);
    resize();
    process.stdout.on("resize", resize);
  }
  try {
    streams.stdout.pipe(process.stdout, { end: false });
    streams.stderr.pipe(process.stderr, { end: false });
    stdin.pipe(streams.stdin);
    // The client's container stops when the program exits (Ctrl-D or Ctrl-C in raw mode).
    await lab.docker.waitContainer(s.containerId);
  } finally {
    // Whatever happened, the user gets their terminal back in cooked mode.
    stdin.unpipe(streams.stdin);
    if (raw) {
      process.stdout.off("resize", resize);
      stdin.setRawMode(false);
    }
    stdin.pause();
  }
}

export function registerChat(program: Command): void {
  program
    .command("chat")
    .description("start the chat pair (p2pserver, p2pclient) and attach your terminal to the client")
    .option("--name <lab>", "lab name", "chat")
    .option("--select", "use the one-process select() client instead of p2pclient")
    .option("--server", "attach to the p2pserver of a running chat lab instead (type lines to send them)")
    .action(async (opts: ChatOptions) => {
      const docker = dockerClient();
      const { labExists, openLab, startLab } = await import("../../lab/lab.js");
      if (opts.server) {
        const lab = await openLab(opts.name, docker);
        progress(`attached to ${lab.service("p2pserver").containerName}: type lines to send, Ctrl-C to detach`);
        const streams = await docker.attach(lab.service("p2pserver").containerId, false);
        streams.stdout.pipe(process.stdout, { end: false });
        streams.stderr.pipe(process.stderr, { end: false });
        process.stdin.pipe(streams.stdin);
        // Until the user ends input, or the server goes away (its lab taken down).
        await new Promise<void>((resolve) => {
          process.stdin.on("end", resolve);
          streams.stdout.on("end", resolve);
        });
        process.stdin.unpipe(streams.stdin);
        process.stdin.pause();
        return;
      }
      const started = !(await labExists(docker, opts.name));
      if (started) await (await import("../../setup.js")).setup({ docker, log: progress });
      const lab = started
        ? await startLab({ name: opts.name, topology: "chat", profiles: opts.select ? ["select"] : [], log: progress, docker })
        : await openLab(opts.name, docker);
      const release = onInterrupt(() => (started ? lab.down() : undefined));
      const client = opts.select ? "client" : "p2pclient";
      progress(`chat: you are ${client}; the server's side: \`npx lab chat --server${opts.name === "chat" ? "" : ` --name ${opts.name}`}\` in another terminal, \`npx lab logs p2pserver --lab ${opts.name}\` to read it. Ctrl-D quits.`);
      try {
        await attachTerminal(lab, client, true);
      } finally {
        release();
        if (started) await lab.down();
      }
    });
}
