import { defineConfig } from "vitest/config";

// Two projects: fast unit tests that live beside the modules, and the integration
// suite under test/ that drives a real Docker engine (serially: 2 cores, shared engine).
export default defineConfig({
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
