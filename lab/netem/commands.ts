import type { Impairment } from "./impairment.js";
import {
  BLACKHOLE_QUEUE_NUM,
  DELAYER_MARK,
  type IptablesBinary,
  type MechanismPlan,
  wantsDelay,
  wantsLoss,
} from "./mechanism.js";
import { formatDurationForTc, formatNumber } from "./units.js";

/**
 * Turns an impairment + mechanism plan into the exact commands to run (as root,
 * no shell unless stated) in a sidecar sharing the target's network namespace.
 *
 * Layout (all names prefixed SOCKLAB so reset removes exactly ours; all rules in
 * the mangle table, where Docker puts nothing inside a container's namespace):
 *
 *   mangle POSTROUTING -j SOCKLAB-EGRESS       mangle PREROUTING -j SOCKLAB-INGRESS
 *   SOCKLAB-EGRESS:                            SOCKLAB-INGRESS:
 *     ! -o IFACE -j RETURN                       ! -i IFACE -j RETURN
 *     -m mark --mark 0x50c1ab -j RETURN  (a)     -m statistic ... -j DROP   (loss)
 *     -m statistic ... -j NFQUEUE 65535  (b)     -j NFQUEUE N --queue-bypass (delay)
 *     -j NFQUEUE N --queue-bypass        (delay)
 *
 * POSTROUTING/PREROUTING rather than OUTPUT/INPUT: they see the final output
 * interface (after any rerouting) and every received packet before routing.
 *
 * (a) The delayer re-sends copies of locally generated packets through a raw
 *     socket with this SO_MARK (see images/delayer/nfq-delayer.c for why); they
 *     must not be queued again.
 * (b) Egress loss without netem. Measured in two netns joined by a veth, 1000 UDP
 *     datagrams, probability 0.2:
 *       -A OUTPUT ... -j DROP                  → sendto() fails with EPERM 202 times
 *       -t mangle -A POSTROUTING ... -j DROP   → EPERM 179 times
 *       -t mangle -A POSTROUTING ... -j NFQUEUE --queue-num 65535 (nobody bound,
 *         no --queue-bypass)                   → 0 errors, 806 of 1000 received
 *     An NF_DROP verdict returns -EPERM to the sender, whereas a packet handed to
 *     NFQUEUE is "stolen": nf_queue() frees it when no listener exists and reports
 *     success. tc `action gact drop random` would also be silent but this kernel has
 *     no tc classifiers (matchall/u32/basic), and netem is the normal path anyway.
 *     On ingress a plain DROP is silent (nobody local sent the packet).
 *
 * tc: netem is the root qdisc (handle 1:) with `limit 10000` (netem's default
 * 1000 packets drops at high delay × rate); tbf is its child (parent 1:1, handle
 * 10:) so packets are delayed, then shaped. Without netem tbf is the root.
 */

export interface Command {
  argv: string[];
  /** Reset commands may fail when there is nothing to remove; ignore their exit status. */
  mayFail: boolean;
}

/** A long-running process to start in the background before the iptables rules. */
export interface DelayerSpec {
  argv: string[];
  /** Wait for a stderr line starting with this before running later commands. */
  readyPrefix: string;
  pidfile: string;
}

export type Step = { kind: "run"; command: Command } | { kind: "start-delayer"; delayer: DelayerSpec };

export interface ApplyOptions {
  iface: string;
  mechanisms: MechanismPlan;
  /** NFQUEUE number for the delayer, 0..65533 (queues are per network namespace). */
  queueNum: number;
  /** Path of nfq-delayer in the sidecar. Default `nfq-delayer` (on PATH). */
  delayerPath?: string;
  /** Default {@link DEFAULT_PIDFILE}. */
  pidfile?: string;
}

export const DEFAULT_PIDFILE = "/run/socklab-nfq-delayer.pid";
export const EGRESS_CHAIN = "SOCKLAB-EGRESS";
export const INGRESS_CHAIN = "SOCKLAB-INGRESS";

