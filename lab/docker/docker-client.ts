// The small slice of the Docker Engine API the lab needs. Everything above this file
// talks to Docker only through this interface; dockerode-client.ts is the one
// implementation (tests may fake it).
import type { Readable, Writable } from "node:stream";

export interface ContainerSpec {
  name: string;
  image: string;
  cmd: string[];
  labels: Record<string, string>;
  network?: { name: string; aliases: string[] };
  /** Join another container's network namespace instead of a network. */
  netnsOf?: string;
  /** No network at all (Docker's `none`): a private namespace with only loopback. */
  isolated?: boolean;
  user?: string;
  env?: Record<string, string>;
  init?: boolean;
  capAdd?: string[];
  ulimits?: Array<{ name: string; soft: number; hard: number }>;
  sysctls?: Record<string, string>;
  openStdin?: boolean;
  tty?: boolean;
  autoRemove?: boolean;
  workingDir?: string;
}

export interface ContainerInfo {
  id: string;
  name: string;
  labels: Record<string, string>;
  state: string; // running, exited, created...
  running: boolean;
  exitCode: number;
  /** Address on each attached network, by network name. */
  addresses: Record<string, string>;
  image: string;
  pid: number;
}

export interface NetworkInfo {
  id: string;
  name: string;
  labels: Record<string, string>;
}

export interface ImageInfo {
  id: string;
  tags: string[];
  created: number; // seconds since the epoch
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  user?: string;
  env?: Record<string, string>;
}

export interface BuildOptions {
  contextDir: string;
  tag: string;
  dockerfile?: string;
  /** Build only up to this stage of a multi-stage Dockerfile. */
  target?: string;
  buildArgs?: Record<string, string>;
  labels?: Record<string, string>;
  /** Paths (relative to contextDir) left out of the build context, e.g. by .dockerignore. */
  ignore?: (relPath: string) => boolean;
  onLine?: (line: string) => void;
}

export interface AttachedStreams {
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
}

/**
 * One reading of a container's cgroup accounting (`docker stats`, one shot), read by the
 * engine from outside the container so that reading it runs nothing inside.
 */
export interface ContainerStats {
  /** cpuacct.usage: CPU time of every task in the container, in ns (exact, kept by the scheduler). */
  cpuNs: number;
  /** cpuacct.stat split, in ns: counted in clock ticks (10 ms), so sampled, not exact. */
  userNs: number;
  systemNs: number;
  /** memory.usage_in_bytes now. */
  memoryBytes: number;
  /** memory.max_usage_in_bytes: the high-water mark since the container started (cgroup v1; 0 elsewhere). */
  memoryPeakBytes: number;
  /** pids.current: tasks (processes and threads) now. */
  tasks: number;
}

/** `docker top`: the engine runs ps on the host and keeps the container's rows. */
export interface ProcessList {
  titles: string[];
  processes: string[][];
}

/** Who the engine is (`docker info`): enough to key per-engine caches. */
export interface EngineInfo {
  /** The engine's ID (stable across restarts); "" where the engine reports none. */
  id: string;
  name: string;
  kernelVersion: string;
  operatingSystem: string;
}

export interface DockerClient {
  ping(): Promise<void>;
  serverVersion(): Promise<{ version: string; apiVersion: string }>;
  engineInfo(): Promise<EngineInfo>;

  imageExists(tag: string): Promise<boolean>;
  /** Images carrying every label given; `dangling` restricts to untagged leaves. */
  listImages(labels: Record<string, string>, dangling?: boolean): Promise<ImageInfo[]>;
  /** Gives an image another name (`docker tag`), moving the name if it named another image. */
  tagImage(ref: string, tag: string): Promise<void>;
  /** Removes an image (not forced: one in use by a container stays, and that is no error). */
  removeImage(id: string): Promise<void>;
  buildImage(opts: BuildOptions): Promise<void>;
  /** Imports a root filesystem tarball as an image (`docker import`). */
  importImage(tarball: Readable, tag: string, labels: Record<string, string>): Promise<void>;
  pullImage(tag: string): Promise<void>;

  /** A bridge network; `internal`: no route out of it (containers reach only each other). */
  createNetwork(name: string, labels: Record<string, string>, opts?: { internal?: boolean }): Promise<NetworkInfo>;
  listNetworks(labels: Record<string, string>): Promise<NetworkInfo[]>;
  removeNetwork(id: string): Promise<void>;

  createContainer(spec: ContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  inspectContainer(id: string): Promise<ContainerInfo>;
  listContainers(labels: Record<string, string>): Promise<ContainerInfo[]>;
  killContainer(id: string, signal: string): Promise<void>;
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
  waitContainer(id: string): Promise<number>;
  /** Logs so far (not following), stdout and stderr demultiplexed. */
  logs(id: string): Promise<{ stdout: string; stderr: string }>;
  /** Follows stdout+stderr until the container stops or the signal aborts. */
  followLogs(id: string, onChunk: (text: string, stream: "stdout" | "stderr") => void, signal?: AbortSignal): Promise<void>;
  exec(id: string, cmd: string[], opts?: ExecOptions): Promise<ExecResult>;
  stats(id: string): Promise<ContainerStats>;
  /** The container's processes as ps prints them with psArgs (which must include the pid column). */
  top(id: string, psArgs: string): Promise<ProcessList>;
  /** Attaches to a container's stdio (the container must be created with openStdin). */
  attach(id: string, tty: boolean): Promise<AttachedStreams>;
  resize(id: string, rows: number, cols: number): Promise<void>;
  /** Reads one file out of a container. */
  copyFileOut(id: string, path: string): Promise<Buffer>;
}

/** The HTTP status of a failed Engine API call (undefined for a connection error). */
export const statusOf = (err: unknown): number | undefined => (err as { statusCode?: number } | undefined)?.statusCode;
