// The `expect:` of scenario.yml: assertions on the programs (exit, syscall, output, ss, ps)
// and on the wire (`wire: <check>`), each read into a typed Assertion with a title.
import { describeCount, describeDurationBounds, durationNs, parseStep as parseSegmentStep, type CountBounds } from "../assert/index.js";
import { describeChoice, type ConnectionChoice } from "./select-connections.js";
import { Fields, FieldError } from "./fields.js";
import { jsonTitle, parseJsonAssertion } from "./json-assertion.js";
import { readCountBounds } from "./parse-bounds.js";
import { guarded, kindOf, regexField } from "./parse-steps.js";
import { parseWorkersAssertion, workersTitle } from "./worker-table.js";
import { signalNumber } from "./signals.js";
import type { Assertion, ProgramAssertion, WireAssertion, WireTarget } from "./types.js";

export const ASSERTION_KINDS = ["exit", "syscall", "output", "json", "ss", "ps", "workers", "wire"] as const;
export const WIRE_CHECKS = [
  "segments",
  "handshake",
  "graceful-close",
  "reset",
  "retransmission",
  "handshake-rtt",
  "syn-retransmissions",
  "segment-count",
  "connections",
  "icmp-port-unreachable",
  "bytes",
] as const;

export interface ExpectScope {
  /** Programs and exec outputs the steps keep, by name. */
  programs: ReadonlySet<string>;
  /** Exec outputs (what ss/ps assertions read). */
  execs: ReadonlySet<string>;
  captures: readonly string[];
}

/** A field that may be given as null (e.g. `errno: null`: the call succeeded). */
function nullable(f: Fields, key: string): string | number | null | undefined {
  if (!(key in f.raw)) return undefined;
  f.markUsed(key);
  const v = f.raw[key];
  if (v === null || v === "null" || v === "none") return null;
  if (typeof v === "number" || typeof v === "string") return v;
  return f.fail(key, `${JSON.stringify(v)} must be a number, text or null`);
}

/** A TCP state as ss prints it: TIME_WAIT and TIME-WAIT alike, ESTABLISHED as ESTAB. */
export function ssState(name: string): string {
  const s = name.toUpperCase().replace(/_/g, "-");
  return ({ ESTABLISHED: "ESTAB", "SYN-RECEIVED": "SYN-RECV" } as Record<string, string>)[s] ?? s;
}

function oneOf<T extends string>(f: Fields, key: string, allowed: readonly T[]): T | undefined {
  const v = f.string(key);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) f.fail(key, `'${v}' must be one of ${allowed.join(", ")}`);
  return v as T;
}

function bounds(f: Fields): CountBounds {
  const b = readCountBounds(f);
  if (!b) throw new FieldError(f.path, "needs count, at_least or at_most");
  return b;
}

export function selector(f: Fields | undefined): ConnectionChoice {
  if (!f) return {};
  const sel: ConnectionChoice = {};
  const map = { server_port: "serverPort", client_port: "clientPort", id: "id", index: "index" } as const;
  for (const [yml, key] of Object.entries(map)) {
    const n = f.number(yml, { min: 0 });
    if (n !== undefined) sel[key] = n;
  }
  for (const [yml, key] of [["server_address", "serverAddress"], ["client_address", "clientAddress"]] as const) {
    const v = f.string(yml);
    if (v !== undefined) sel[key] = v;
  }
  const handshake = oneOf(f, "handshake", ["complete", "incomplete"] as const);
  const resetBy = oneOf(f, "reset_by", ["client", "server", "none"] as const);
  const retransmittedBy = oneOf(f, "retransmitted_by", ["client", "server"] as const);
  if (handshake) sel.handshake = handshake;
  if (resetBy) sel.resetBy = resetBy;
  if (retransmittedBy) sel.retransmittedBy = retransmittedBy;
  f.noOthers();
  return sel;
}

