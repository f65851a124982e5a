import { afterEach, describe, expect, test, vi } from "vitest";
import { ExitCode } from "../errors.js";
import { handleError } from "./handle-error.js";

describe("handleError", () => {
  afterEach(() => vi.restoreAllMocks());
  const written = () => {
    const spy = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    return () => spy.mock.calls.map((c) => String(c[0])).join("");
  };

  test("a socket that cannot be reached is exit 3", () => {
    const out = written();
    const err = Object.assign(new Error("connect ENOENT /nope.sock"), { code: "ENOENT", syscall: "connect" });
    expect(handleError(err)).toBe(ExitCode.DOCKER);
    expect(out()).toMatch(/^lab: no Docker engine answers at /);
  });

  test("a host that does not resolve is exit 3", () => {
    written();
    expect(handleError(Object.assign(new Error("getaddrinfo ENOTFOUND x"), { code: "ENOTFOUND", syscall: "getaddrinfo" }))).toBe(ExitCode.DOCKER);
  });

  test("output to a closed pipe ends quietly with 141, as a tool killed by SIGPIPE", () => {
    const out = written();
    expect(handleError(Object.assign(new Error("EPIPE: broken pipe, write"), { code: "EPIPE" }))).toBe(141);
    expect(out()).toBe("");
  });

  test("a missing file is not the Docker engine", () => {
    const out = written();
    const err = Object.assign(new Error("ENOENT: no such file or directory, open '/x/y.svg'"), { code: "ENOENT", syscall: "open" });
    expect(handleError(err)).toBe(ExitCode.FAILED);
    expect(out()).not.toMatch(/Docker/);
  });
});
