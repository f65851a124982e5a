import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The package's own entry points, from source: tests (and the README's example grader)
// import "socklab" and "socklab/testcontainers" as a user would.
const entry = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Two projects: fast unit tests that live beside the modules, and the integration
// suite under test/ that drives a real Docker engine (serially: 2 cores, shared engine).
export default defineConfig({
  resolve: {
    alias: [
      { find: /^socklab\/testcontainers$/, replacement: entry("./lab/testcontainers/index.ts") },
      { find: /^socklab$/, replacement: entry("./lab/index.ts") },
    ],
  },
  test: {
    // The JSON report lets .ci/run print one plain "N passed, N failed" line at the end.
    reporters: ["default", ["json", { outputFile: ".vitest-results.json" }]],
    projects: [
      {
        test: {
          name: "unit",
          include: ["lab/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          globalSetup: ["test/global-setup.ts"],
          testTimeout: 300_000,
          hookTimeout: 900_000,
          fileParallelism: false,
          env: {
            TESTCONTAINERS_RYUK_DISABLED: "true",
            TESTCONTAINERS_HOST_OVERRIDE: "localhost",
          },
        },
      },
    ],
  },
});
