// The outcome of one assertion, with its evidence: what was expected and what was seen.

export interface Verdict {
  /** Where the assertion is in scenario.yml, e.g. `expect[3]`. */
  id: string;
  kind: string;
  title: string;
  passed: boolean;
  expected: string;
  seen: string;
  /** The longer story when it failed (a trace assertion's segments and ladder, the lines looked at). */
  detail?: string;
  /** The assertion as scenario.yml gave it, resolved (regular expressions as /text/). */
  assertion?: Record<string, unknown>;
}

export const pass = (expected: string, seen: string): Pick<Verdict, "passed" | "expected" | "seen"> => ({ passed: true, expected, seen });

export const fail = (expected: string, seen: string, detail?: string): Pick<Verdict, "passed" | "expected" | "seen" | "detail"> => ({
  passed: false,
  expected,
  seen,
  ...(detail ? { detail } : {}),
});

/** `PASS  title: expected X, seen Y` (one line: the evidence cut to what fits). */
export function verdictLine(v: Verdict): string {
  const one = (s: string) => {
    const first = s.split("\n")[0] ?? "";
    return first.length > 160 ? `${first.slice(0, 157)}...` : s.includes("\n") ? `${first} ...` : first;
  };
  return `${v.passed ? "PASS" : "FAIL"}  ${v.title}: expected ${one(v.expected)}; seen ${one(v.seen)}`;
}
