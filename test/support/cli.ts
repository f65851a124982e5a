// Runs the built CLI as a user would (node dist/cli/main.js), capturing exit code and output.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../../lab/paths.js";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function lab(args: string[], opts: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot(), "dist/cli/main.js"), ...args], {
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 240_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The CLI started in the background, for tests that signal it or close its pipes midway. */
export function spawnLab(args: string[], opts: { env?: Record<string, string> } = {}): {
  child: ReturnType<typeof spawn>;
  done: Promise<CliResult & { signal: NodeJS.Signals | null }>;
} {
  const child = spawn(process.execPath, [join(projectRoot(), "dist/cli/main.js"), ...args], {
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (b: Buffer) => (stdout += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}
