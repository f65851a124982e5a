// The `input:` step: what a user would type into a program, written to its stdin through
// `docker attach` (the service needs `stdin_open: true`). One attachment per program,
// kept for the rest of the case like a terminal left open: attaching again for every
// line could reorder nothing, but closing it early would look like a user who left.
import type { DockerClient } from "../docker/docker-client.js";
import type { Writable } from "node:stream";
import { LabError } from "../errors.js";
import type { StartedService } from "../lab/service.js";
import type { ServiceSpec, Topology } from "../topology/topology.js";
import type { Fields } from "./fields.js";

export interface InputStep {
  kind: "input";
  /** A started program or a service the lab starts. */
  target: string;
  /** Written as is: YAML's "\n", "\r" and "\x04" (Ctrl-D: end of file on a tty) included. */
  text: string;
}

/** Reads `- input: <program or service>` with `text:`; `started` says whether a program of that name runs. */
export function parseInputStep(f: Fields, topology: Topology, started: (name: string) => boolean): InputStep {
  const target = f.requiredString("input");
  const service = topology.services.find((s) => s.name === target && !s.runOnce && s.profiles.length === 0);
  if (!service && !started(target)) f.fail("input", `'${target}' is neither a service the lab starts nor a program an earlier step started`);
  // not requiredString: a lone "\n" (Enter on an empty line) is something to type
  const text = f.string("text");
  if (!text) f.fail("text", 'is required: what to type, e.g. "hello\\n"');
  return { kind: "input", target, text };
}

/** The stdin attachments of one case, by program name. */
export class StdinAttachments {
  private readonly open = new Map<string, Writable>();

  constructor(private readonly docker: DockerClient) {}

  /** Writes text to the program's stdin; resolves once Docker has been handed every byte. */
  async write(name: string, program: StartedService, spec: ServiceSpec, text: string): Promise<void> {
    if (!spec.stdinOpen) throw new LabError(`${name}: service ${spec.name} has no 'stdin_open: true', so nothing can be typed into it`);
    let stdin = this.open.get(name);
    if (!stdin) {
      const info = await this.docker.inspectContainer(program.containerId);
      if (!info.running) throw new LabError(`${name} is not running: nothing reads its stdin`);
      const streams = await this.docker.attach(program.containerId, spec.tty);
      // The output is read from the logs: discard this copy, or a full pipe would stall the program.
      streams.stdout.resume();
      streams.stderr.resume();
      stdin = streams.stdin;
      stdin.on("error", () => {}); // the program may end (and the attachment with it) at any time
      this.open.set(name, stdin);
    }
    const into = stdin;
    await new Promise<void>((resolve, reject) => into.write(text, (err) => (err ? reject(new LabError(`writing to ${name}'s stdin: ${err.message}`)) : resolve())));
  }

  /** Detaches from a program that ended or is restarted. */
  close(name: string): void {
    this.open.get(name)?.destroy();
    this.open.delete(name);
  }

  /** Detaches from every program (their stdin stays open: Docker closes it only for `StdinOnce`). */
  closeAll(): void {
    for (const stdin of this.open.values()) stdin.destroy();
    this.open.clear();
  }
}

/** How the report shows it: `type into p2pclient: "hello\r"`. */
export function describeInput(step: InputStep): string {
  return `type into ${step.target}: ${JSON.stringify(step.text)}`;
}
