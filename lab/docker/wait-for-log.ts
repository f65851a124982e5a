// Waiting for a container to say it is ready: a program's "listening on port", or a
// sidecar's tcpdump "listening on". Fails early, with its last words, if it exits first.
import { ExitCode, LabError } from "../errors.js";
import type { DockerClient } from "./docker-client.js";

/** Resolves with the first line of stdout or stderr that matches; `name` is how errors call the container. */
export async function waitForLog(docker: DockerClient, id: string, name: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // State first, then logs: a program that logs the line and exits at once is not
    // taken for one that exited before it.
    const info = await docker.inspectContainer(id);
    const { stdout, stderr } = await docker.logs(id);
    const line = `${stdout}\n${stderr}`.split("\n").find((l) => pattern.test(l));
    if (line !== undefined) return line;
    if (!info.running) {
      const said = stderr.trim().split("\n").slice(-3).join(" / ") || stdout.trim().split("\n").slice(-3).join(" / ");
      throw new LabError(`${name} exited (status ${info.exitCode}) before it was ready: ${said || "no output"}`);
    }
    if (Date.now() > deadline) {
      throw new LabError(`${name} did not log /${pattern.source}/ within ${timeoutMs / 1000} s`, ExitCode.TIMEOUT);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