/**
 * tbf sizing: burst ≥ rate/250 (one jiffy at HZ=250) and ≥ 2 full frames; beyond the burst a
 * queue of 200 ms at the rate but at least 64 KiB. A shorter queue tail-drops TCP's bursts at
 * low rates and goodput swings (0.45 to 0.96 Mbit/s measured at 1 mbit with 28 KB).
 */
export function tbfParams(rateBitsPerSec: number): { burst: number; limit: number } {
  const bytesPerSec = rateBitsPerSec / 8;
  const burst = Math.max(3028, Math.ceil(bytesPerSec / 250));
  const limit = burst + Math.max(65536, Math.ceil(bytesPerSec * 0.2));
  return { burst, limit };
}

function run(argv: string[], mayFail = false): Step {
  return { kind: "run", command: { argv, mayFail } };
}

function checkIface(iface: string): void {
  if (!/^[A-Za-z0-9_.@-]{1,15}$/.test(iface)) throw new RangeError(`bad interface name '${iface}'`);
}

/**
 * Ordered steps that impose `imp` on `iface`. Assumes a clean state: run
 * {@link buildReset} first (it tolerates absence), then these.
 */
export function buildApply(imp: Impairment, opts: ApplyOptions): Step[] {
  const { iface, mechanisms: plan, queueNum } = opts;
  checkIface(iface);
  if (!Number.isInteger(queueNum) || queueNum < 0 || queueNum > 65533) {
    throw new RangeError(`queueNum must be 0..65533 (65534/65535 are reserved), not ${queueNum}`);
  }
  const steps: Step[] = [];
  const delay = imp.delayMs ?? 0;
  const jitter = imp.jitterMs ?? 0;

  // 1. qdiscs (egress only).
  const netemArgs: string[] = [];
  if (plan.egress.delay === "netem" && wantsDelay(imp)) {
    netemArgs.push("delay", formatDurationForTc(delay));
    if (jitter > 0) netemArgs.push(formatDurationForTc(jitter));
  }
  if (plan.egress.loss === "netem" && wantsLoss(imp)) {
    netemArgs.push("loss", `${formatNumber(imp.lossPercent ?? 0)}%`);
  }
  const useNetem = netemArgs.length > 0;
  if (useNetem) {
    steps.push(run(["tc", "qdisc", "add", "dev", iface, "root", "handle", "1:", "netem", "limit", "10000", ...netemArgs]));
  }
  if (plan.egress.rate === "tbf" && imp.rateBitsPerSec !== undefined) {
    const { burst, limit } = tbfParams(imp.rateBitsPerSec);
    const where = useNetem ? ["parent", "1:1", "handle", "10:"] : ["root", "handle", "1:"];
    steps.push(
      run(["tc", "qdisc", "add", "dev", iface, ...where, "tbf", "rate", `${imp.rateBitsPerSec}bit`, "burst", String(burst), "limit", String(limit)]),
    );
  }

  // 2. the delayer, before any rule sends packets to its queue.
  const egressDelayer = plan.egress.delay === "nfqueue-delayer" && wantsDelay(imp);
  const ingressDelayer = plan.ingress.delay === "nfqueue-delayer" && wantsDelay(imp);
  if (egressDelayer || ingressDelayer) {
    const pidfile = opts.pidfile ?? DEFAULT_PIDFILE;
    const argv = [opts.delayerPath ?? "nfq-delayer", "--queue", String(queueNum), "--delay", formatNumber(delay)];
    if (jitter > 0) argv.push("--jitter", formatNumber(jitter));
    argv.push("--mark", DELAYER_MARK, "--pidfile", pidfile);
    steps.push({ kind: "start-delayer", delayer: { argv, readyPrefix: `nfq-delayer: queue ${queueNum} bound`, pidfile } });
  }

  // 3. iptables chains, filled before they are jumped to.
  const ipt = plan.iptables;
  const probability = formatNumber((imp.lossPercent ?? 0) / 100);
  const egressLoss = plan.egress.loss === "iptables-statistic" && wantsLoss(imp);
  const ingressLoss = plan.ingress.loss === "iptables-statistic" && wantsLoss(imp);
  if ((egressDelayer || egressLoss || ingressDelayer || ingressLoss) && !ipt) {
    throw new RangeError("the mechanism plan needs iptables but names no iptables binary");
  }
  if (ipt && (egressDelayer || egressLoss)) {
    const m = [ipt, "-t", "mangle"];
    steps.push(run([...m, "-N", EGRESS_CHAIN]));
    steps.push(run([...m, "-A", EGRESS_CHAIN, "!", "-o", iface, "-j", "RETURN"]));
    if (egressDelayer) steps.push(run([...m, "-A", EGRESS_CHAIN, "-m", "mark", "--mark", DELAYER_MARK, "-j", "RETURN"]));
    if (egressLoss) {
      steps.push(
        run([...m, "-A", EGRESS_CHAIN, "-m", "statistic", "--mode", "random", "--probability", probability, "-j", "NFQUEUE", "--queue-num", String(BLACKHOLE_QUEUE_NUM)]),
      );
    }
    if (egressDelayer) steps.push(run([...m, "-A", EGRESS_CHAIN, "-j", "NFQUEUE", "--queue-num", String(queueNum), "--queue-bypass"]));
    steps.push(run([...m, "-A", "POSTROUTING", "-j", EGRESS_CHAIN]));
  }
  if (ipt && (ingressDelayer || ingressLoss)) {
    const m = [ipt, "-t", "mangle"];
    steps.push(run([...m, "-N", INGRESS_CHAIN]));
    steps.push(run([...m, "-A", INGRESS_CHAIN, "!", "-i", iface, "-j", "RETURN"]));
    if (ingressLoss) steps.push(run([...m, "-A", INGRESS_CHAIN, "-m", "statistic", "--mode", "random", "--probability", probability, "-j", "DROP"]));
    if (ingressDelayer) steps.push(run([...m, "-A", INGRESS_CHAIN, "-j", "NFQUEUE", "--queue-num", String(queueNum), "--queue-bypass"]));
    steps.push(run([...m, "-A", "PREROUTING", "-j", INGRESS_CHAIN]));
  }
  return steps;
}

