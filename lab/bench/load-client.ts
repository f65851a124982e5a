// The bench's client_test runs in a container of its own on the lab's network, started
// once per lab (`sleep infinity`) and reused for every round with `docker exec`: starting
// a container costs seconds on a shared engine, an exec a fraction of one. The same kind
// of container holds idle connections for the scaling sweep.
import type { DockerClient } from "../docker/docker-client.js";
import { labLabels } from "../docker/labels.js";
import { ExitCode, LabError } from "../errors.js";
import type { StartedLab } from "../lab/lab.js";
import { containerName, networkName } from "../lab/names.js";
import { parseClientJson, type ClientResult } from "./client-result.js";

/** client_test's own per-connect and per-read timeout: a stuck connection fails as TIMEOUT. */
export const CLIENT_TIMEOUT_S = 10;

export class LoadClient {
  private constructor(
    private readonly docker: DockerClient,
    readonly id: string,
    readonly name: string,
    private readonly port: number,
  ) {}

  /** A client container in the lab, from the image and user of the topology's load service. */
  static async start(lab: StartedLab, role: "client" | "hold", port: number): Promise<LoadClient> {
    const spec = lab.topology.services.find((s) => s.name === "load");
    if (!spec) throw new LabError(`topology ${lab.topology.file} has no load service`);
    const name = containerName(lab.name, role);
    const id = await lab.docker.createContainer({
      name,
      image: spec.image,
      cmd: ["sleep", "infinity"],
      labels: labLabels(lab.name, role, "bench"),
      network: { name: networkName(lab.name), aliases: [role] },
      user: spec.user,
      init: true,
    });
    await lab.docker.startContainer(id);
    return new LoadClient(lab.docker, id, name, port);
  }

  private args(extra: string[]): string[] {
    return ["client_test", "-p", "server", "-P", String(this.port), "-w", String(CLIENT_TIMEOUT_S), "--json", ...extra];
  }

  /**
   * Runs one load to its end and returns client_test's summary, failures included. After
   * watchdogMs the client's children are stopped: the parent then reports what they did
   * (the rest counts as ECHILD), so a load that cannot finish ends with counts, not a hang.
   */
  async run(extra: string[], watchdogMs: number): Promise<ClientResult & { stopped: boolean }> {
    let stopped = false;
    const timer = setTimeout(() => {
      stopped = true;
      void this.signalChildren("TERM");
    }, watchdogMs);
    try {
      const r = await this.docker.exec(this.id, this.args(extra));
      const result = parseClientJson(r.stdout);
      if (!result) {
        const said = (r.stderr.trim() || r.stdout.trim()).split("\n").slice(-2).join(" / ");
        throw new LabError(`client_test exited with status ${r.exitCode} and no summary: ${said || "no output"}`, r.exitCode === 2 ? ExitCode.USAGE : ExitCode.FAILED);
      }
      return { ...result, stopped };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Starts client_test in the background (for --hold); its output goes to a file in the container. */
  async startBackground(extra: string[]): Promise<void> {
    const command = this.args(extra).map((a) => `'${a}'`).join(" ");
    const r = await this.docker.exec(this.id, ["sh", "-c", `${command} >/tmp/hold.json 2>&1 </dev/null &`]);
    if (r.exitCode !== 0) throw new LabError(`could not start client_test in ${this.name}: ${r.stderr.trim()}`);
  }

  /** Established TCP sockets in the client's network namespace (/proc/net/sockstat "inuse"). */
  async socketsInUse(): Promise<number> {
    const r = await this.docker.exec(this.id, ["cat", "/proc/net/sockstat"]);
    const m = /^TCP: inuse (\d+)/m.exec(r.stdout);
    return m ? Number(m[1]) : 0;
  }

  /** Whether a background client_test still runs. */
  async busy(): Promise<boolean> {
    return (await this.docker.exec(this.id, ["pgrep", "-x", "client_test"])).exitCode === 0;
  }

  /** Kills every client_test in the container: the kernel closes their connections. */
  async killAll(): Promise<void> {
    await this.docker.exec(this.id, ["pkill", "-KILL", "-x", "client_test"]);
  }

  private async signalChildren(signal: string): Promise<void> {
    // The oldest client_test is the parent: its children get the signal, it reports.
    await this.docker
      .exec(this.id, ["sh", "-c", `p=$(pgrep -o -x client_test) && pkill -${signal} -P "$p"`])
      .catch(() => {});
  }
}
