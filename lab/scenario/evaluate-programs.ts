// Judging the assertions on programs: exit status and terminating signal, the probe
// programs' JSON lines, output, and `ss -tan` / `ps` output kept by an exec step.
import { countHolds, describeCount } from "../assert/index.js";
import { callLines, describeCall, type CallLine, type ProgramRecord } from "./program-record.js";
import { judgeJson } from "./json-assertion.js";
import { describeExit, terminatingSignal } from "./signals.js";
import type { ProgramAssertion } from "./types.js";
import { fail, pass, type Verdict } from "./verdict.js";

type Judged = Pick<Verdict, "passed" | "expected" | "seen" | "detail">;

export function judgeProgram(a: ProgramAssertion, programs: ReadonlyMap<string, ProgramRecord>): Judged {
  const rec = programs.get(a.program);
  if (!rec) return fail(`a program named ${a.program}`, "no such program ran (an earlier step failed?)");
  switch (a.kind) {
    case "exit":
      return judgeExit(a, rec);
    case "syscall":
      return judgeSyscall(a, rec);
    case "output":
      return judgeOutput(a, rec);
    case "json":
      return judgeJson(a, rec);
    case "ss":
      return judgeSs(a, rec);
    case "ps":
      return judgePs(a, rec);
  }
}

function judgeExit(a: Extract<ProgramAssertion, { kind: "exit" }>, rec: ProgramRecord): Judged {
  const expected = [a.code !== undefined ? `exit ${a.code}` : "", a.signal ? `killed by ${a.signal}` : ""].filter(Boolean).join(" and ");
  if (rec.exitCode === undefined) return fail(expected, "it had not exited", lastLines(rec));
  const seen = describeExit(rec.exitCode);
  const ok = (a.code === undefined || rec.exitCode === a.code) && (a.signal === undefined || terminatingSignal(rec.exitCode) === a.signal);
  return ok ? pass(expected, seen) : fail(expected, seen, lastLines(rec));
}

function judgeSyscall(a: Extract<ProgramAssertion, { kind: "syscall" }>, rec: ProgramRecord): Judged {
  const all = callLines(rec.stdout);
  const ofCall = all.filter((l) => l.call === a.call && (a.conn === undefined || l.conn === a.conn));
  const line = a.nth === "last" ? ofCall[ofCall.length - 1] : ofCall[a.nth - 1];
  const which = `${a.nth === "last" ? "last" : `#${a.nth}`} ${a.call}()${a.conn !== undefined ? ` on conn ${a.conn}` : ""}`;
  const wanted = [
    a.arg !== undefined ? `arg ${a.arg}` : "",
    a.ret !== undefined ? `ret ${a.ret}` : "",
    a.errno !== undefined ? `errno ${a.errno ?? "null (success)"}` : "",
  ].filter(Boolean);
  const expected = `${which}: ${wanted.join(", ")}`;
  const listing = all.length ? `${rec.name}'s system calls:\n${all.map((l) => `  ${describeCall(l)}`).join("\n")}` : `${rec.name} printed no JSON lines:\n${lastLines(rec)}`;
  if (!line) return fail(expected, `${ofCall.length} ${a.call}() line(s) only`, listing);
  const ok = (a.ret === undefined || line.ret === a.ret) && (a.errno === undefined || (line.errno ?? null) === a.errno) && (a.arg === undefined || sameArg(line, a.arg));
  return ok ? pass(expected, describeCall(line)) : fail(expected, describeCall(line), listing);
}

const sameArg = (line: CallLine, arg: string | number | null): boolean => (line.arg ?? null) === arg || String(line.arg) === String(arg);

function streamOf(rec: ProgramRecord, stream: "stdout" | "stderr" | "both"): string {
  return stream === "both" ? [rec.stdout, rec.stderr].filter(Boolean).join("\n") : rec[stream];
}

function judgeOutput(a: Extract<ProgramAssertion, { kind: "output" }>, rec: ProgramRecord): Judged {
  const text = streamOf(rec, a.stream);
  if (a.bounds && a.matches) return judgeOutputCount(a, text, rec);
  const expected = [a.matches ? `a line matching /${a.matches.source}/` : "", a.notMatches ? `no line matching /${a.notMatches.source}/` : ""].filter(Boolean).join(" and ");
  const hit = a.matches ? text.split("\n").find((l) => a.matches!.test(l)) : undefined;
  const bad = a.notMatches ? text.split("\n").find((l) => a.notMatches!.test(l)) : undefined;
  if (a.matches && hit === undefined) return fail(expected, "no such line", lastLines(rec));
  if (bad !== undefined) return fail(expected, `the line "${bad}"`, lastLines(rec));
  return pass(expected, hit !== undefined ? `"${hit.trim()}"` : "no such line");
}

