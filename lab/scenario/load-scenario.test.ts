import { describe, expect, test } from "vitest";
import { join } from "node:path";
import { projectRoot } from "../paths.js";
import { loadScenario, loadScenarios } from "./load-scenario.js";
import { MINIMAL, scenarioRoot } from "./testing/scenario-folder.js";

/** The one-line problem with a scenario.yml (without the file's path). */
function problem(yml: string, readme?: string): string {
  using root = scenarioRoot();
  const folder = root.add("x", yml, readme);
  try {
    loadScenario(folder);
  } catch (err) {
    const message = (err as Error).message;
    expect(message.split("\n")).toHaveLength(1);
    return message.replace(/^.*?scenario\.yml: /, "");
  }
  throw new Error("it loaded");
}

describe("the scenarios of the project", () => {
  const { scenarios, broken } = loadScenarios(join(projectRoot(), "scenarios"));
  test("all of them load, each with a README and its cases", () => {
    expect(broken).toEqual([]);
    expect(scenarios.map((s) => s.name).sort()).toEqual(
      // wire scenarios, then process-table scenarios
      [
        ...["backlog", "delay", "graceful-close", "half-close", "handshake", "linger-abort", "load-trace", "refused", "reuseaddr", "rst-unread", "sigpipe", "udp-unreachable"],
        ...["chat", "double-fork", "eintr", "emfile", "fd-setsize", "slot-table", "sticky-packets", "zombies"],
      ].sort(),
    );
    for (const s of scenarios) expect(s.readme).toMatch(/^# .+\n\n\*\*What happens\.\*\*/);
    const cases = Object.fromEntries(scenarios.map((s) => [s.name, s.cases.map((c) => c.name)]));
    expect(cases["graceful-close"]).toEqual(["client-closes", "server-closes"]);
    expect(cases.sigpipe).toEqual(["default", "ignore-sigpipe"]);
    expect(cases.backlog).toEqual(["default", "abort-on-overflow"]);
    expect(cases["sticky-packets"]).toEqual(["upper-server", "echo-framed-server", "echo-line-server"]);
    expect(cases["fd-setsize"]).toEqual(["select", "poll", "epoll"]);
  });
  test("a case's variables are filled in and its assertions added to the scenario's", () => {
    const gc = scenarios.find((s) => s.name === "graceful-close")!;
    const [client, server] = gc.cases;
    expect(client?.steps[0]).toMatchObject({ kind: "start", service: "probe-server", args: ["readall", "close"] });
    expect(server?.expect.find((a) => a.kind === "graceful-close")).toMatchObject({ activeCloser: "server", id: "expect[4]" });
    const backlog = scenarios.find((s) => s.name === "backlog")!;
    expect(backlog.cases[1]?.services.server?.sysctls).toEqual({ "net.ipv4.tcp_syncookies": "0", "net.ipv4.tcp_abort_on_overflow": "1" });
    expect(backlog.cases[1]?.expect.at(-1)?.id).toBe("cases[1].expect[1]");
  });
});

describe("a malformed scenario is one line naming the field", () => {
  test("YAML that does not parse", () => {
    expect(problem("title: [unclosed\n")).toMatch(/^not valid YAML \(line \d+, column \d+\): /);
  });
  test("missing and unknown fields", () => {
    expect(problem(MINIMAL.replace("title: a minimal scenario\n", ""))).toBe("title: is required");
    expect(problem(`${MINIMAL}titel: x\n`)).toMatch(/^titel: unknown field \(known here: title, tags, topology, cases, variables/);
    expect(problem(MINIMAL.replace("tags: [test]\n", ""))).toBe("tags: is required: a list of topic words, e.g. [tcp, close]");
    expect(problem(MINIMAL.replace("    code: 0\n", "    code: 0\n    cod: 1\n"))).toMatch(/^expect\[0\]\.cod: unknown field/);
  });
  test("a topology that does not exist", () => {
    expect(problem(MINIMAL.replace("topology: probe", "topology: nosuch"))).toMatch(/^topology: 'nosuch' names no file \(.*compose\/nosuch\.yml\)/);
  });
  test("steps that name no service or program", () => {
    expect(problem(MINIMAL.replace("run: probe-client", "run: probe-clint"))).toMatch(
      /^steps\[1\]\.run: 'probe-clint' is not a service of .*probe\.yml \(it has: server, client, probe-server, server-design, probe-client, load\)$/,
    );
    expect(problem(MINIMAL.replace("  - run: probe-client", "  - wait: nobody\n    exit: true\n  - run: probe-client"))).toBe(
      "steps[1].wait: no program 'nobody' was started or run by an earlier step",
    );
    expect(problem(MINIMAL.replace("  - start: probe-server", "  - start: probe-server\n    as: server"))).toBe(
      "steps[0].as: 'server' is the name of a service the lab starts: call the program something else",
    );
    expect(problem(MINIMAL.replace("  - start: probe-server", "  - sleep: 2 seconds"))).toBe('steps[0].sleep: bad duration "2 seconds" (e.g. 5ms, 200us, 1.5s)');
    expect(problem(MINIMAL.replace("  - start: probe-server", "  - start: probe-server\n    sysctls: {net.core.somaxconn: 16}"))).toBe(
      "steps[0].sysctls: probe-server shares the network namespace of its host: set sysctls under services.<host>.sysctls",
    );
    expect(problem(MINIMAL.replace("  - start: probe-server", "  - strat: probe-server"))).toBe(
      "steps[0]: a step needs one of: start, run, wait, signal, stop, restart, sleep, exec, impair, input",
    );
  });
  test("assertions on programs that no step keeps, and bad patterns", () => {
    expect(problem(MINIMAL.replace("exit: probe-client", "exit: client"))).toBe("expect[0].exit: no step keeps a program named 'client' (there are: probe-server, probe-client)");
    expect(problem(`${MINIMAL}  - wire: segments\n    steps: ["c>s S", "s>c X"]\n`)).toBe('expect[1].steps[1]: step "s>c X": unknown flag "X"');
    expect(problem(`${MINIMAL}  - wire: reset\n    by: somebody\n`)).toBe("expect[1].by: 'somebody' must be one of client, server");
    expect(problem(`${MINIMAL}  - wire: handshake\n    capture: client\n`)).toBe("expect[1].capture: 'client' is not captured (capture: server)");
    expect(problem(`${MINIMAL}  - output: probe-client\n    matches: "(unclosed"\n`)).toMatch(/^expect\[1\]\.matches: '\(unclosed' is not a regular expression: /);
    expect(problem(`${MINIMAL}  - ss: probe-client\n    count: 1\n`)).toBe("expect[1].ss: no exec step keeps an output named 'probe-client'");
  });
  test("problems inside a case name the case", () => {
    const cased = `${MINIMAL}cases:\n  - name: one\n    expect:\n      - exit: probe-client\n        signal: SIGFOO\n`;
    expect(problem(cased)).toBe("cases[0].expect[0].signal: 'SIGFOO' is not a signal name (e.g. SIGPIPE)");
    const vars = MINIMAL.replace("args: connect close", "args: ${SCRIPT:?the case sets it}") + "cases:\n  - name: one\n";
    expect(problem(vars)).toBe("cases[0]: variable SCRIPT must be set: the case sets it");
    const badInBase = MINIMAL.replace("code: 0", "code: ${CODE}") + 'cases:\n  - name: one\n    variables: {CODE: "x"}\n';
    expect(problem(badInBase)).toBe("expect[0].code: 'x' is not a number (in case 'one')");
  });
  test("a scenario without a README", () => {
    using root = scenarioRoot();
    const folder = root.add("x", MINIMAL, "");
    expect(() => loadScenario(folder)).toThrow(/x\/README\.md: missing or empty \(what happens, why, what to look for in the pcap\)$/);
  });
  test("a broken folder is reported and the others still load", () => {
    using root = scenarioRoot();
    root.add("good", MINIMAL);
    root.add("bad", MINIMAL.replace("probe-client\n    code", "nobody\n    code"));
    const { scenarios, broken } = loadScenarios(root.dir);
    expect(scenarios.map((s) => s.name)).toEqual(["good"]);
    expect(broken).toEqual([{ name: "bad", dir: join(root.dir, "bad"), problem: expect.stringMatching(/bad\/scenario\.yml: expect\[0\]\.exit: no step keeps a program named 'nobody'/) }]);
  });
});
