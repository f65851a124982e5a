// What the Docker engine says when it refuses to create or start a program's container,
// turned into one line a student can act on. Anything not recognised is rethrown as it is.
import { statusOf } from "../docker/docker-client.js";
import { ExitCode, LabError, notFound } from "../errors.js";

/** The last, most specific part of an engine message ("... : unknown" and HTTP prefixes dropped). */
function gist(message: string): string {
  const parts = message.trim().replace(/^\(HTTP code \d+\)[^-]*- /, "").split(": ").map((p) => p.trim()).filter((p) => p !== "unknown");
  return parts.slice(-2).join(": ").trim();
}

export function explainStartError(err: unknown, container: string, image: string): unknown {
  const message = (err as Error | undefined)?.message ?? "";
  if (statusOf(err) === 404 && /no such image/i.test(message)) {
    return notFound(`${container}: image '${image}' does not exist (build it, or \`lab setup\` for the lab's own)`);
  }
  if (/error setting rlimit/i.test(message)) {
    return new LabError(`${container}: the Docker engine cannot grant these ulimits (${gist(message)}): its own limit is lower; use smaller values`, ExitCode.USAGE);
  }
  if (/too many open files/i.test(message)) {
    return new LabError(`${container}: the container runtime ran out of descriptors starting it (${gist(message)}): raise nofile`, ExitCode.USAGE);
  }
  if (/network \S+ not found|no such network/i.test(message)) {
    return notFound(`${container}: the lab's network is gone (was the lab taken down meanwhile?)`);
  }
  if (statusOf(err) === 409 && /is already in use/i.test(message)) {
    return new LabError(`${container} already exists: \`lab down\` that lab first`);
  }
  return err;
}

/**
 * Every lab is a bridge network of its own, and an engine with Docker's default address
 * pools has room for about 30 (`lab bench designs` alone takes one per row).
 */
export function explainNetworkError(err: unknown, network: string): unknown {
  const message = (err as Error | undefined)?.message ?? "";
  if (/non-overlapping IPv4 address pool/i.test(message)) {
    return new LabError(
      `${network}: the Docker engine has no address range left for another network (about 30 with its default pools; ` +
        "every lab takes one): `lab ps` lists the labs up and `lab down NAME` removes one; `docker network ls` shows the rest",
    );
  }
  return err;
}

/**
 * `docker exec` of a command that cannot start answers with the OCI runtime's text on the
 * program's stdout and status 126. Returns the one line to say instead (and the shell's
 * status: 127 not found, 126 cannot run), or undefined when the command did start.
 */
export function explainExecFailure(r: { exitCode: number; stdout: string }, command: string, container: string): { line: string; exitCode: number } | undefined {
  if (r.exitCode !== 126 || !/^OCI runtime exec failed/.test(r.stdout)) return undefined;
  if (/executable file not found|no such file or directory/.test(r.stdout)) return { line: `${command}: command not found in ${container}`, exitCode: 127 };
  return { line: `${command}: cannot run in ${container} (${gist(r.stdout)})`, exitCode: 126 };
}