function programName(f: Fields, key: string, scope: ExpectScope, execOnly = false): string {
  const name = f.requiredString(key);
  if (execOnly && !scope.execs.has(name)) f.fail(key, `no exec step keeps an output named '${name}'${scope.execs.size ? ` (there are: ${[...scope.execs].join(", ")})` : ""}`);
  if (!scope.programs.has(name)) f.fail(key, `no step keeps a program named '${name}'${scope.programs.size ? ` (there are: ${[...scope.programs].join(", ")})` : ""}`);
  return name;
}

export function parseAssertion(value: unknown, path: string, scope: ExpectScope): Assertion {
  const f = Fields.of(value, path);
  const kind = kindOf(f, ASSERTION_KINDS, "assertion");
  const given = f.string("title");
  const a = kind === "wire" ? readWire(f, scope) : readProgram(f, kind, scope);
  f.noOthers();
  return { ...a, id: path, title: given ?? titleOf(a) } as Assertion;
}

function readProgram(f: Fields, kind: Exclude<(typeof ASSERTION_KINDS)[number], "wire">, scope: ExpectScope): ProgramAssertion {
  switch (kind) {
    case "exit": {
      const program = programName(f, "exit", scope);
      const code = f.number("code", { min: 0 });
      const signal = f.string("signal");
      if (signal !== undefined && signalNumber(signal) === undefined) f.fail("signal", `'${signal}' is not a signal name (e.g. SIGPIPE)`);
      if (code === undefined && signal === undefined) f.fail("exit", "say what to expect: code: N or signal: NAME");
      return { kind, program, ...(code !== undefined ? { code } : {}), ...(signal ? { signal: signal.startsWith("SIG") ? signal : `SIG${signal}` } : {}) };
    }
    case "syscall": {
      const program = programName(f, "syscall", scope);
      const call = f.requiredString("call");
      const nthText = f.string("nth") ?? "1";
      const nth = nthText === "last" ? "last" : Number(nthText);
      if (nth !== "last" && (!Number.isInteger(nth) || nth < 1)) f.fail("nth", `'${nthText}' must be 1, 2, ... or last`);
      const conn = f.number("conn", { min: 0 });
      const ret = f.number("ret");
      const errno = nullable(f, "errno");
      const arg = nullable(f, "arg");
      if (ret === undefined && errno === undefined && arg === undefined) f.fail("syscall", "say what to expect: ret, errno (null for success) or arg");
      const errnoValue = errno === undefined || errno === null ? errno : String(errno);
      return { kind, program, call, nth, ...(conn !== undefined ? { conn } : {}), ...(ret !== undefined ? { ret } : {}), ...(errnoValue !== undefined ? { errno: errnoValue } : {}), ...(arg !== undefined ? { arg } : {}) };
    }
    case "output": {
      const program = programName(f, "output", scope);
      const stream = oneOf(f, "stream", ["stdout", "stderr", "both"] as const) ?? "both";
      const m = f.string("matches");
      const n = f.string("not_matches");
      if (m === undefined && n === undefined) f.fail("output", "say what to look for: matches: <regex> or not_matches: <regex>");
      const counted = readCountBounds(f);
      if (counted && m === undefined) f.fail("count", "counts the lines that match: give matches: <regex> too");
      const increasing = f.boolean("increasing");
      if (increasing && (m === undefined || counted)) f.fail("increasing", "compares the number matches: <regex> captures, line to line: give matches with a group, and no count");
      return {
        kind,
        program,
        stream,
        ...(m !== undefined ? { matches: regexField(f, "matches", m) } : {}),
        ...(n !== undefined ? { notMatches: regexField(f, "not_matches", n) } : {}),
        ...(counted ? { bounds: counted } : {}),
        ...(increasing ? { increasing } : {}),
      };
    }
    case "json":
      return parseJsonAssertion(f, programName(f, "json", scope));
    case "workers":
      return parseWorkersAssertion(f, programName(f, "workers", scope));
    case "ss": {
      const program = programName(f, "ss", scope, true);
      const states = f.words("state")?.map(ssState);
      const port = f.number("port", { min: 1 });
      return { kind, program, ...(states ? { states } : {}), ...(port !== undefined ? { port } : {}), bounds: bounds(f) };
    }
    case "ps": {
      const program = programName(f, "ps", scope, true);
      const command = f.string("command");
      const state = f.string("state");
      const ppid = f.number("ppid", { min: 0 });
      return {
        kind,
        program,
        ...(command !== undefined ? { command: regexField(f, "command", command) } : {}),
        ...(state ? { state } : {}),
        ...(ppid !== undefined ? { ppid } : {}),
        bounds: bounds(f),
      };
    }
  }
}

