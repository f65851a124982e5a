// A long-lived client container on a lab network: clients run in it with docker exec,
// which costs a fraction of starting a container each time (a grader runs a dozen).
import type { StartedTestContainer } from "testcontainers";
import { LabError } from "../errors.js";
import { withJsonSummary, type ClientRun, type CheckSummary, type JsonClientRun } from "./client.js";
import { apiDocker } from "./container-ref.js";
import { LabContainer } from "./lab-container.js";
import { removeContainer } from "./server.js";

export class StartedClientBox implements AsyncDisposable {
  constructor(readonly container: StartedTestContainer) {}

  /** Runs argv to completion in the box (bounded: a client that hangs is an error). */
  async run(argv: string[], timeoutMs = 120_000): Promise<ClientRun> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new LabError(`${argv[0]} did not finish within ${timeoutMs / 1000} s`)), timeoutMs)));
    try {
      return await Promise.race([apiDocker().exec(this.container.getId(), argv), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async runJson<T>(argv: string[], timeoutMs?: number): Promise<JsonClientRun<T>> {
    return withJsonSummary<T>(argv[0] ?? "client", await this.run(argv, timeoutMs));
  }

  /** check-client --json against the lab's `server`. */
  checkClient(args: string[], timeoutMs?: number): Promise<JsonClientRun<CheckSummary>> {
    return this.runJson<CheckSummary>(["check-client", "-p", "server", "--json", ...args], timeoutMs);
  }

  stop(): Promise<void> {
    return removeContainer(this.container);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

export async function startClientBox(image: string, lab: string): Promise<StartedClientBox> {
  const container = await new LabContainer(image, lab, "client", { role: "run" }).withCommand(["sleep", "infinity"]).start();
  return new StartedClientBox(container);
}
