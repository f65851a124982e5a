// What is in force in a target's namespace, read back from the kernel (never from
// memory): the root qdisc chain (`tc qdisc show`), socklab's mangle chains
// (`iptables -t mangle -S`) and the nfq-delayer processes with their arguments.
// STATE_SCRIPT prints all three in sections; parseState turns them into settings.
import { EGRESS_CHAIN, INGRESS_CHAIN, parseDuration, parseRate } from "../netem/index.js";
import { formatNumber } from "../netem/units.js";

/**
 * Run as root in the sidecar: `sh -c STATE_SCRIPT socklab-state <iface>`. Sections start
 * with `@@ <name>`: `tc`, `iptables-nft`/`iptables-legacy` (only where the binary works),
 * `delayer` (one line per nfq-delayer process: pid, then its argv joined by spaces).
 */
export const STATE_SCRIPT = `iface=$1
echo "@@ tc"
tc qdisc show dev "$iface" 2>&1
for b in nft legacy; do
  command -v iptables-$b >/dev/null 2>&1 || continue
  out=$(iptables-$b -t mangle -S 2>/dev/null) || continue
  echo "@@ iptables-$b"
  printf '%s\\n' "$out"
done
echo "@@ delayer"
for p in /proc/[0-9]*; do
  [ "$(cat "$p/comm" 2>/dev/null)" = nfq-delayer ] || continue
  echo "\${p#/proc/} $(tr '\\0' ' ' < "$p/cmdline" 2>/dev/null)"
done
exit 0
`;

export type Via = "netem" | "nfq-delayer" | "iptables statistic" | "tbf";

export interface DelaySetting {
  ms: number;
  jitterMs: number;
  via: Via;
}
export interface LossSetting {
  percent: number;
  via: Via;
}
export interface RateSetting {
  bitsPerSec: number;
  via: Via;
}
export interface DirectionState {
  delay?: DelaySetting;
  loss?: LossSetting;
  rate?: RateSetting;
}

export interface DelayerProcess {
  pid: number;
  argv: string[];
  delayMs?: number;
  jitterMs?: number;
  queue?: number;
}

export interface ImpairmentState {
  iface: string;
  egress: DirectionState;
  ingress: DirectionState;
  /** Root qdisc lines of the interface, as tc printed them. */
  qdiscs: string[];
  /** socklab's iptables rules (`-N`/`-A` lines naming a SOCKLAB chain), prefixed by the binary. */
  rules: string[];
  delayers: DelayerProcess[];
  /** True when anything of socklab's is installed (a qdisc other than the default, a rule, a delayer). */
  active: boolean;
  /** Things found that do not add up (e.g. a rule queueing to a delayer that is not running). */
  warnings: string[];
}

function sections(stdout: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of stdout.split("\n")) {
    const m = /^@@ (\S+)\s*$/.exec(line);
    if (m && m[1] !== undefined) {
      current = [];
      out.set(m[1], current);
    } else if (current && line.trim() !== "") {
      current.push(line.trimEnd());
    }
  }
  return out;
}

const DEFAULT_QDISCS = new Set(["noqueue", "pfifo_fast", "fq_codel", "mq", "pfifo", "fq", "noop"]);

function tryDuration(token: string | undefined): number | undefined {
  if (token === undefined) return undefined;
  try {
    return parseDuration("tc", token);
  } catch {
    return undefined;
  }
}

/** `qdisc netem 1: root refcnt 2 limit 10000 delay 100ms  10ms loss 20%` and `qdisc tbf 10: parent 1:1 rate 1Mbit burst ...`. */
export function parseQdiscs(lines: string[]): { egress: DirectionState; ours: boolean } {
  const egress: DirectionState = {};
  let ours = false;
  for (const line of lines) {
    const words = line.trim().split(/\s+/);
    if (words[0] !== "qdisc") continue;
    const kind = words[1] ?? "";
    if (kind === "netem") {
      ours = true;
      const di = words.indexOf("delay");
      if (di >= 0) {
        const ms = tryDuration(words[di + 1]);
        const jitter = tryDuration(words[di + 2]);
        if (ms !== undefined) egress.delay = { ms, jitterMs: jitter ?? 0, via: "netem" };
      }
      const li = words.indexOf("loss");
      if (li >= 0) {
        const token = words[li + 1] === "random" ? words[li + 2] : words[li + 1];
        const pct = Number((token ?? "").replace(/%$/, ""));
        if (Number.isFinite(pct)) egress.loss = { percent: pct, via: "netem" };
      }
    } else if (kind === "tbf") {
      ours = true;
      const ri = words.indexOf("rate");
      const token = ri >= 0 ? words[ri + 1] : undefined;
      if (token !== undefined) {
        try {
          egress.rate = { bitsPerSec: parseRate("tc", token), via: "tbf" };
        } catch {
          // tc printed a rate we do not read; the raw line is still shown.
        }
      }
    } else if (!DEFAULT_QDISCS.has(kind)) {
      ours = true; // something we did not expect; show it as active so reset is offered
    }
  }
  return { egress, ours };
}

