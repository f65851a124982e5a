// What a scenario run leaves behind, as result.json holds it (paths relative to its folder).
import type { ProgramRecord } from "./program-record.js";
import type { ImpairmentRecord, StepRecord } from "./run-steps.js";
import type { Verdict } from "./verdict.js";

export const RESULT_FORMAT = "socklab-scenario-result/1";

export interface CaptureRecord {
  service: string;
  /** The pcap and its capture-point JSON, relative to the result folder. */
  pcap: string;
  meta: string;
  packets: number | null;
  tcpConnections: number;
  udpFlows: number;
  /** Why it could not be read, if it could not. */
  problem?: string;
}

export interface LadderRecord {
  capture: string;
  connection: number;
  title: string;
  /** Files relative to the result folder. */
  text: string;
  mermaid: string;
  svg: string;
}

export interface CaseResult {
  name: string;
  title: string;
  lab: string;
  passed: boolean;
  /** Folder of this case's files, relative to the result folder ("" when the scenario has one case). */
  dir: string;
  startedAt: string;
  durationMs: number;
  /** Milliseconds spent in each phase: lab, captures, steps, stop, analysis, down. */
  timings: Record<string, number>;
  steps: StepRecord[];
  programs: ProgramRecord[];
  impairments: ImpairmentRecord[];
  captures: CaptureRecord[];
  ladders: LadderRecord[];
  verdicts: Verdict[];
}

export interface ScenarioResult {
  format: typeof RESULT_FORMAT;
  scenario: string;
  title: string;
  tags: string[];
  /** The folder result.json and report.html are in. */
  dir: string;
  socklab: { version: string; image: string };
  startedAt: string;
  durationMs: number;
  passed: boolean;
  /** Cases in the order of scenario.yml; a case not run (interrupted) is missing. */
  cases: CaseResult[];
}
