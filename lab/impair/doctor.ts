// `lab doctor`'s report, from a probe result: the kernel's capabilities, and for each
// impairment and direction the mechanism that will serve it here (the same choice
// chooseMechanisms makes when an impairment is applied). Pure: rendering only.
import { chooseMechanisms, UnsupportedError, type Direction, type Impairment, type KernelCapabilities, type MechanismPlan } from "../netem/index.js";
import type { ProbeResult } from "./probe.js";

export type Part = "delay" | "jitter" | "loss" | "rate";
export const PARTS: readonly Part[] = ["delay", "jitter", "loss", "rate"];
export const DIRECTIONS: readonly Exclude<Direction, "both">[] = ["egress", "ingress"];

export interface MechanismCell {
  /** "netem", "nfq-delayer", "iptables statistic", "tbf", or "unsupported". */
  mechanism: string;
  /** Why it is unsupported. */
  reason?: string;
}

export type MechanismTable = Record<Part, Record<"egress" | "ingress", MechanismCell>>;

const SAMPLE: Record<Part, Omit<Impairment, "direction">> = {
  delay: { delayMs: 100 },
  jitter: { delayMs: 100, jitterMs: 10 },
  loss: { lossPercent: 1 },
  rate: { rateBitsPerSec: 1_000_000 },
};

const NAMES: Record<string, string> = {
  netem: "netem",
  "nfqueue-delayer": "nfq-delayer",
  "iptables-statistic": "iptables statistic",
  tbf: "tbf",
};

function cellOf(plan: MechanismPlan, part: Part, dir: "egress" | "ingress"): string {
  const side: Record<string, string | undefined> = plan[dir];
  const key = part === "jitter" ? "delay" : part;
  const m = side[key];
  return m ? (NAMES[m] ?? m) : "unsupported";
}

/** For each part and direction, the mechanism chooseMechanisms picks (or why none). */
export function mechanismTable(caps: KernelCapabilities): MechanismTable {
  const table = {} as MechanismTable;
  for (const part of PARTS) {
    table[part] = {} as Record<"egress" | "ingress", MechanismCell>;
    for (const dir of DIRECTIONS) {
      try {
        const plan = chooseMechanisms(caps, { ...SAMPLE[part], direction: dir });
        table[part][dir] = { mechanism: cellOf(plan, part, dir) };
      } catch (err) {
        if (!(err instanceof UnsupportedError)) throw err;
        table[part][dir] = { mechanism: "unsupported", reason: err.message };
      }
    }
  }
  return table;
}

const yes = (b: boolean, no = "missing") => (b ? "yes" : no);

/** One-line verdict on netem and the fallback in use. */
export function netemVerdict(caps: KernelCapabilities): string {
  if (caps.netem) return "sch_netem is available: delay, jitter and loss on egress use tc netem (ingress delay uses nfq-delayer)";
  const t = mechanismTable(caps);
  const fallback = [
    `delay/jitter: ${t.delay.egress.mechanism}`,
    `loss: ${t.loss.egress.mechanism}`,
    `rate: ${t.rate.egress.mechanism}`,
  ].join(", ");
  return `sch_netem is missing from this kernel: using the fallback (${fallback})`;
}

export interface DoctorReport {
  kernelVersion: string;
  engineId: string;
  image: string;
  probedAt: string;
  cached: boolean;
  capabilities: KernelCapabilities;
  probeError?: string;
  mechanisms: MechanismTable;
  verdict: string;
}

export function doctorReport(r: ProbeResult): DoctorReport {
  return {
    kernelVersion: r.kernelVersion,
    engineId: r.engineId,
    image: r.image,
    probedAt: r.probedAt,
    cached: r.cached,
    capabilities: r.caps,
    ...(r.probeError ? { probeError: r.probeError } : {}),
    mechanisms: mechanismTable(r.caps),
    verdict: netemVerdict(r.caps),
  };
}

/** The text `lab doctor` prints. */
export function renderDoctor(r: DoctorReport): string[] {
  const c = r.capabilities;
  const lines = [
    `kernel ${r.kernelVersion || "?"} (engine ${r.engineId.slice(0, 12) || "?"}), image ${r.image}, probed ${r.probedAt}${r.cached ? " (cached)" : ""}`,
    "",
    "kernel and image capabilities:",
    `  sch_netem (tc netem)         ${yes(c.netem)}`,
    `  sch_tbf (tc tbf)             ${yes(c.tbf)}`,
    `  iptables                     ${c.iptablesBackend ? `iptables-${c.iptablesBackend}` : "missing"}`,
    `  NFQUEUE target               ${yes(c.nfqueue)}`,
    `  statistic match              ${yes(c.iptablesStatistic)}`,
    `  nfq-delayer (binds a queue)  ${yes(c.delayer)}`,
  ];
  if (r.probeError) lines.push(`  probe error: ${r.probeError}`);
  lines.push("", "impairment  egress                ingress");
  const reasons: string[] = [];
  for (const part of PARTS) {
    const cells = DIRECTIONS.map((d) => {
      const cell = r.mechanisms[part][d];
      if (cell.reason && !reasons.includes(cell.reason)) reasons.push(cell.reason);
      return cell.reason ? `${cell.mechanism} [${reasons.indexOf(cell.reason) + 1}]` : cell.mechanism;
    });
    lines.push(`${part.padEnd(10)}  ${(cells[0] ?? "").padEnd(20)}  ${cells[1] ?? ""}`.trimEnd());
  }
  for (const [i, why] of reasons.entries()) lines.push(`  [${i + 1}] ${why}`);
  lines.push("", r.verdict);
  return lines;
}
