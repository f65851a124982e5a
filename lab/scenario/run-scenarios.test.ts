import { expect, test } from "vitest";
import { validateLabName } from "../lab/lab.js";
import { caseLabName } from "./run-scenarios.js";

test("each case's lab: sc-<scenario>-<case>-<random>, behind a prefix, a valid lab name however long", () => {
  expect(caseLabName("", "refused", "default")).toMatch(/^sc-refused-[0-9a-f]{6}$/);
  expect(caseLabName("", "graceful-close", "server-closes")).toMatch(/^sc-graceful-close-server-closes-[0-9a-f]{6}$/);
  const long = caseLabName("scen-", "backlog", "abort-on-overflow");
  expect(long).toMatch(/^scen-sc-backlog-abort-on-overflow-[0-9a-f]{6}$/);
  const longest = caseLabName("a-long-prefix-16", "udp-unreachable", "a-case-with-a-long-name");
  expect(longest.length).toBeLessThanOrEqual(41);
  expect(() => validateLabName(longest)).not.toThrow();
  expect(caseLabName("", "x", "y")).not.toBe(caseLabName("", "x", "y"));
});
