import { PassThrough } from "node:stream";
import { describe, expect, test } from "vitest";
import type { DockerClient } from "../docker/docker-client.js";
import type { StartedService } from "../lab/service.js";
import type { ServiceSpec } from "../topology/topology.js";
import { StdinAttachments } from "./input-step.js";
import { loadScenario } from "./load-scenario.js";
import { describeStep } from "./run-steps.js";
import { MINIMAL, scenarioRoot } from "./testing/scenario-folder.js";

function load(yml: string) {
  using root = scenarioRoot();
  return loadScenario(root.add("x", yml));
}

const withInput = (step: string) => MINIMAL.replace("  - run: probe-client", `${step}\n  - run: probe-client`);

describe("the input step in scenario.yml", () => {
  test("types into a started program or a service the lab starts; the text is kept as YAML gives it", () => {
    const s = load(withInput('  - input: probe-server\n    text: "hello\\r"\n  - input: server\n    text: "\\x04"'));
    const steps = s.cases[0]!.steps;
    expect(steps[1]).toEqual({ kind: "input", target: "probe-server", text: "hello\r" });
    expect(steps[2]).toEqual({ kind: "input", target: "server", text: "\x04" });
    expect(describeStep(steps[1]!)).toBe('type into probe-server: "hello\\r"');
  });
  test("a lone newline is something to type", () => {
    expect(load(withInput('  - input: probe-server\n    text: "\\n"')).cases[0]!.steps[1]).toMatchObject({ text: "\n" });
  });
  test("bad input steps are one line naming the field", () => {
    const problem = (step: string) => {
      try {
        load(withInput(step));
      } catch (err) {
        return (err as Error).message.replace(/^.*?scenario\.yml: /, "");
      }
      throw new Error("it loaded");
    };
    expect(problem("  - input: nobody\n    text: hi")).toBe("steps[1].input: 'nobody' is neither a service the lab starts nor a program an earlier step started");
    expect(problem("  - input: probe-client\n    text: hi")).toBe("steps[1].input: 'probe-client' is neither a service the lab starts nor a program an earlier step started");
    expect(problem("  - input: probe-server")).toBe('steps[1].text: is required: what to type, e.g. "hello\\n"');
    expect(problem("  - input: probe-server\n    text: hi\n    eof: true")).toMatch(/^steps\[1\]\.eof: unknown field/);
  });
});

/** A Docker client that only attaches: each attach hands out a fresh stdin and records what it got. */
function attachingDocker(running = true) {
  const attached: Array<{ id: string; tty: boolean; typed: string; stdin: PassThrough }> = [];
  const docker = {
    inspectContainer: async () => ({ running }),
    attach: async (id: string, tty: boolean) => {
      const stdin = new PassThrough();
      const record = { id, tty, typed: "", stdin };
      stdin.on("data", (b: Buffer) => (record.typed += b.toString()));
      attached.push(record);
      return { stdin, stdout: new PassThrough(), stderr: new PassThrough() };
    },
  } as unknown as DockerClient;
  return { docker, attached };
}

const program = { containerId: "c1" } as StartedService;
const spec = (over: Partial<ServiceSpec> = {}) => ({ name: "p2pclient", stdinOpen: true, tty: true, ...over }) as ServiceSpec;

describe("StdinAttachments", () => {
  test("one attachment per program, kept from one input to the next, closed when the program ends", async () => {
    const { docker, attached } = attachingDocker();
    const stdin = new StdinAttachments(docker);
    await stdin.write("p2pclient", program, spec(), "hello\r");
    await stdin.write("p2pclient", program, spec(), "\x04");
    expect(attached.map((a) => [a.id, a.tty, a.typed])).toEqual([["c1", true, "hello\r\x04"]]);
    stdin.close("p2pclient");
    expect(attached[0]!.stdin.destroyed).toBe(true);
    await stdin.write("p2pclient", program, spec({ tty: false }), "again\n");
    expect(attached.map((a) => a.tty)).toEqual([true, false]);
    stdin.closeAll();
    expect(attached[1]!.stdin.destroyed).toBe(true);
  });
  test("a service without stdin_open, or a program that has ended, is one clear error", async () => {
    await expect(new StdinAttachments(attachingDocker().docker).write("srv", program, spec({ name: "probe-server", stdinOpen: false }), "x")).rejects.toThrow(
      "srv: service probe-server has no 'stdin_open: true', so nothing can be typed into it",
    );
    await expect(new StdinAttachments(attachingDocker(false).docker).write("p2pclient", program, spec(), "x")).rejects.toThrow("p2pclient is not running: nothing reads its stdin");
  });
});
