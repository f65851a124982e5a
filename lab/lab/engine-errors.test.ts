import { describe, expect, test } from "vitest";
import { LabError } from "../errors.js";
import { explainExecFailure, explainNetworkError, explainStartError } from "./engine-errors.js";

const engine = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode });

describe("explainStartError", () => {
  test("a missing image is 'not found' (exit 4), in one line", () => {
    const e = explainStartError(engine(404, "(HTTP code 404) no such container - No such image: nosuch:latest "), "l-server", "nosuch:latest");
    expect(e).toBeInstanceOf(LabError);
    expect((e as LabError).exitCode).toBe(4);
    expect((e as LabError).message).toBe("l-server: image 'nosuch:latest' does not exist (build it, or `lab setup` for the lab's own)");
  });

  test("an rlimit the engine cannot grant is named without the runc chatter", () => {
    const raw = "(HTTP code 500) server error - failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error setting rlimits for ready process: error setting rlimit type 7: operation not permitted: unknown\n";
    const e = explainStartError(engine(500, raw), "l-server", "img") as LabError;
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe("l-server: the Docker engine cannot grant these ulimits (error setting rlimit type 7: operation not permitted): its own limit is lower; use smaller values");
  });

  test("anything else is passed through untouched", () => {
    const raw = engine(500, "something else");
    expect(explainStartError(raw, "c", "i")).toBe(raw);
  });
});

describe("explainExecFailure", () => {
  const oci = (what: string) => ({ exitCode: 126, stdout: `OCI runtime exec failed: exec failed: unable to start container process: exec: ${what}: unknown\r\n` });
  test("a command that does not exist is 127, one line, not the OCI text", () => {
    expect(explainExecFailure(oci('"nosuchcmd": executable file not found in $PATH'), "nosuchcmd", "l-server")).toEqual({
      line: "nosuchcmd: command not found in l-server",
      exitCode: 127,
    });
  });
  test("one that cannot run is 126 with the reason", () => {
    expect(explainExecFailure(oci('"/etc/passwd": permission denied'), "/etc/passwd", "l-server")).toEqual({
      line: "/etc/passwd: cannot run in l-server (\"/etc/passwd\": permission denied)",
      exitCode: 126,
    });
  });
  test("a program that ran and exited 126 itself is left alone", () => {
    expect(explainExecFailure({ exitCode: 126, stdout: "hello\n" }, "sh", "c")).toBeUndefined();
  });
});

describe("explainNetworkError", () => {
  test("no address pool left: one line naming the network and what to remove", () => {
    // The engine's words for the 31st network on this machine's default pools, as
    // `docker network create` printed them, in dockerode's wrapping (only the words are matched).
    const raw = engine(500, "(HTTP code 500) server error - could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network ");
    const e = explainNetworkError(raw, "socklab-bench-fork") as LabError;
    expect(e).toBeInstanceOf(LabError);
    expect(e.message).toMatch(/^socklab-bench-fork: the Docker engine has no address range left for another network .*`lab ps`/);
    expect(e.message).not.toContain("\n");
  });

  test("anything else is rethrown as it is", () => {
    const raw = engine(500, "boom");
    expect(explainNetworkError(raw, "n")).toBe(raw);
  });
});
