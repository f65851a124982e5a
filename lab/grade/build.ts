// Compiling a submission in a container of the lab image's build stage (the compiler that
// built the lab's own programs): no network, the unprivileged uid, CPU, memory and process
// limits, a time limit. Its own Makefile if it has one, else gcc on every .c file with the
// rubric's flags. The compiler's output is kept; the binary is copied out, to be copied
// into a container of the lab image.
import { apiDocker } from "../testcontainers/container-ref.js";
import { LabContainer, type RunLimits } from "../testcontainers/lab-container.js";
import type { Submission } from "./submission.js";

export interface BuildResult {
  ok: boolean;
  /** What was run, as a shell would show it. */
  command: string;
  exitCode: number;
  /** The compiler's (or make's) output, stdout and stderr interleaved. */
  output: string;
  warnings: string[];
  binary?: Buffer;
  seconds: number;
  /** Set when the grader, not the submission, failed (the engine refused something). */
  graderError?: string;
}

export interface BuildOptions {
  /** The build stage image (ensureBuildImage). */
  image: string;
  lab: string;
  flags: string[];
  /** The executable's name (and, with a Makefile, the target looked for). */
  binary: string;
  timeoutMs?: number;
}

const BUILD_LIMITS: RunLimits = { cpus: 1, memoryMb: 512, pids: 256, nofile: 1024 };
const quote = (s: string): string => (/^[\w./=+-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);

export function buildCommand(sub: Submission, flags: string[], binary: string): string {
  if (sub.hasMakefile) return "make";
  const files = [...sub.files.keys()];
  const sources = files.filter((f) => f.endsWith(".c"));
  const includeDirs = [...new Set(files.filter((f) => f.endsWith(".h")).map((f) => f.split("/").slice(0, -1).join("/") || "."))];
  return ["gcc", ...flags, "-o", binary, ...sources, ...includeDirs.filter((d) => d !== ".").map((d) => `-I${d}`)].map(quote).join(" ");
}

function buildScript(command: string, binary: string, makefile: boolean): string {
  const find = makefile
    ? `if [ ! -f ${quote(binary)} ]; then
  set -- $(find . -type f -perm -u+x -newer /tmp/.before ! -name '*.o')
  if [ $# -ne 1 ]; then echo "lab: make made $# executables ($*), none named ${binary}: name it with build.binary in the rubric"; exit 91; fi
  cp "$1" ${quote(binary)}
fi`
    : "";
  return `cp -r /src /tmp/b && cd /tmp/b && touch /tmp/.before || exit 90
echo "$ ${command.replaceAll('"', '\\"')}"
${command} 2>&1 || exit $?
${find}`;
}

const warningLines = (output: string): string[] => output.split("\n").filter((l) => /\bwarning:/.test(l));

/** Builds, and turns a failure of the engine into a result that says so: grading goes on. */
export async function buildSubmission(sub: Submission, opts: BuildOptions): Promise<BuildResult> {
  const started = Date.now();
  try {
    return await runBuild(sub, opts, started);
  } catch (err) {
    const message = (err as Error).message.split("\n")[0] ?? "unknown error";
    return { ok: false, command: buildCommand(sub, opts.flags, opts.binary), exitCode: -1, output: "", warnings: [], seconds: (Date.now() - started) / 1000, graderError: message };
  }
}

async function runBuild(sub: Submission, opts: BuildOptions, started: number): Promise<BuildResult> {
  const docker = apiDocker();
  const command = buildCommand(sub, opts.flags, opts.binary);
  const container = await new LabContainer(opts.image, opts.lab, "build", { role: "build", isolated: true, user: "1000:1000" })
    .withLimits(BUILD_LIMITS)
    .withCopyContentToContainer([...sub.files].map(([path, content]) => ({ content, target: `/src/${path}`, mode: 0o644 })))
    .withCommand(["sh", "-c", buildScript(command, opts.binary, sub.hasMakefile)])
    .start();
  const id = container.getId();
  try {
    const timeoutMs = opts.timeoutMs ?? 120_000;
    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([docker.waitContainer(id), new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), timeoutMs)))]);
    clearTimeout(timer);
    const logs = await docker.logs(id);
    const output = (logs.stdout + logs.stderr).replace(/^\$ .*\n/, "");
    const seconds = (Date.now() - started) / 1000;
    if (exit === undefined) {
      return { ok: false, command, exitCode: -1, output: `${output}\nlab: the build did not finish within ${timeoutMs / 1000} s`, warnings: warningLines(output), seconds };
    }
    const binary = exit === 0 ? await docker.copyFileOut(id, `/tmp/b/${opts.binary}`).catch(() => undefined) : undefined;
    const ok = exit === 0 && binary !== undefined && binary.length > 0;
    return { ok, command, exitCode: exit, output, warnings: warningLines(output), binary: ok ? binary : undefined, seconds };
  } finally {
    await docker.removeContainer(id);
  }
}
