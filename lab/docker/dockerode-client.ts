// The one DockerClient implementation, on dockerode. Every failure is logged (with the
// container id) when SOCKLAB_DEBUG is set, and rethrown for the caller to explain.
import Docker from "dockerode";
import { PassThrough, type Readable } from "node:stream";
import tarFs from "tar-fs";
import tarStream from "tar-stream";
import type {
  AttachedStreams,
  BuildOptions,
  ContainerInfo,
  ContainerSpec,
  ContainerStats,
  DockerClient,
  EngineInfo,
  ExecOptions,
  ExecResult,
  ImageInfo,
  NetworkInfo,
  ProcessList,
} from "./docker-client.js";
import { statusOf } from "./docker-client.js";
import { demuxBuffer } from "./demux.js";
import { relative } from "node:path";

const debug = process.env.SOCKLAB_DEBUG
  ? (msg: string) => process.stderr.write(`socklab:docker ${msg}\n`)
  : () => {};

async function traced<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    debug(`${what} failed: ${(err as Error).message}`);
    throw err;
  }
}

const labelList = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => (v ? `${k}=${v}` : k));
const labelFilter = (labels: Record<string, string>): string => JSON.stringify({ label: labelList(labels) });


function addressesOf(networks: Record<string, { IPAddress?: string }> | undefined): Record<string, string> {
  const addresses: Record<string, string> = {};
  for (const [net, ep] of Object.entries(networks ?? {})) if (ep.IPAddress) addresses[net] = ep.IPAddress;
  return addresses;
}

/**
 * Waits until a (hijacked or log) stream is over, then ends the demultiplexed sinks and
 * waits for them too: demuxStream writes into them, and a PassThrough may hand its last
 * chunk to its 'data' listener a tick after the source ended. Resolves with the stream's
 * error, if it failed.
 */
async function drain(source: NodeJS.ReadableStream, sinks: PassThrough[], signal?: AbortSignal): Promise<Error | undefined> {
  const failure = await new Promise<Error | undefined>((resolve) => {
    source.on("end", () => resolve(undefined));
    source.on("close", () => resolve(undefined));
    source.on("error", (err: Error) => resolve(err));
    const abort = () => {
      (source as Readable).destroy();
      resolve(undefined);
    };
    if (signal?.aborted) abort();
    else signal?.addEventListener("abort", abort, { once: true });
  });
  await Promise.all(
    sinks.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.readableEnded) return resolve();
          s.once("end", resolve);
          s.end();
        }),
    ),
  );
  return failure;
}

const envList = (env?: Record<string, string>) => Object.entries(env ?? {}).map(([k, v]) => `${k}=${v}`);

/** Reads a dockerode progress stream (build, pull, import) and fails on its error events. */
function followProgress(docker: Docker, stream: NodeJS.ReadableStream, onLine?: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, output: Array<{ error?: string; errorDetail?: { message?: string } }>) => {
        if (err) return reject(err);
        const failed = output.find((o) => o.error || o.errorDetail);
        if (failed) return reject(new Error(failed.errorDetail?.message ?? failed.error ?? "build failed"));
        resolve();
      },
      (event: { stream?: string; status?: string }) => {
        const text = event.stream ?? event.status;
        if (text && onLine) for (const line of text.split("\n")) if (line.trim()) onLine(line);
      },
    );
  });
}

/** The fields of the Engine API's stats answer that ContainerStats reads. */
interface RawStats {
  cpu_stats?: { cpu_usage?: { total_usage?: number; usage_in_usermode?: number; usage_in_kernelmode?: number } };
  memory_stats?: { usage?: number; max_usage?: number };
  pids_stats?: { current?: number };
}

export class DockerodeClient implements DockerClient {
  constructor(private readonly docker: Docker = new Docker()) {}

  async ping(): Promise<void> {
    await this.docker.ping();
  }

  async serverVersion(): Promise<{ version: string; apiVersion: string }> {
    const v = await this.docker.version();
    return { version: v.Version, apiVersion: v.ApiVersion };
  }

