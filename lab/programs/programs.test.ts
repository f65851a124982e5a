import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { projectRoot } from "../paths.js";
import { CLIENT_TEST_LIMITS, SERVER_LIMITS, SERVERS, findServer, loadArgs, serverArgs, serverCommand, serverNames } from "./programs.js";

describe("server catalogue", () => {
  test("the seed aliases server0..server7 map to the UNP designs", () => {
    expect(findServer("server0")?.name).toBe("iterative");
    expect(findServer("server3")?.binary).toBe("prefork-lock-server");
    expect(findServer("server7")?.name).toBe("prethread-queue");
  });

  test("names are unique and there are eleven designs", () => {
    expect(SERVERS).toHaveLength(11);
    const names = serverNames();
    expect(new Set(names).size).toBe(names.length);
  });

  test("an unknown name finds nothing", () => {
    expect(findServer("server9")).toBeUndefined();
  });
});

describe("what each program accepts", () => {
  const src = (file: string) => readFileSync(join(projectRoot(), "images", "src", file), "utf8");
  /** The limits a C program gives parse_long_opt, by flag. */
  const cLimits = (text: string, defines: Record<string, number> = {}) => {
    const num = (v: string) => (v in defines ? (defines[v] as number) : Number(v.replace(/u$/, "")));
    return Object.fromEntries(
      [...text.matchAll(/parse_long_opt\("([^"]+)", optarg, (\w+), (\w+)\)/g)].map((m) => [m[1], { min: num(m[2]!), max: num(m[3]!) }]),
    );
  };
  const unp = src("lib/unp.h");
  const define = (name: string) => Number(new RegExp(`#define\\s+${name}\\s+(\\d+)`).exec(unp)?.[1]);

  test("client_test's limits are the ones in client_test.c", () => {
    const c = cLimits(src("client_test.c"), { REQ_MIN: define("REQ_MIN"), REQ_MAX: define("REQ_MAX") });
    for (const range of Object.values(CLIENT_TEST_LIMITS)) expect({ [range.flag]: c[range.flag] }).toEqual({ [range.flag]: { min: range.min, max: range.max } });
  });

  test("the servers' limits are the ones in lib/server.c", () => {
    const c = cLimits(src("lib/server.c"), { MAX_WORKERS: define("MAX_WORKERS") });
    for (const range of Object.values(SERVER_LIMITS)) expect(c[range.flag]).toEqual({ min: range.min, max: range.max });
  });

  test("--lock and --et belong to the designs whose C source asks for them", () => {
    for (const s of SERVERS) {
      const text = existsSync(join(projectRoot(), "images", "src", `${s.binary}.c`)) ? src(`${s.binary}.c`) : "";
      const flags = /server_parse_args\(argc, argv, ([^,]+),/.exec(text)?.[1] ?? "";
      expect({ [s.name]: [flags.includes("SRV_WORKERS"), flags.includes("SRV_LOCK"), flags.includes("SRV_ET")] }).toEqual({
        [s.name]: [s.hasWorkers, s.hasLock ?? false, s.hasEt ?? false],
      });
    }
  });

  test("a server's command is a list, checked against its design", () => {
    const s3 = findServer("server3")!;
    expect(serverCommand(s3, { workers: 4, lock: "fcntl" })).toEqual(["prefork-lock-server", "-P", "1234", "-t", "4", "--lock", "fcntl"]);
    expect(serverCommand(findServer("epoll")!, { port: 9000, et: true })).toEqual(["epoll-server", "-P", "9000", "--et"]);
    expect(() => serverArgs(findServer("fork")!, { workers: 4 })).toThrow(/^-t: fork has no workers \(designs with workers: prefork, prefork-lock, prefork-passfd, prethread-lock, prethread-queue\)$/);
    expect(() => serverArgs(findServer("fork")!, { lock: "fcntl" })).toThrow("--lock applies to prefork-lock only");
    expect(() => serverArgs(s3, { lock: "flock" })).toThrow("--lock: 'flock' is not pthread or fcntl");
    expect(() => serverArgs(s3, { workers: 1025 })).toThrow("-t: '1025' is not a whole number from 1 to 1024");
    expect(() => serverArgs(findServer("poll")!, { et: true })).toThrow("--et applies to epoll only");
  });

  test("client_test's arguments, with its rule that -r 0 needs --hold", () => {
    expect(loadArgs({ connections: 1_000_000, children: 1024, hold: 86_400, requests: 0, rst: true, json: true })).toEqual([
      "-c", "1000000", "-t", "1024", "-r", "0", "--hold", "86400", "--rst", "--json",
    ]);
    expect(loadArgs({ hold: 10, timeout: 3 })).toEqual(["--hold", "10", "--timeout", "3"]);
    expect(() => loadArgs({ timeout: 86_401 })).toThrow("--timeout: '86401' is not a whole number from 0 to 86400");
    expect(() => loadArgs({ requests: 0 })).toThrow("-r 0 only makes sense with --hold");
    expect(() => loadArgs({ children: 1025 })).toThrow("-t: '1025' is not a whole number from 1 to 1024");
  });
});
