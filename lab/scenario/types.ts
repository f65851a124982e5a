// A scenario as the runner sees it once scenario.yml is read and checked: one resolved
// ScenarioCase per case (variables interpolated, the case's additions merged).
import type { CountBounds } from "../assert/index.js";
import type { ConnectionChoice } from "./select-connections.js";
import type { InputStep } from "./input-step.js";
import type { Impairment } from "../netem/impairment.js";
import type { Ulimit } from "../topology/topology.js";

export interface ServiceSettings {
  sysctls?: Record<string, string>;
  ulimits?: Ulimit[];
}

interface ProgramSettings {
  /** A service of the topology. */
  service: string;
  /** The name the program's results are kept under (default: the service's name). */
  as: string;
  command?: string[];
  args: string[];
  ulimits?: Ulimit[];
  sysctls?: Record<string, string>;
  timeoutMs: number;
}

export type Step =
  | ({ kind: "start"; waitReady: boolean } & ProgramSettings)
  | ({ kind: "run" } & ProgramSettings)
  | { kind: "wait"; program: string; log?: RegExp; json?: Record<string, unknown>; exit?: boolean; timeoutMs: number }
  | { kind: "signal"; program: string; signal: string }
  | { kind: "stop"; program: string; timeoutMs: number }
  | ({ kind: "restart"; program: string } & Partial<Pick<ProgramSettings, "command" | "args">> & { timeoutMs: number })
  | { kind: "sleep"; ms: number }
  | { kind: "exec"; target: string; as: string; command: string[]; user?: string; timeoutMs: number }
  | { kind: "impair"; service: string; impairment: Impairment }
  | InputStep;

/** Which capture and which connection(s) a wire assertion looks at. */
export interface WireTarget {
  /** The captured service (default: the first in `capture`). */
  capture: string;
  connection: ConnectionChoice;
  /** Every connection the selector matches (at least one), not just the one it picks. */
  each: boolean;
}

export type ProgramAssertion =
  | { kind: "exit"; program: string; code?: number; signal?: string }
  | {
      kind: "syscall";
      program: string;
      call: string;
      /** 1-based among the lines of that call (and conn), or "last". */
      nth: number | "last";
      conn?: number;
      ret?: number;
      /** null: the call succeeded (errno null in the JSON line). */
      errno?: string | null;
      arg?: string | number | null;
    }
  | {
      kind: "output";
      program: string;
      stream: "stdout" | "stderr" | "both";
      matches?: RegExp;
      notMatches?: RegExp;
      /** With `matches`: how many lines must match (instead of at least one). */
      bounds?: CountBounds;
    }
  | { kind: "json"; program: string; where: Record<string, string>; nth: number | "last"; fields: Record<string, JsonFieldWant>; bounds?: CountBounds }
  | { kind: "ss"; program: string; states?: string[]; port?: number; bounds: CountBounds }
  | { kind: "ps"; program: string; command?: RegExp; state?: string; ppid?: number; bounds: CountBounds };

/** What a field of a program's JSON line must be: equal to a value, or a number within bounds. */
export type JsonFieldWant = { equals: string } | { bounds: CountBounds };

export type WireAssertion = WireTarget &
  (
    | { kind: "segments"; steps: string[] }
    | { kind: "handshake" }
    | { kind: "graceful-close"; activeCloser?: "client" | "server" | "simultaneous" }
    | { kind: "reset"; by: "client" | "server"; cause?: "connection-refused" | "data-after-close" | "abortive-close" | "unknown" }
    | { kind: "retransmission"; side?: "client" | "server" }
    | { kind: "handshake-rtt"; atLeast?: string; atMost?: string }
    | { kind: "syn-retransmissions"; bounds: CountBounds }
    | { kind: "segment-count"; pattern: string; bounds: CountBounds }
    | { kind: "connections"; bounds: CountBounds }
    | { kind: "icmp-port-unreachable"; flow: ConnectionChoice }
    | { kind: "bytes"; toServer?: number; toClient?: number }
  );

export type Assertion = (ProgramAssertion | WireAssertion) & {
  /** Where it is in scenario.yml, e.g. `expect[3]`. */
  id: string;
  /** What it claims, in words (from `title`, or made from the fields). */
  title: string;
};

export interface ScenarioCase {
  /** "default" for a scenario without cases. */
  name: string;
  title: string;
  variables: Record<string, string>;
  services: Record<string, ServiceSettings>;
  capture: string[];
  steps: Step[];
  expect: Assertion[];
  /** Extra connections to draw, besides those the wire assertions look at. */
  ladders: Array<{ capture: string; connection: ConnectionChoice }>;
  timeoutMs: number;
}

export interface Scenario {
  name: string;
  dir: string;
  file: string;
  title: string;
  tags: string[];
  /** The topology file (absolute). */
  topology: string;
  readme: string;
  cases: ScenarioCase[];
}

/** A folder under scenarios/ whose definition could not be read. */
export interface BrokenScenario {
  name: string;
  dir: string;
  problem: string;
}
