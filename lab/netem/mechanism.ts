import { UnsupportedError } from "./errors.js";
import type { Impairment } from "./impairment.js";

/** What the kernel (seen from the sidecar, in the target's network namespace) offers. */
export interface KernelCapabilities {
  /** `tc qdisc add ... netem` works (sch_netem). */
  netem: boolean;
  /** `tc qdisc add ... tbf` works (sch_tbf). */
  tbf: boolean;
  /** iptables can add `-j NFQUEUE --queue-bypass` and `-m mark` rules in mangle. */
  nfqueue: boolean;
  /** iptables can add `-m statistic --mode random` rules. */
  iptablesStatistic: boolean;
  /** Which iptables works in this namespace (nft preferred); null if none. */
  iptablesBackend: "nft" | "legacy" | null;
  /** nfq-delayer is installed in the sidecar and could bind a queue (`--check`). */
  delayer: boolean;
}

/** Queue numbers reserved by socklab (queues are per network namespace). */
export const PROBE_QUEUE_NUM = 65534;
/** Nobody binds this queue: NFQUEUE to it without --queue-bypass is a silent drop. */
export const BLACKHOLE_QUEUE_NUM = 65535;
/** SO_MARK the delayer puts on packets it re-sends; the egress chain lets them pass. */
export const DELAYER_MARK = "0x50c1ab";

/**
 * Shell script (POSIX sh, run as root in the sidecar that shares the target's
 * network namespace) that tries each mechanism and prints `key=value` lines for
 * {@link parseProbeOutput}. It leaves nothing behind: the qdisc tests run on a
 * throwaway veth pair (never on the target's interfaces), the iptables test uses
 * a throwaway chain SOCKLAB-PROBE that is not jumped to. Always exits 0.
 */
export const PROBE_SCRIPT = `set -u
netem=0 tbf=0 nfqueue=0 statistic=0 backend=none delayer=0
if ip link add socklab-pr0 type veth peer name socklab-pr1 >/dev/null 2>&1; then
  if tc qdisc add dev socklab-pr0 root handle 1: netem delay 1ms >/dev/null 2>&1; then
    netem=1; tc qdisc del dev socklab-pr0 root >/dev/null 2>&1
  fi
  if tc qdisc add dev socklab-pr0 root handle 1: tbf rate 1mbit burst 4096 limit 8192 >/dev/null 2>&1; then
    tbf=1; tc qdisc del dev socklab-pr0 root >/dev/null 2>&1
  fi
  ip link del socklab-pr0 >/dev/null 2>&1
else
  echo "probe_error=cannot create a veth pair to test qdiscs"
fi
for b in nft legacy; do
  ipt=iptables-$b
  command -v $ipt >/dev/null 2>&1 || continue
  $ipt -t mangle -S >/dev/null 2>&1 || continue
  $ipt -t mangle -F SOCKLAB-PROBE >/dev/null 2>&1; $ipt -t mangle -X SOCKLAB-PROBE >/dev/null 2>&1
  $ipt -t mangle -N SOCKLAB-PROBE >/dev/null 2>&1 || continue
  n=0 s=0
  $ipt -t mangle -A SOCKLAB-PROBE -m mark --mark ${DELAYER_MARK} -j RETURN >/dev/null 2>&1 &&
    $ipt -t mangle -A SOCKLAB-PROBE -j NFQUEUE --queue-num ${PROBE_QUEUE_NUM} --queue-bypass >/dev/null 2>&1 && n=1
  $ipt -t mangle -A SOCKLAB-PROBE -m statistic --mode random --probability 0.5 -j RETURN >/dev/null 2>&1 && s=1
  $ipt -t mangle -F SOCKLAB-PROBE >/dev/null 2>&1; $ipt -t mangle -X SOCKLAB-PROBE >/dev/null 2>&1
  if [ $n = 1 ] || [ $s = 1 ]; then backend=$b nfqueue=$n statistic=$s; break; fi
done
if [ $nfqueue = 1 ] && command -v nfq-delayer >/dev/null 2>&1; then
  if nfq-delayer --check --queue ${PROBE_QUEUE_NUM} >/dev/null 2>&1; then delayer=1; fi
fi
echo netem=$netem
echo tbf=$tbf
echo nfqueue=$nfqueue
echo iptables_statistic=$statistic
echo iptables_backend=$backend
echo delayer=$delayer
exit 0
`;

/** Parses {@link PROBE_SCRIPT}'s output. Missing keys count as "not available". */
export function parseProbeOutput(stdout: string): KernelCapabilities {
  const kv = new Map<string, string>();
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^([a-z_]+)=(.*)$/.exec(line.trim());
    if (m && m[1] !== undefined && m[2] !== undefined) kv.set(m[1], m[2].trim());
  }
  const yes = (k: string) => kv.get(k) === "1";
  const b = kv.get("iptables_backend");
  return {
    netem: yes("netem"),
    tbf: yes("tbf"),
    nfqueue: yes("nfqueue"),
    iptablesStatistic: yes("iptables_statistic"),
    iptablesBackend: b === "nft" || b === "legacy" ? b : null,
    delayer: yes("delayer"),
  };
}

