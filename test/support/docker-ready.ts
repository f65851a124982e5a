// Integration suites start with `integration(...)` instead of `describe(...)`: under CI a
// Docker problem already failed the global setup; elsewhere the suite is skipped and the
// setup printed why.
import { describe, inject } from "vitest";

export const dockerProblem = (): string => inject("dockerProblem");
export const labImage = (): string => inject("labImage");

export const integration = describe.skipIf(dockerProblem() !== "" && process.env.CI !== "true");

/**
 * Test labs are named with this prefix (SOCKLAB_TEST_PREFIX, default "t-"), and the global
 * teardown removes exactly those: two suites on one engine, each with its own prefix,
 * leave each other alone.
 */
export const testLabPrefix = (): string => process.env.SOCKLAB_TEST_PREFIX ?? "t-";
export const testLab = (name: string): string => `${testLabPrefix()}${name}`;