  async engineInfo(): Promise<EngineInfo> {
    return traced("info", async () => {
      const i = (await this.docker.info()) as { ID?: string; Name?: string; KernelVersion?: string; OperatingSystem?: string };
      return { id: i.ID ?? "", name: i.Name ?? "", kernelVersion: i.KernelVersion ?? "", operatingSystem: i.OperatingSystem ?? "" };
    });
  }

  async imageExists(tag: string): Promise<boolean> {
    try {
      await this.docker.getImage(tag).inspect();
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw err;
    }
  }

  async listImages(labels: Record<string, string>, dangling = false): Promise<ImageInfo[]> {
    const filters = { label: labelList(labels), ...(dangling ? { dangling: ["true"] } : {}) };
    const list = await this.docker.listImages({ filters: JSON.stringify(filters) });
    return list.map((i) => ({ id: i.Id, tags: (i.RepoTags ?? []).filter((t) => t !== "<none>:<none>"), created: i.Created }));
  }

  async tagImage(ref: string, tag: string): Promise<void> {
    await traced(`tag ${ref} as ${tag}`, async () => {
      const at = tag.lastIndexOf(":");
      await this.docker.getImage(ref).tag({ repo: tag.slice(0, at), tag: tag.slice(at + 1) });
    });
  }

  async removeImage(id: string): Promise<void> {
    await traced(`remove image ${id}`, async () => {
      try {
        await this.docker.getImage(id).remove();
      } catch (err) {
        const code = statusOf(err);
        if (code !== 404 && code !== 409) throw err; // gone, or still used by a container
      }
    });
  }

  async buildImage(opts: BuildOptions): Promise<void> {
    await traced(`build ${opts.tag}`, async () => {
      const ignored = opts.ignore ?? (() => false);
      const context = tarFs.pack(opts.contextDir, { ignore: (name) => ignored(relative(opts.contextDir, name)) });
      const stream = await this.docker.buildImage(context as unknown as NodeJS.ReadableStream, {
        t: opts.tag,
        dockerfile: opts.dockerfile ?? "Dockerfile",
        ...(opts.target ? { target: opts.target } : {}),
        buildargs: opts.buildArgs ?? {},
        labels: opts.labels ?? {},
        rm: true,
        forcerm: true,
      });
      await followProgress(this.docker, stream, opts.onLine);
    });
  }

  async importImage(tarball: Readable, tag: string, labels: Record<string, string>): Promise<void> {
    await traced(`import ${tag}`, async () => {
      const [repo, version] = tag.split(":");
      const changes = Object.entries(labels).map(([k, v]) => `LABEL ${k}=${v}`);
      const stream = await this.docker.importImage(tarball as unknown as string, {
        repo,
        tag: version ?? "latest",
        changes,
      } as object);
      await followProgress(this.docker, stream);
    });
  }

  async pullImage(tag: string): Promise<void> {
    await traced(`pull ${tag}`, async () => {
      const stream = await this.docker.pull(tag);
      await followProgress(this.docker, stream);
    });
  }

  async createNetwork(name: string, labels: Record<string, string>, opts: { internal?: boolean } = {}): Promise<NetworkInfo> {
    return traced(`create network ${name}`, async () => {
      const net = await this.docker.createNetwork({ Name: name, Driver: "bridge", Labels: labels, CheckDuplicate: true, Internal: opts.internal ?? false });
      return { id: net.id, name, labels };
    });
  }