function wireTarget(f: Fields, scope: ExpectScope): WireTarget {
  const capture = f.string("capture") ?? scope.captures[0];
  if (capture === undefined) f.fail("wire", "there is no capture: list the services to capture under capture:");
  if (!scope.captures.includes(capture)) f.fail("capture", `'${capture}' is not captured (capture: ${scope.captures.join(", ")})`);
  return { capture, connection: selector(f.mapping("connection")), each: f.boolean("each") ?? false };
}

function readWire(f: Fields, scope: ExpectScope): WireAssertion {
  const check = oneOf(f, "wire", WIRE_CHECKS);
  if (!check) return f.fail("wire", "needs a check name");
  const t = wireTarget(f, scope);
  switch (check) {
    case "segments": {
      const steps = f.list("steps")?.map(String);
      if (!steps?.length) f.fail("steps", "is required: a list of segment steps such as \"c>s S\"");
      steps.forEach((s, i) => guarded(`${f.at("steps")}[${i}]`, () => parseSegmentStep(s)));
      return { ...t, kind: check, steps };
    }
    case "handshake":
      return { ...t, kind: check };
    case "graceful-close": {
      const closer = oneOf(f, "active_closer", ["client", "server", "simultaneous"] as const);
      return { ...t, kind: check, ...(closer ? { activeCloser: closer } : {}) };
    }
    case "reset": {
      const by = oneOf(f, "by", ["client", "server"] as const);
      if (!by) return f.fail("by", "is required: client or server");
      const cause = oneOf(f, "cause", ["connection-refused", "data-after-close", "abortive-close", "unknown"] as const);
      return { ...t, kind: check, by, ...(cause ? { cause } : {}) };
    }
    case "retransmission": {
      const side = oneOf(f, "side", ["client", "server"] as const);
      return { ...t, kind: check, ...(side ? { side } : {}) };
    }
    case "handshake-rtt": {
      const atLeast = f.string("at_least");
      const atMost = f.string("at_most");
      if (atLeast === undefined && atMost === undefined) f.fail("wire", "handshake-rtt needs at_least or at_most (e.g. 100ms)");
      for (const [key, text] of [["at_least", atLeast], ["at_most", atMost]] as const) {
        if (text !== undefined) guarded(f.at(key), () => durationNs(text));
      }
      return { ...t, kind: check, ...(atLeast ? { atLeast } : {}), ...(atMost ? { atMost } : {}) };
    }
    case "syn-retransmissions":
      return { ...t, kind: check, bounds: bounds(f) };
    case "segment-count": {
      const pattern = f.requiredString("pattern");
      guarded(f.at("pattern"), () => parseSegmentStep(pattern));
      return { ...t, kind: check, pattern, bounds: bounds(f) };
    }
    case "connections":
      return { ...t, kind: check, bounds: bounds(f) };
    case "icmp-port-unreachable": {
      const flow = selector(f.mapping("flow"));
      if (flow.handshake || flow.resetBy || flow.retransmittedBy) f.fail("flow", "a UDP flow is chosen by ports, addresses, id and index only");
      return { ...t, kind: check, flow };
    }
    case "bytes": {
      const toServer = f.number("to_server", { min: 0 });
      const toClient = f.number("to_client", { min: 0 });
      if (toServer === undefined && toClient === undefined) f.fail("wire", "bytes needs to_server or to_client");
      return { ...t, kind: check, ...(toServer !== undefined ? { toServer } : {}), ...(toClient !== undefined ? { toClient } : {}) };
    }
  }
}

const sel = (s: ConnectionChoice): string => (Object.keys(s).length ? ` (${describeChoice(s)})` : "");

