// Public API of scenarios: load scenarios/<name>/scenario.yml, run them (each case in its
// own lab), and read what they leave (result.json, report.html). See scenarios/README.md.
export { loadScenario, loadScenarios, scenariosDir, tryLoadScenario, SCENARIO_FILE, type ScenarioSet } from "./load-scenario.js";
export { runScenario, runScenarios, caseLabName, type RunScenariosOptions } from "./run-scenarios.js";
export { runCase, type CaseOptions } from "./run-case.js";
export { verdictLine, type Verdict } from "./verdict.js";
export { renderReport } from "./report.js";
export { RESULT_FORMAT, type CaseResult, type ScenarioResult, type CaptureRecord, type LadderRecord } from "./result.js";
export type { Assertion, BrokenScenario, Scenario, ScenarioCase, Step } from "./types.js";
