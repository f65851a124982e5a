// Integration suites start with `integration(...)` instead of `describe(...)`: under CI a
// Docker problem already failed the global setup; elsewhere the suite is skipped and the
// setup printed why.
import { describe, inject } from "vitest";

export const dockerProblem = (): string => inject("dockerProblem");
export const labImage = (): string => inject("labImage");

export const integration = describe.skipIf(dockerProblem() !== "" && process.env.CI !== "true");
