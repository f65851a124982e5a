// The steps no shipped scenario needs, run for real: restart (the earlier run kept as
// name@1), signal, wait for a log line and for an exit, exec in a program, and a ps count.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { loadScenario, runScenario } from "../lab/scenario/index.js";
import { scenarioRoot } from "../lab/scenario/testing/scenario-folder.js";
import { integration, testLabPrefix } from "./support/docker-ready.js";

const out = mkdtempSync(join(tmpdir(), "socklab-scenario-steps-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const YML = `title: every other step
tags: [test]
topology: probe
capture: [server]
steps:
  - start: probe-server
    as: srv
    args: close
  - wait: srv
    log: "listening on port 1234"
  - restart: srv
    args: --max-conns 1 read write:3 close
  - exec: srv
    command: ps -eo pid,ppid,stat,comm
    as: ps-srv
  - start: probe-server
    as: other
    command: probe-server -P 2000
  - signal: other
    name: SIGINT
  - wait: other
    exit: true
  - run: probe-client
    args: connect write:3 readall close
  - wait: srv
    exit: true
expect:
  - exit: srv@1
    title: "the first run of srv was stopped by the restart (SIGTERM: it prints its exit line, exit 0)"
    code: 0
  - output: srv@1
    stream: stdout
    matches: '"exit":0'
  - exit: srv
    title: "the restarted srv served one connection and exited by itself"
    code: 0
  - syscall: srv
    call: write
    ret: 3
  - ps: ps-srv
    command: probe-server
    count: 1
  - exit: other
    code: 0
  - syscall: probe-client
    call: readall
    ret: 3
  - wire: connections
    count: 1
`;

integration("scenario steps", () => {
  test("restart, signal, wait (log and exit), exec in a program", async () => {
    using root = scenarioRoot();
    const scenario = loadScenario(root.add("steps", YML));
    const r = await runScenario(scenario, { outRoot: out, labPrefix: testLabPrefix() });
    const c = r.cases[0]!;
    expect(c.steps.filter((s) => s.error)).toEqual([]);
    expect(c.verdicts.filter((v) => !v.passed)).toEqual([]);
    expect(c.programs.map((p) => p.name).sort()).toEqual(["other", "probe-client", "ps-srv", "srv", "srv@1"]);
    expect(c.programs.find((p) => p.name === "srv")?.argv).toEqual(["probe-server", "-P", "1234", "--max-conns", "1", "read", "write:3", "close"]);
  });
});
