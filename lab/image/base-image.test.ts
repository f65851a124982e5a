import { expect, test } from "vitest";
import { hostDebianMirror } from "./base-image.js";

test("the Debian mirror comes from the host's deb822 sources, skipping security", () => {
  const text = "Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm\n";
  const security = "Types: deb\nURIs: http://mirror.example/debian-security\nSuites: bookworm-security\n";
  expect(hostDebianMirror([{ name: "s", text: security }, { name: "d", text }])).toBe("http://mirror.example/debian");
});

test("one-line sources.list format", () => {
  const text = "# comment\ndeb [arch=amd64] http://mirror.example/debian bookworm main\n";
  expect(hostDebianMirror([{ name: "sources.list", text }])).toBe("http://mirror.example/debian");
});

test("no Debian source: undefined", () => {
  expect(hostDebianMirror([{ name: "x", text: "deb http://other/ubuntu jammy main\n" }])).toBeUndefined();
});
