// The scaling sweep's idle connections: client_test --hold in a container of its own, each
// connection verified once (-r 1) and then left open, so the server watches K descriptors
// that never speak while the active load runs.
import type { DockerClient } from "../docker/docker-client.js";
import type { StartedService } from "../lab/service.js";
import type { LoadClient } from "./load-client.js";

/** Connections per holding process: well under the container's descriptor limit. */
const PER_PROCESS = 2500;
const POLL_MS = 500;
/** No new connection for this long: the holders are as far as they will get. */
const STALL_MS = 3000;
const HOLD_TIMEOUT_MS = 180_000;

export interface Held {
  /** Connections asked for (a whole number per process: at least the count given). */
  wanted: number;
  /** Established in the holders' namespace once they stopped making progress. */
  held: number;
  /** Why fewer were held: the server's last complaint, where it said one. */
  reason?: string;
}

export function holderArgs(count: number): string[] {
  const processes = Math.ceil(count / PER_PROCESS);
  const each = Math.ceil(count / processes);
  return ["-c", String(each), "-t", String(processes), "-r", "1", "--hold", "3600"];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Opens `count` idle connections and waits until they are all up, or stop growing.
 * `baseline`: the sockets the holder's namespace has without them (Docker's embedded DNS
 * listens on 127.0.0.11 in every container's namespace).
 */
export async function holdIdle(holder: LoadClient, server: StartedService, count: number, baseline: number): Promise<Held> {
  const args = holderArgs(count);
  const wanted = Number(args[1]) * Number(args[3]);
  await holder.startBackground(args);
  const deadline = Date.now() + HOLD_TIMEOUT_MS;
  let held = 0;
  let lastGrowth = Date.now();
  for (;;) {
    await sleep(POLL_MS);
    const now = (await holder.socketsInUse()) - baseline;
    if (now > held) lastGrowth = Date.now();
    held = now;
    if (held >= wanted) return { wanted, held };
    if (Date.now() - lastGrowth > STALL_MS || Date.now() > deadline || !(await holder.busy())) break;
  }
  return { wanted, held, reason: await serverComplaint(server) };
}

/** The last line in which the server said why it dropped a connection (FD_SETSIZE, EMFILE...). */
async function serverComplaint(server: StartedService): Promise<string | undefined> {
  const { stdout, stderr } = await server.logs();
  const lines = `${stdout}\n${stderr}`.split("\n").filter((l) => /refusing|accept|EMFILE|ENFILE|FD_SETSIZE|pthread|fork/i.test(l));
  return lines.at(-1)?.trim();
}

/** Kills the holders and waits until the server is back to its idle task count. */
export async function releaseIdle(
  holder: LoadClient,
  docker: DockerClient,
  server: StartedService,
  idle: { sockets: number; tasks: number },
): Promise<void> {
  await holder.killAll();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const [sockets, stats] = await Promise.all([holder.socketsInUse(), docker.stats(server.containerId)]);
    if (sockets <= idle.sockets && stats.tasks <= idle.tasks) return;
    await sleep(POLL_MS);
  }
}
