// `increasing: true` on an `output` assertion: the number that the first group of `matches`
// captures, line after line, must grow every time (at least two lines), e.g. a busy-polling
// server's EAGAIN count read twice while no client is there:
//   - output: server
//     matches: 'EAGAIN: (\d+)'
//     increasing: true
import type { Verdict } from "./verdict.js";
import { fail, pass } from "./verdict.js";

type Judged = Pick<Verdict, "passed" | "expected" | "seen" | "detail">;

export function judgeIncreasing(matches: RegExp, text: string, tail: string): Judged {
  const values = text
    .split("\n")
    .map((l) => matches.exec(l)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number);
  const expected = `at least 2 lines matching /${matches.source}/, the number captured growing each time`;
  const seen = values.length ? `${values.join(" -> ")} (${values.length} line(s))` : "no such line";
  if (values.length < 2 || values.some((v) => Number.isNaN(v))) return fail(expected, seen, tail);
  const grows = values.every((v, i) => i === 0 || v > values[i - 1]!);
  return grows ? pass(expected, seen) : fail(expected, seen, tail);
}
