import type { Command } from "commander";
import { dockerClient } from "../../docker/connect.js";
import { LAB_LABEL, ROLE_LABEL, SERVICE_LABEL } from "../../docker/labels.js";
import { say } from "../output.js";

export function registerPs(program: Command): void {
  program
    .command("ps")
    .description("list the containers of every lab")
    .action(async () => {
      const docker = dockerClient();
      const [containers, networks] = await Promise.all([docker.listContainers({ [LAB_LABEL]: "" }), docker.listNetworks({ [LAB_LABEL]: "" })]);
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
      if (rows.length === 0) return say("no lab is up");
      const head = ["LAB", "SERVICE", "ROLE", "CONTAINER", "STATE", "ADDRESS"];
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
      for (const r of [head, ...rows.sort()]) say(r.map((v, i) => v.padEnd(widths[i] ?? 0)).join("  ").trimEnd());
    });
}
