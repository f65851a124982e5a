import { describe, expect, test } from "vitest";
import { SERVERS, findServer, serverNames } from "./programs.js";

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
