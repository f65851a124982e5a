// What a scenario keeps of each program it started, ran or exec'd: its command, exit
// status and output, and the JSON lines the probe programs print (one per system call).

export interface ProgramRecord {
  name: string;
  /** The service (or, for an exec, the container) it ran in. */
  service: string;
  kind: "start" | "run" | "exec";
  argv: string[];
  /** Milliseconds since the case started. */
  startedMs: number;
  endedMs?: number;
  /** Undefined while it runs (or when it never ended). */
  exitCode?: number;
  stdout: string;
  stderr: string;
}

/** One line of a probe program: {"t_ms":..,"conn":..,"call":..,"arg":..,"ret":..,"errno":..} or {"t_ms":..,"exit":0}. */
export interface CallLine {
  t_ms?: number;
  conn?: number;
  call?: string;
  arg?: string | number | null;
  ret?: number;
  errno?: string | null;
  exit?: number;
  [key: string]: unknown;
}

/** Every stdout line that is a JSON object; other lines are ignored. */
export function callLines(stdout: string): CallLine[] {
  const lines: CallLine[] = [];
  for (const line of stdout.split("\n")) {
    const t = line.trim();
    if (!t.startsWith("{")) continue;
    try {
      const v = JSON.parse(t) as unknown;
      if (v && typeof v === "object" && !Array.isArray(v)) lines.push(v as CallLine);
    } catch {
      // not JSON: a program's ordinary output
    }
  }
  return lines;
}

/** True when every field of `want` equals the line's (for `wait: ... json: {call: accept}`). */
export function lineMatches(line: CallLine, want: Record<string, unknown>): boolean {
  return Object.entries(want).every(([k, v]) => line[k] === v || (typeof line[k] === "number" && String(line[k]) === String(v)));
}

/** A call line as a student reads it: `write(5) = -1 EPIPE  [conn 0, 212.004 ms]`. */
export function describeCall(line: CallLine): string {
  if (line.exit !== undefined && line.call === undefined) return `exit(${line.exit})`;
  const arg = line.arg === null || line.arg === undefined ? "" : String(line.arg);
  const result = `${line.ret ?? "?"}${line.errno ? ` ${line.errno}` : ""}`;
  const where = [line.conn ? `conn ${line.conn}` : "", line.t_ms !== undefined ? `${line.t_ms} ms` : ""].filter(Boolean).join(", ");
  return `${line.call}(${arg}) = ${result}${where ? `  [${where}]` : ""}`;
}