function judgeOutputCount(a: Extract<ProgramAssertion, { kind: "output" }>, text: string, rec: ProgramRecord): Judged {
  const lines = text.split("\n").filter((l) => a.matches!.test(l) && !(a.notMatches && a.notMatches.test(l)));
  const expected = `${describeCount(a.bounds!)} line(s) matching /${a.matches!.source}/`;
  const seen = `${lines.length}${lines.length ? `: "${lines[0]!.trim()}"${lines.length > 1 ? ", ..." : ""}` : ""}`;
  return countHolds(lines.length, a.bounds!) ? pass(expected, seen) : fail(expected, seen, lastLines(rec));
}

interface SocketRow {
  state: string;
  local: string;
  peer: string;
}

/** Rows of `ss -tan` (or -uan): State Recv-Q Send-Q Local Peer. */
export function parseSs(text: string): SocketRow[] {
  return text
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((w) => w.length >= 5 && w[0] !== "State" && w[0] !== "Netid")
    .map((w) => ({ state: w[0] ?? "", local: w[3] ?? "", peer: w[4] ?? "" }));
}

const portOf = (endpoint: string): number => Number(endpoint.slice(endpoint.lastIndexOf(":") + 1));

function judgeSs(a: Extract<ProgramAssertion, { kind: "ss" }>, rec: ProgramRecord): Judged {
  const rows = parseSs(rec.stdout).filter((r) => (!a.states || a.states.includes(r.state)) && (a.port === undefined || portOf(r.local) === a.port || portOf(r.peer) === a.port));
  const expected = `${describeCount(a.bounds)} socket(s)${a.states ? ` in ${a.states.join(" or ")}` : ""}${a.port ? ` on port ${a.port}` : ""}`;
  const seen = `${rows.length}${rows.length ? `: ${rows.slice(0, 3).map((r) => `${r.state} ${r.local} ${r.peer}`).join("; ")}${rows.length > 3 ? "; ..." : ""}` : ""}`;
  const detail = `${rec.argv.join(" ")} said:\n${rec.stdout.trimEnd() || "(nothing)"}`;
  return countHolds(rows.length, a.bounds) ? pass(expected, seen) : fail(expected, seen, detail);
}

interface ProcessLine {
  state: string;
  command: string;
  ppid?: number;
}

/** Rows of `ps -eo pid,ppid,stat,comm` (any columns, read by the header). */
export function parsePsTable(text: string): ProcessLine[] {
  const [header, ...rows] = text.split("\n").filter((l) => l.trim());
  const cols = (header ?? "").trim().split(/\s+/);
  const stat = cols.findIndex((c) => c === "STAT" || c === "S");
  const cmd = cols.findIndex((c) => c === "COMMAND" || c === "CMD" || c === "COMM");
  const ppid = cols.indexOf("PPID");
  return rows.map((l) => {
    const w = l.trim().split(/\s+/);
    return {
      state: stat >= 0 ? (w[stat] ?? "") : "",
      command: cmd >= 0 ? w.slice(cmd).join(" ") : l.trim(),
      ...(ppid >= 0 ? { ppid: Number(w[ppid]) } : {}),
    };
  });
}

function judgePs(a: Extract<ProgramAssertion, { kind: "ps" }>, rec: ProgramRecord): Judged {
  const rows = parsePsTable(rec.stdout).filter(
    (r) => (!a.command || a.command.test(r.command)) && (!a.state || r.state.startsWith(a.state)) && (a.ppid === undefined || r.ppid === a.ppid),
  );
  const expected = `${describeCount(a.bounds)} process(es)${a.command ? ` running /${a.command.source}/` : ""}${a.state ? ` in state ${a.state}` : ""}${a.ppid !== undefined ? ` with parent PID ${a.ppid}` : ""}`;
  const seen = `${rows.length}${rows.length ? `: ${rows.slice(0, 4).map((r) => `${r.command} (${r.state}${r.ppid !== undefined ? `, ppid ${r.ppid}` : ""})`).join(", ")}` : ""}`;
  const detail = `${rec.argv.join(" ")} said:\n${rec.stdout.trimEnd() || "(nothing)"}`;
  return countHolds(rows.length, a.bounds) ? pass(expected, seen) : fail(expected, seen, detail);
}

function lastLines(rec: ProgramRecord): string {
  const tail = (s: string) => s.trimEnd().split("\n").slice(-8).join("\n");
  return [`${rec.argv.join(" ")}: ${rec.exitCode === undefined ? "still running" : describeExit(rec.exitCode)}`, rec.stdout.trim() ? `stdout:\n${tail(rec.stdout)}` : "", rec.stderr.trim() ? `stderr:\n${tail(rec.stderr)}` : ""]
    .filter(Boolean)
    .join("\n");
}
