// The example grader in lab/grade/README.md is test/readme-grader.test.ts, verbatim: what
// an instructor copies is what the integration suite runs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { projectRoot } from "../paths.js";

test("README's example grader is the test file, verbatim", () => {
  const readme = readFileSync(join(projectRoot(), "lab/grade/README.md"), "utf8");
  const example = readFileSync(join(projectRoot(), "test/readme-grader.test.ts"), "utf8");
  expect(readme).toContain("```ts\n" + example + "```");
});
