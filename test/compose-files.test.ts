// Every topology the lab reads is also a file Compose itself accepts.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { composeDir } from "../lab/paths.js";
import { integration } from "./support/docker-ready.js";

const files = readdirSync(composeDir()).filter((f) => f.endsWith(".yml"));

integration("docker-compose config accepts every file in compose/", () => {
  test("there are topologies to check", () => {
    expect(files).toEqual(expect.arrayContaining(["server.yml", "chat.yml"]));
  });
  for (const file of files) {
    test(file, () => {
      const r = spawnSync("docker-compose", ["-f", join(composeDir(), file), "config", "-q"], { encoding: "utf8" });
      expect(r.error).toBeUndefined();
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    });
  }
});
