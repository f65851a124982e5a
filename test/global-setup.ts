// Before the integration suite: a Docker engine, the lab image, and the test tools
// (tshark, docker-compose, chromium), installed by the project itself where missing. With CI=true
// anything missing fails the run; elsewhere the suite is skipped with the reason shown.
// After the suite: every lab the tests made (names starting with the test prefix, "t-" unless
// SOCKLAB_TEST_PREFIX says otherwise) is removed by label.
import { spawnSync } from "node:child_process";
import type { TestProject } from "vitest/node";
import { dockerClient } from "../lab/docker/connect.js";
import { aptInstall, canUseApt } from "../lab/engine/engine.js";
import { listLabs, removeLab } from "../lab/lab/teardown.js";
import { describeSetup, setup } from "../lab/setup.js";

const TOOLS: Array<{ command: string; pkg: string }> = [
  { command: "tshark", pkg: "tshark" },
  { command: "docker-compose", pkg: "docker-compose" },
  // Debian's Chromium, driven by playwright-core (no browser download): report.html and the bench's SVG charts.
  { command: "chromium", pkg: "chromium" },
];

const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;

function ensureTools(log: (line: string) => void): void {
  const missing = TOOLS.filter((t) => !has(t.command));
  if (missing.length === 0) return;
  if (!canUseApt()) throw new Error(`missing test tools: ${missing.map((t) => t.command).join(", ")} (install them)`);
  aptInstall(missing.map((t) => t.pkg), log);
}


async function removeTestLabs(): Promise<void> {
  const docker = dockerClient();
  for (const lab of await listLabs(docker)) {
    if (lab.startsWith(process.env.SOCKLAB_TEST_PREFIX ?? "t-")) await removeLab(docker, lab, () => {});
  }
}

declare module "vitest" {
  export interface ProvidedContext {
    labImage: string;
    dockerProblem: string;
  }
}

export default async function globalSetup(project: TestProject): Promise<() => Promise<void>> {
  const log = (line: string) => process.stderr.write(`[setup] ${line}\n`);
  try {
    ensureTools(log);
    const report = await setup({ log });
    for (const line of describeSetup(report)) log(line);
    await removeTestLabs();
    project.provide("labImage", report.image.tag);
    project.provide("dockerProblem", "");
  } catch (err) {
    const message = `integration setup failed: ${(err as Error).message}`;
    if (process.env.CI === "true") throw new Error(message);
    log(`${message}: the integration tests will be SKIPPED (with CI=true they fail)`);
    project.provide("labImage", "");
    project.provide("dockerProblem", message);
    return async () => {};
  }
  return removeTestLabs;
}