export interface ResetOptions {
  iface: string;
  /** iptables binaries to clean. Default both, so a change of backend leaves nothing behind. */
  iptables?: IptablesBinary[];
  pidfile?: string;
}

/**
 * Commands that remove everything {@link buildApply} may have set up, in an order
 * that never loses packets: unhook the chains (nothing new is queued), stop the
 * delayer (SIGTERM: it releases every held packet; wait up to 5 s for it to
 * exit), then flush and delete the chains and the root qdisc. Every command is
 * `mayFail`: absence is fine.
 */
export function buildReset(opts: ResetOptions): Command[] {
  checkIface(opts.iface);
  const ipts = opts.iptables ?? ["iptables-nft", "iptables-legacy"];
  const pidfile = opts.pidfile ?? DEFAULT_PIDFILE;
  const cmds: Command[] = [];
  const c = (argv: string[]) => cmds.push({ argv, mayFail: true });
  for (const ipt of ipts) {
    c([ipt, "-t", "mangle", "-D", "POSTROUTING", "-j", EGRESS_CHAIN]);
    c([ipt, "-t", "mangle", "-D", "PREROUTING", "-j", INGRESS_CHAIN]);
  }
  c([
    "sh",
    "-c",
    'pid=$(cat "$1" 2>/dev/null) || exit 0; kill -TERM "$pid" 2>/dev/null || exit 0; ' +
      'i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done',
    "socklab-stop-delayer",
    pidfile,
  ]);
  for (const ipt of ipts) {
    for (const chain of [EGRESS_CHAIN, INGRESS_CHAIN]) {
      c([ipt, "-t", "mangle", "-F", chain]);
      c([ipt, "-t", "mangle", "-X", chain]);
    }
  }
  c(["tc", "qdisc", "del", "dev", opts.iface, "root"]);
  return cmds;
}
