import type { Command } from "commander";
import { dockerClient } from "../../docker/connect.js";
import { LAB_LABEL, ROLE_LABEL, SERVICE_LABEL } from "../../docker/labels.js";
import { usageError } from "../../errors.js";
import { say } from "../output.js";

interface PsOptions {
  tree?: boolean;
  json?: boolean;
  watch?: boolean;
  mermaid?: boolean;
  svg?: string;
}

export function registerPs(program: Command): void {
  program
    .command("ps")
    .description("list the containers of every lab; --tree: each service's processes, threads and sockets")
    .argument("[lab]", "with --tree: which lab (default: the only lab up); without: only this lab's containers")
    .option("--tree", "the process tree of each service, with threads, states and the sockets each holds")
    .option("--json", "with --tree: the same as data")
    .option("--watch", "with --tree: redraw every second until Ctrl-C")
    .option("--mermaid", "with --tree: a Mermaid flowchart of the structure")
    .option("--svg <file>", "with --tree: write an SVG picture of the structure to FILE")
    .action(async (labName: string | undefined, opts: PsOptions) => {
      const treeOnly = opts.json || opts.watch || opts.mermaid || opts.svg !== undefined;
      if (treeOnly && !opts.tree) throw usageError("--json, --watch, --mermaid and --svg go with --tree, e.g. lab ps --tree --json");
      if (opts.watch && (opts.json || opts.mermaid || opts.svg !== undefined)) throw usageError("--watch draws the text tree only: drop --json, --mermaid and --svg");
      if (opts.tree) {
        const { showTree } = await import("./ps-tree.js");
        return showTree(labName, opts);
      }
      await listContainers(labName);
    });
}

async function listContainers(only: string | undefined): Promise<void> {
  const docker = dockerClient();
  const filter = { [LAB_LABEL]: only ?? "" };
  const [containers, networks] = await Promise.all([docker.listContainers(filter), docker.listNetworks(filter)]);
  const rows = containers.map((c) => [
    c.labels[LAB_LABEL] ?? "",
    c.labels[SERVICE_LABEL] ?? "",
    c.labels[ROLE_LABEL] ?? "program",
    c.name,
    c.state,
    Object.values(c.addresses).join(",") || "-",
  ]);
  // A lab whose containers are all gone still holds its network until `lab down`.
  const withContainers = new Set(containers.map((c) => c.labels[LAB_LABEL]));
  for (const n of networks) {
    const lab = n.labels[LAB_LABEL] ?? "";
    if (!withContainers.has(lab)) rows.push([lab, "-", "network", n.name, "no containers", "-"]);
  }
  if (rows.length === 0) return say(only ? `no lab '${only}' is up` : "no lab is up");
  const head = ["LAB", "SERVICE", "ROLE", "CONTAINER", "STATE", "ADDRESS"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  for (const r of [head, ...rows.sort()]) say(r.map((v, i) => v.padEnd(widths[i] ?? 0)).join("  ").trimEnd());
}