/** A one-line description of what an assertion claims, when scenario.yml gives no title. */
export function titleOf(a: ProgramAssertion | WireAssertion): string {
  switch (a.kind) {
    case "exit":
      return `${a.program} ${[a.code !== undefined ? `exits with status ${a.code}` : "", a.signal ? `is killed by ${a.signal}` : ""].filter(Boolean).join(" and ")}`;
    case "syscall": {
      const which = a.nth === "last" ? "the last" : `${a.program}'s ${ordinal(a.nth)}`;
      const want = [a.ret !== undefined ? `returns ${a.ret}` : "", a.errno !== undefined ? (a.errno === null ? "succeeds" : `fails with ${a.errno}`) : "", a.arg !== undefined ? `has arg ${a.arg}` : ""].filter(Boolean);
      return `${a.nth === "last" ? `${which} ${a.call}() of ${a.program}` : `${which} ${a.call}()`}${a.conn !== undefined ? ` on connection ${a.conn}` : ""} ${want.join(" and ")}`;
    }
    case "json":
      return jsonTitle(a);
    case "workers":
      return workersTitle(a);
    case "output":
      if (a.increasing) return `${a.program}'s ${a.stream === "both" ? "output" : a.stream}: the number in /${a.matches?.source}/ grows from line to line`;
      if (a.bounds) return `${a.program}'s ${a.stream === "both" ? "output" : a.stream}: ${describeCount(a.bounds)} line(s) matching /${a.matches?.source}/`;
      return `${a.program}'s ${a.stream === "both" ? "output" : a.stream}${a.matches ? ` matches /${a.matches.source}/` : ""}${a.matches && a.notMatches ? " and" : ""}${a.notMatches ? ` does not match /${a.notMatches.source}/` : ""}`;
    case "ss":
      return `${a.program}: ${describeCount(a.bounds)} socket(s)${a.states ? ` in ${a.states.join(" or ")}` : ""}${a.port ? ` on port ${a.port}` : ""}`;
    case "ps":
      return `${a.program}: ${describeCount(a.bounds)} process(es)${a.command ? ` running /${a.command.source}/` : ""}${a.state ? ` in state ${a.state}` : ""}${a.ppid !== undefined ? ` whose parent is PID ${a.ppid}` : ""}`;
    default:
      return wireTitle(a);
  }
}

function wireTitle(a: WireAssertion): string {
  const on = `${a.each ? "every connection" : "connection"}${sel(a.connection)} at ${a.capture}`;
  switch (a.kind) {
    case "segments":
      return `${on}: segments ${a.steps.join(", ")}`;
    case "handshake":
      return `${on}: a complete three-way handshake`;
    case "graceful-close":
      return `${on}: graceful close${a.activeCloser ? `, ${a.activeCloser} closing first` : ""}`;
    case "reset":
      return `${on}: RST from the ${a.by}${a.cause ? ` (${a.cause})` : ""}`;
    case "retransmission":
      return `${on}: a retransmission${a.side ? ` by the ${a.side}` : ""}`;
    case "handshake-rtt":
      return `${on}: handshake round trip ${describeDurationBounds(a)}`;
    case "syn-retransmissions":
      return `${on}: ${describeCount(a.bounds)} SYN retransmission(s)`;
    case "segment-count":
      return `${on}: ${describeCount(a.bounds)} segment(s) "${a.pattern}"`;
    case "connections":
      return `capture at ${a.capture}: ${describeCount(a.bounds)} TCP connection(s)${sel(a.connection)}`;
    case "icmp-port-unreachable":
      return `capture at ${a.capture}: ICMP port unreachable for the UDP flow${sel(a.flow)}`;
    case "bytes":
      return `${on}: ${[a.toServer !== undefined ? `${a.toServer} bytes to the server` : "", a.toClient !== undefined ? `${a.toClient} bytes to the client` : ""].filter(Boolean).join(", ")}`;
  }
}

function ordinal(n: number): string {
  const s = ["th", "st", "nd", "rd"];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
}
