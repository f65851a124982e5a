// Scenario folders made on the fly for tests: a scenarios/ root in a temporary directory
// with the folders a test needs, removed by `await using`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ScenarioRoot extends Disposable {
  dir: string;
  add(name: string, yml: string, readme?: string): string;
}

export function scenarioRoot(): ScenarioRoot {
  const dir = mkdtempSync(join(tmpdir(), "socklab-scenarios-"));
  return {
    dir,
    add(name, yml, readme = `# ${name}\n\nWhat happens, and why.\n`) {
      const folder = join(dir, name);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, "scenario.yml"), yml);
      if (readme) writeFileSync(join(folder, "README.md"), readme);
      return folder;
    },
    [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A small valid scenario on compose/probe.yml; `extra` is appended (YAML). */
export const MINIMAL = `title: a minimal scenario
tags: [test]
topology: probe
capture: [server]
steps:
  - start: probe-server
  - run: probe-client
    args: connect close
expect:
  - exit: probe-client
    code: 0
`;