export type DelayMechanism = "netem" | "nfqueue-delayer";
export type LossMechanism = "netem" | "iptables-statistic";
export type RateMechanism = "tbf";
export type IptablesBinary = "iptables-nft" | "iptables-legacy";

export interface MechanismPlan {
  /** What the service sends. Delay covers jitter too. */
  egress: { delay?: DelayMechanism; loss?: LossMechanism; rate?: RateMechanism };
  /** What the service receives. Always iptables-based: netem only shapes what an interface sends. */
  ingress: { delay?: "nfqueue-delayer"; loss?: "iptables-statistic" };
  /** The iptables binary to use, or null when no iptables mechanism is needed. */
  iptables: IptablesBinary | null;
}

export function wantsDelay(imp: Impairment): boolean {
  return (imp.delayMs ?? 0) > 0 || (imp.jitterMs ?? 0) > 0;
}
export function wantsLoss(imp: Impairment): boolean {
  return (imp.lossPercent ?? 0) > 0;
}

/**
 * Picks, for each part of the impairment, the mechanism that provides it here:
 *
 * - egress delay/jitter: netem, else the nfq-delayer behind an NFQUEUE rule;
 * - egress loss: netem, else `-m statistic` + NFQUEUE to an unbound queue without
 *   --queue-bypass (a silent drop: plain DROP on OUTPUT/POSTROUTING makes the
 *   sender's send() fail with EPERM, see commands.ts);
 * - egress rate: tbf (under netem when netem is used);
 * - ingress delay/jitter: nfq-delayer (even when netem exists: netem on ingress
 *   would need ifb + mirred, which we do not rely on);
 * - ingress loss: `-m statistic` + DROP (silent for received packets);
 * - ingress rate: not supported (tc shapes only what an interface sends).
 *
 * Throws {@link UnsupportedError} naming what is missing.
 */
export function chooseMechanisms(caps: KernelCapabilities, imp: Impairment): MechanismPlan {
  const plan: MechanismPlan = { egress: {}, ingress: {}, iptables: null };
  const egress = imp.direction !== "ingress";
  const ingress = imp.direction !== "egress";
  const delay = wantsDelay(imp);
  const loss = wantsLoss(imp);
  const rate = imp.rateBitsPerSec !== undefined;
  const delayerOk = caps.nfqueue && caps.delayer && caps.iptablesBackend !== null;
  const statisticOk = caps.iptablesStatistic && caps.iptablesBackend !== null;
  let needIptables = false;

  const noDelayer = !caps.iptablesBackend
    ? "no working iptables in the sidecar"
    : !caps.nfqueue
      ? "iptables cannot add NFQUEUE rules (xt_NFQUEUE missing)"
      : "nfq-delayer is missing from the sidecar or cannot bind a queue (nfnetlink_queue missing?)";

  if (egress && delay) {
    if (caps.netem) plan.egress.delay = "netem";
    else if (delayerOk) plan.egress.delay = "nfqueue-delayer";
    else throw new UnsupportedError(`cannot delay egress traffic: the kernel has no sch_netem, and the NFQUEUE fallback is unavailable (${noDelayer})`);
  }
  if (egress && loss) {
    if (caps.netem) plan.egress.loss = "netem";
    else if (statisticOk && caps.nfqueue) plan.egress.loss = "iptables-statistic";
    else throw new UnsupportedError(`cannot drop egress packets: the kernel has no sch_netem, and the iptables fallback needs the statistic match and the NFQUEUE target (${!caps.iptablesBackend ? "no working iptables" : !caps.iptablesStatistic ? "xt_statistic missing" : "xt_NFQUEUE missing"})`);
  }
  if (egress && rate) {
    if (!caps.tbf) throw new UnsupportedError("cannot limit the rate: the kernel has no sch_tbf");
    plan.egress.rate = "tbf";
  }
  if (ingress && rate) {
    throw new UnsupportedError("cannot limit the rate of ingress traffic: tc shapes only what an interface sends; set the rate on the sending service (--direction egress)");
  }
  if (ingress && delay) {
    if (!delayerOk) throw new UnsupportedError(`cannot delay ingress traffic: it needs iptables NFQUEUE and nfq-delayer (${noDelayer})`);
    plan.ingress.delay = "nfqueue-delayer";
  }
  if (ingress && loss) {
    if (!statisticOk) throw new UnsupportedError(`cannot drop ingress packets: it needs the iptables statistic match (${!caps.iptablesBackend ? "no working iptables" : "xt_statistic missing"})`);
    plan.ingress.loss = "iptables-statistic";
  }
  needIptables =
    plan.egress.delay === "nfqueue-delayer" ||
    plan.egress.loss === "iptables-statistic" ||
    plan.ingress.delay !== undefined ||
    plan.ingress.loss !== undefined;
  if (needIptables) plan.iptables = caps.iptablesBackend === "legacy" ? "iptables-legacy" : "iptables-nft";
  return plan;
}