  async listNetworks(labels: Record<string, string>): Promise<NetworkInfo[]> {
    const nets = await this.docker.listNetworks({ filters: labelFilter(labels) });
    return nets.map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} }));
  }

  async removeNetwork(id: string): Promise<void> {
    await traced(`remove network ${id}`, async () => {
      try {
        await this.docker.getNetwork(id).remove();
      } catch (err) {
        if (statusOf(err) !== 404) throw err; // 404: gone already (another `lab down`)
      }
    });
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    return traced(`create container ${spec.name}`, async () => {
      const c = await this.docker.createContainer({
        name: spec.name,
        Image: spec.image,
        Cmd: spec.cmd,
        Labels: spec.labels,
        User: spec.user,
        Env: envList(spec.env),
        WorkingDir: spec.workingDir,
        OpenStdin: spec.openStdin ?? false,
        StdinOnce: false,
        AttachStdin: spec.openStdin ?? false,
        AttachStdout: true,
        AttachStderr: true,
        Tty: spec.tty ?? false,
        HostConfig: {
          Init: spec.init ?? true,
          AutoRemove: spec.autoRemove ?? false,
          CapAdd: spec.capAdd,
          CapDrop: spec.capAdd ? undefined : ["NET_RAW"],
          Ulimits: spec.ulimits?.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })),
          Sysctls: spec.sysctls,
          NetworkMode: spec.netnsOf ? `container:${spec.netnsOf}` : spec.isolated ? "none" : spec.network?.name,
        },
        NetworkingConfig: spec.network
          ? { EndpointsConfig: { [spec.network.name]: { Aliases: spec.network.aliases } } }
          : undefined,
      });
      return c.id;
    });
  }

  async startContainer(id: string): Promise<void> {
    await traced(`start ${id}`, () => this.docker.getContainer(id).start());
  }

  async inspectContainer(id: string): Promise<ContainerInfo> {
    return traced(`inspect ${id}`, async () => {
      const i = await this.docker.getContainer(id).inspect();
      return {
        id: i.Id,
        name: i.Name.replace(/^\//, ""),
        labels: i.Config.Labels ?? {},
        state: i.State.Status,
        running: i.State.Running,
        exitCode: i.State.ExitCode,
        addresses: addressesOf(i.NetworkSettings.Networks),
        image: i.Config.Image,
        pid: i.State.Pid,
      };
    });
  }

  async listContainers(labels: Record<string, string>): Promise<ContainerInfo[]> {
    const list = await this.docker.listContainers({ all: true, filters: labelFilter(labels) });
    return list.map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? c.Id).replace(/^\//, ""),
      labels: c.Labels ?? {},
      state: c.State,
      running: c.State === "running",
      exitCode: -1,
      addresses: addressesOf(c.NetworkSettings?.Networks),
      image: c.Image,
      pid: 0,
    }));
  }

  async killContainer(id: string, signal: string): Promise<void> {
    await traced(`kill -${signal} ${id}`, () => this.docker.getContainer(id).kill({ signal }));
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    await traced(`stop ${id}`, async () => {
      try {
        await this.docker.getContainer(id).stop({ t: timeoutSeconds });
      } catch (err) {
        if (statusOf(err) !== 304) throw err; // 304: already stopped
      }
    });
  }

  async removeContainer(id: string): Promise<void> {
    await traced(`remove ${id}`, async () => {
      try {
        await this.docker.getContainer(id).remove({ force: true, v: true });
      } catch (err) {
        const code = statusOf(err);
        if (code !== 404 && code !== 409) throw err; // gone already, or removal in progress
      }
    });
  }

  async waitContainer(id: string): Promise<number> {
    return traced(`wait ${id}`, async () => {
      const r = (await this.docker.getContainer(id).wait()) as { StatusCode: number };
      return r.StatusCode;
    });
  }

  async logs(id: string): Promise<{ stdout: string; stderr: string }> {
    return traced(`logs ${id}`, async () => {
      const c = this.docker.getContainer(id);
      const info = await c.inspect();
      const buf = (await c.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
      if (info.Config.Tty) return { stdout: buf.toString(), stderr: "" };
      const d = demuxBuffer(buf);
      return { stdout: d.stdout.toString(), stderr: d.stderr.toString() };
    });
  }

  async followLogs(
    id: string,
    onChunk: (text: string, stream: "stdout" | "stderr") => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const c = this.docker.getContainer(id);
    const info = await traced(`inspect ${id}`, () => c.inspect());
    const stream = (await traced(`logs -f ${id}`, () =>
      c.logs({ stdout: true, stderr: true, follow: true }),
    )) as unknown as Readable;
    const out = new PassThrough();
    const err = new PassThrough();
    out.on("data", (b: Buffer) => onChunk(b.toString(), "stdout"));
    err.on("data", (b: Buffer) => onChunk(b.toString(), "stderr"));
    if (info.Config.Tty) stream.pipe(out);
    else this.docker.modem.demuxStream(stream, out, err);
    const failed = await drain(stream, [out, err], signal);
    if (failed) debug(`logs -f ${id} ended: ${failed.message}`); // the container went away: following is over
  }

  async exec(id: string, cmd: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    return traced(`exec ${id} ${cmd.join(" ")}`, async () => {
      const exec = await this.docker.getContainer(id).exec({
        Cmd: cmd,
        AttachStdout: true,
        AttachStderr: true,
        User: opts.user,
        Env: envList(opts.env),
      });
      const stream = await exec.start({ hijack: true, stdin: false });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const o = new PassThrough().on("data", (b: Buffer) => out.push(b));
      const e = new PassThrough().on("data", (b: Buffer) => err.push(b));
      this.docker.modem.demuxStream(stream, o, e);
      const failed = await drain(stream, [o, e]);
      if (failed) throw failed;
      // The output can end a moment before the engine records the exit code: until then
      // the exec still reads as running, with no ExitCode.
      let info = await exec.inspect();
      for (let i = 0; info.Running && i < 100; i++) {
        await new Promise((r) => setTimeout(r, 20));
        info = await exec.inspect();
      }
      return {
        exitCode: info.ExitCode ?? -1,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      };
    });
  }

  async stats(id: string): Promise<ContainerStats> {
    return traced(`stats ${id}`, async () => {
      // one-shot: the engine reads once instead of waiting a second for a "previous" reading.
      const s = (await this.docker.getContainer(id).stats({ stream: false, "one-shot": true } as { stream: false })) as unknown as RawStats;
      const cpu = s.cpu_stats?.cpu_usage;
      return {
        cpuNs: cpu?.total_usage ?? 0,
        userNs: cpu?.usage_in_usermode ?? 0,
        systemNs: cpu?.usage_in_kernelmode ?? 0,
        memoryBytes: s.memory_stats?.usage ?? 0,
        memoryPeakBytes: s.memory_stats?.max_usage ?? 0,
        tasks: s.pids_stats?.current ?? 0,
      };
    });
  }

  async top(id: string, psArgs: string): Promise<ProcessList> {
    return traced(`top ${id}`, async () => {
      const r = (await this.docker.getContainer(id).top({ ps_args: psArgs })) as { Titles?: string[]; Processes?: string[][] };
      return { titles: r.Titles ?? [], processes: r.Processes ?? [] };
    });
  }

  async attach(id: string, tty: boolean): Promise<AttachedStreams> {
    return traced(`attach ${id}`, async () => {
      const stream = (await this.docker.getContainer(id).attach({
        stream: true,
        stdin: true,
        stdout: true,
        stderr: true,
        hijack: true,
      })) as unknown as NodeJS.ReadWriteStream & Readable;
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      if (tty) stream.pipe(stdout);
      else this.docker.modem.demuxStream(stream, stdout, stderr);
      // The container went away (or the connection did): the caller sees its output end.
      void drain(stream, [stdout, stderr]).then((failed) => failed && debug(`attach ${id} ended: ${failed.message}`));
      return { stdin: stream as unknown as AttachedStreams["stdin"], stdout, stderr };
    });
  }

  async resize(id: string, rows: number, cols: number): Promise<void> {
    await this.docker.getContainer(id).resize({ h: rows, w: cols });
  }

  async copyFileOut(id: string, path: string): Promise<Buffer> {
    return traced(`copy ${id}:${path}`, async () => {
      const archive = (await this.docker.getContainer(id).getArchive({ path })) as unknown as Readable;
      const extract = tarStream.extract();
      const chunks: Buffer[] = [];
      await new Promise<void>((resolve, reject) => {
        extract.on("entry", (_header, body, next) => {
          body.on("data", (b: unknown) => {
            chunks.push(b as Buffer);
          });
          body.on("end", next);
          body.resume();
        });
        extract.on("finish", resolve);
        extract.on("error", reject);
        archive.on("error", reject);
        archive.pipe(extract);
      });
      return Buffer.concat(chunks);
    });
  }
}