function parseDelayer(line: string): DelayerProcess | undefined {
  const m = /^(\d+)\s+(.*)$/.exec(line.trim());
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  const argv = m[2].trim().split(/\s+/);
  const p: DelayerProcess = { pid: Number(m[1]), argv };
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (v: string | undefined) => (v !== undefined && Number.isFinite(Number(v)) ? Number(v) : undefined);
  const delay = num(arg("--delay"));
  const jitter = num(arg("--jitter"));
  const queue = num(arg("--queue"));
  if (delay !== undefined) p.delayMs = delay;
  if (jitter !== undefined) p.jitterMs = jitter;
  if (queue !== undefined) p.queue = queue;
  return p;
}

/** Parses {@link STATE_SCRIPT}'s output for interface `iface`. */
export function parseState(stdout: string, iface: string): ImpairmentState {
  const sec = sections(stdout);
  const qdiscs = sec.get("tc") ?? [];
  const { egress, ours: qdiscOurs } = parseQdiscs(qdiscs);
  const ingress: DirectionState = {};
  const warnings: string[] = [];
  const delayers = (sec.get("delayer") ?? []).map(parseDelayer).filter((d): d is DelayerProcess => d !== undefined);
  const rules: string[] = [];

  const delayerFor = (queue: number) => delayers.find((d) => d.queue === queue);
  for (const [name, lines] of sec) {
    if (!name.startsWith("iptables-")) continue;
    const ours = lines.filter((l) => /SOCKLAB/.test(l));
    rules.push(...ours.map((l) => `${name} ${l}`));
    const hooked = {
      egress: ours.some((l) => l === `-A POSTROUTING -j ${EGRESS_CHAIN}`),
      ingress: ours.some((l) => l === `-A PREROUTING -j ${INGRESS_CHAIN}`),
    };
    for (const [dir, chain, state] of [
      ["egress", EGRESS_CHAIN, egress],
      ["ingress", INGRESS_CHAIN, ingress],
    ] as const) {
      const chainRules = ours.filter((l) => l.startsWith(`-A ${chain} `));
      if (chainRules.length && !hooked[dir]) {
        warnings.push(`${name}: chain ${chain} exists but is not jumped to`);
        continue;
      }
      for (const l of chainRules) {
        const prob = /--probability (\S+)/.exec(l)?.[1];
        if (prob !== undefined) {
          state.loss = { percent: Number(formatNumber(Math.round(Number(prob) * 1e8) / 1e6)), via: "iptables statistic" };
          continue;
        }
        const q = /-j NFQUEUE --queue-num (\d+)/.exec(l)?.[1];
        if (q !== undefined && !/--probability/.test(l)) {
          const d = delayerFor(Number(q));
          if (!d) {
            warnings.push(`${name}: ${chain} queues to ${q} but no nfq-delayer serves that queue (traffic passes undelayed: --queue-bypass)`);
            continue;
          }
          state.delay = { ms: d.delayMs ?? 0, jitterMs: d.jitterMs ?? 0, via: "nfq-delayer" };
        }
      }
    }
  }
  const hasRules = rules.length > 0;
  if (delayers.length && !egress.delay && !ingress.delay) {
    warnings.push(`nfq-delayer running (pid ${delayers.map((d) => d.pid).join(", ")}) but no rule queues packets to it`);
  }
  return { iface, egress, ingress, qdiscs, rules, delayers, active: qdiscOurs || hasRules || delayers.length > 0, warnings };
}

// ---------------------------------------------------------------------------
// Rendering

export function formatRate(bits: number): string {
  for (const [unit, scale] of [
    ["gbit", 1e9],
    ["mbit", 1e6],
    ["kbit", 1e3],
  ] as const) {
    if (bits >= scale) return `${formatNumber(bits / scale)}${unit}`;
  }
  return `${bits}bit`;
}

export const formatMs = (ms: number): string => (ms >= 1000 && Number.isInteger(ms / 1000) ? `${ms / 1000}s` : `${formatNumber(ms)}ms`);

export function describeDirection(d: DirectionState): string {
  const parts: string[] = [];
  if (d.delay) parts.push(`delay ${formatMs(d.delay.ms)}${d.delay.jitterMs ? ` ± ${formatMs(d.delay.jitterMs)}` : ""} (${d.delay.via})`);
  if (d.loss) parts.push(`loss ${formatNumber(d.loss.percent)}% (${d.loss.via})`);
  if (d.rate) parts.push(`rate ${formatRate(d.rate.bitsPerSec)} (${d.rate.via})`);
  return parts.length ? parts.join(", ") : "none";
}

/** Lines for `lab netem show`. */
export function describeState(service: string, lab: string, s: ImpairmentState | undefined, sidecar?: string): string[] {
  if (!s) return [`${service} (lab ${lab}): no impairment (not running)`];
  const lines = [`${service} (lab ${lab}) on ${s.iface}${sidecar ? `, sidecar ${sidecar}` : ""}: ${s.active ? "impaired" : "no impairment"}`];
  lines.push(`  egress:  ${describeDirection(s.egress)}`);
  lines.push(`  ingress: ${describeDirection(s.ingress)}`);
  lines.push(`  qdisc:   ${s.qdiscs.join(" | ") || "-"}`);
  for (const r of s.rules) lines.push(`  rule:    ${r}`);
  for (const d of s.delayers) lines.push(`  process: ${d.pid} ${d.argv.join(" ")}`);
  for (const w of s.warnings) lines.push(`  warning: ${w}`);
  return lines;
}
