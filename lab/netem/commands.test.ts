import { describe, expect, it } from "vitest";
import { type Step, buildApply, buildReset, tbfParams } from "./commands.js";
import type { Impairment } from "./impairment.js";
import { type KernelCapabilities, chooseMechanisms } from "./mechanism.js";

const WITH_NETEM: KernelCapabilities = { netem: true, tbf: true, nfqueue: true, iptablesStatistic: true, iptablesBackend: "nft", delayer: true };
const NO_NETEM: KernelCapabilities = { ...WITH_NETEM, netem: false };

/** One line per step: argv joined by spaces; the delayer as `START <argv> (ready: ...)`. */
function render(steps: Step[]): string[] {
  return steps.map((s) =>
    s.kind === "run"
      ? s.command.argv.join(" ")
      : `START ${s.delayer.argv.join(" ")} (ready: ${s.delayer.readyPrefix})`,
  );
}

function apply(caps: KernelCapabilities, i: Partial<Impairment>, queueNum = 0): string[] {
  const imp: Impairment = { direction: "egress", ...i };
  return render(buildApply(imp, { iface: "eth0", mechanisms: chooseMechanisms(caps, imp), queueNum }));
}

const DELAYER = "START nfq-delayer --queue 0";
const PID = "--mark 0x50c1ab --pidfile /run/socklab-nfq-delayer.pid (ready: nfq-delayer: queue 0 bound)";
const E = "iptables-nft -t mangle";

describe("buildApply with netem", () => {
  it("delay + jitter + loss: one netem qdisc", () => {
    expect(apply(WITH_NETEM, { delayMs: 100, jitterMs: 10, lossPercent: 1 })).toEqual([
      "tc qdisc add dev eth0 root handle 1: netem limit 10000 delay 100ms 10ms loss 1%",
    ]);
  });
  it("delay only", () => {
    expect(apply(WITH_NETEM, { delayMs: 100 })).toEqual(["tc qdisc add dev eth0 root handle 1: netem limit 10000 delay 100ms"]);
  });
  it("sub-millisecond delay and fractional loss", () => {
    expect(apply(WITH_NETEM, { delayMs: 0.25, jitterMs: 1.5, lossPercent: 0.5 })).toEqual([
      "tc qdisc add dev eth0 root handle 1: netem limit 10000 delay 250us 1500us loss 0.5%",
    ]);
  });
  it("loss only", () => {
    expect(apply(WITH_NETEM, { lossPercent: 20 })).toEqual(["tc qdisc add dev eth0 root handle 1: netem limit 10000 loss 20%"]);
  });
  it("rate under netem", () => {
    expect(apply(WITH_NETEM, { delayMs: 20, rateBitsPerSec: 1_000_000 })).toEqual([
      "tc qdisc add dev eth0 root handle 1: netem limit 10000 delay 20ms",
      "tc qdisc add dev eth0 parent 1:1 handle 10: tbf rate 1000000bit burst 3028 limit 68564",
    ]);
  });
  it("rate alone: tbf is the root", () => {
    expect(apply(WITH_NETEM, { rateBitsPerSec: 80_000_000 })).toEqual([
      "tc qdisc add dev eth0 root handle 1: tbf rate 80000000bit burst 40000 limit 2040000",
    ]);
  });
  it("ingress uses the delayer and iptables even with netem", () => {
    expect(apply(WITH_NETEM, { delayMs: 50, jitterMs: 10, lossPercent: 5, direction: "ingress" })).toEqual([
      `${DELAYER} --delay 50 --jitter 10 ${PID}`,
      `${E} -N SOCKLAB-INGRESS`,
      `${E} -A SOCKLAB-INGRESS ! -i eth0 -j RETURN`,
      `${E} -A SOCKLAB-INGRESS -m statistic --mode random --probability 0.05 -j DROP`,
      `${E} -A SOCKLAB-INGRESS -j NFQUEUE --queue-num 0 --queue-bypass`,
      `${E} -A PREROUTING -j SOCKLAB-INGRESS`,
    ]);
  });
  it("both: netem out, delayer in", () => {
    expect(apply(WITH_NETEM, { delayMs: 30, lossPercent: 10, direction: "both" }, 7)).toEqual([
      "tc qdisc add dev eth0 root handle 1: netem limit 10000 delay 30ms loss 10%",
      "START nfq-delayer --queue 7 --delay 30 --mark 0x50c1ab --pidfile /run/socklab-nfq-delayer.pid (ready: nfq-delayer: queue 7 bound)",
      `${E} -N SOCKLAB-INGRESS`,
      `${E} -A SOCKLAB-INGRESS ! -i eth0 -j RETURN`,
      `${E} -A SOCKLAB-INGRESS -m statistic --mode random --probability 0.1 -j DROP`,
      `${E} -A SOCKLAB-INGRESS -j NFQUEUE --queue-num 7 --queue-bypass`,
      `${E} -A PREROUTING -j SOCKLAB-INGRESS`,
    ]);
  });
});

describe("buildApply without netem", () => {
  it("delay: delayer, then the egress chain, then the jump", () => {
    expect(apply(NO_NETEM, { delayMs: 100 })).toEqual([
      `${DELAYER} --delay 100 ${PID}`,
      `${E} -N SOCKLAB-EGRESS`,
      `${E} -A SOCKLAB-EGRESS ! -o eth0 -j RETURN`,
      `${E} -A SOCKLAB-EGRESS -m mark --mark 0x50c1ab -j RETURN`,
      `${E} -A SOCKLAB-EGRESS -j NFQUEUE --queue-num 0 --queue-bypass`,
      `${E} -A POSTROUTING -j SOCKLAB-EGRESS`,
    ]);
  });
  it("delay with jitter, sub-millisecond", () => {
    expect(apply(NO_NETEM, { delayMs: 0.25, jitterMs: 0.1 })[0]).toBe(`${DELAYER} --delay 0.25 --jitter 0.1 ${PID}`);
  });
  it("loss: silent drop through an unbound queue, no delayer", () => {
    expect(apply(NO_NETEM, { lossPercent: 20 })).toEqual([
      `${E} -N SOCKLAB-EGRESS`,
      `${E} -A SOCKLAB-EGRESS ! -o eth0 -j RETURN`,
      `${E} -A SOCKLAB-EGRESS -m statistic --mode random --probability 0.2 -j NFQUEUE --queue-num 65535`,
      `${E} -A POSTROUTING -j SOCKLAB-EGRESS`,
    ]);
  });
  it("probability has no float noise", () => {
    expect(apply(NO_NETEM, { lossPercent: 33.3 })[2]).toContain("--probability 0.333 ");
    expect(apply(NO_NETEM, { lossPercent: 0.5 })[2]).toContain("--probability 0.005 ");
    expect(apply(NO_NETEM, { lossPercent: 100 })[2]).toContain("--probability 1 ");
  });
  it("delay + jitter + loss + rate", () => {
    expect(apply(NO_NETEM, { delayMs: 100, jitterMs: 10, lossPercent: 1, rateBitsPerSec: 500_000 })).toEqual([
      "tc qdisc add dev eth0 root handle 1: tbf rate 500000bit burst 3028 limit 68564",
      `${DELAYER} --delay 100 --jitter 10 ${PID}`,
      `${E} -N SOCKLAB-EGRESS`,
      `${E} -A SOCKLAB-EGRESS ! -o eth0 -j RETURN`,
      `${E} -A SOCKLAB-EGRESS -m mark --mark 0x50c1ab -j RETURN`,
      `${E} -A SOCKLAB-EGRESS -m statistic --mode random --probability 0.01 -j NFQUEUE --queue-num 65535`,
      `${E} -A SOCKLAB-EGRESS -j NFQUEUE --queue-num 0 --queue-bypass`,
      `${E} -A POSTROUTING -j SOCKLAB-EGRESS`,
    ]);
  });
  it("both directions share one delayer", () => {
    expect(apply(NO_NETEM, { delayMs: 30, lossPercent: 10, direction: "both" })).toEqual([
      `${DELAYER} --delay 30 ${PID}`,
      `${E} -N SOCKLAB-EGRESS`,
      `${E} -A SOCKLAB-EGRESS ! -o eth0 -j RETURN`,
      `${E} -A SOCKLAB-EGRESS -m mark --mark 0x50c1ab -j RETURN`,
      `${E} -A SOCKLAB-EGRESS -m statistic --mode random --probability 0.1 -j NFQUEUE --queue-num 65535`,
      `${E} -A SOCKLAB-EGRESS -j NFQUEUE --queue-num 0 --queue-bypass`,
      `${E} -A POSTROUTING -j SOCKLAB-EGRESS`,
      `${E} -N SOCKLAB-INGRESS`,
      `${E} -A SOCKLAB-INGRESS ! -i eth0 -j RETURN`,
      `${E} -A SOCKLAB-INGRESS -m statistic --mode random --probability 0.1 -j DROP`,
      `${E} -A SOCKLAB-INGRESS -j NFQUEUE --queue-num 0 --queue-bypass`,
      `${E} -A PREROUTING -j SOCKLAB-INGRESS`,
    ]);
  });
  it("ingress loss only", () => {
    expect(apply(NO_NETEM, { lossPercent: 20, direction: "ingress" })).toEqual([
      `${E} -N SOCKLAB-INGRESS`,
      `${E} -A SOCKLAB-INGRESS ! -i eth0 -j RETURN`,
      `${E} -A SOCKLAB-INGRESS -m statistic --mode random --probability 0.2 -j DROP`,
      `${E} -A PREROUTING -j SOCKLAB-INGRESS`,
    ]);
  });
  it("legacy iptables", () => {
    expect(apply({ ...NO_NETEM, iptablesBackend: "legacy" }, { lossPercent: 1 })[0]).toBe("iptables-legacy -t mangle -N SOCKLAB-EGRESS");
  });
  it("delayer path, pidfile and readiness are configurable and explicit", () => {
    const imp: Impairment = { delayMs: 5, direction: "egress" };
    const steps = buildApply(imp, {
      iface: "eth1",
      mechanisms: chooseMechanisms(NO_NETEM, imp),
      queueNum: 3,
      delayerPath: "/usr/local/bin/nfq-delayer",
      pidfile: "/tmp/d.pid",
    });
    expect(steps[0]).toEqual({
      kind: "start-delayer",
      delayer: {
        argv: ["/usr/local/bin/nfq-delayer", "--queue", "3", "--delay", "5", "--mark", "0x50c1ab", "--pidfile", "/tmp/d.pid"],
        readyPrefix: "nfq-delayer: queue 3 bound",
        pidfile: "/tmp/d.pid",
      },
    });
    expect(steps.every((s) => s.kind !== "run" || !s.command.mayFail)).toBe(true);
  });
  it("nothing to do → no commands", () => {
    expect(apply(NO_NETEM, {})).toEqual([]);
  });
});

describe("buildApply argument checks", () => {
  const imp: Impairment = { delayMs: 5, direction: "egress" };
  const mechanisms = chooseMechanisms(NO_NETEM, imp);
  it.each([65534, 65535, -1, 1.5])("refuses queue %d", (queueNum) => {
    expect(() => buildApply(imp, { iface: "eth0", mechanisms, queueNum })).toThrow(/queueNum must be 0\.\.65533/);
  });
  it("refuses odd interface names", () => {
    expect(() => buildApply(imp, { iface: "eth0; rm -rf /", mechanisms, queueNum: 0 })).toThrow("bad interface name");
    expect(() => buildReset({ iface: "a-very-long-interface" })).toThrow("bad interface name");
  });
  it("refuses a plan that needs iptables without naming it", () => {
    expect(() => buildApply(imp, { iface: "eth0", mechanisms: { ...mechanisms, iptables: null }, queueNum: 0 })).toThrow(
      "names no iptables binary",
    );
  });
});

describe("buildReset", () => {
  const STOP =
    'sh -c pid=$(cat "$1" 2>/dev/null) || exit 0; kill -TERM "$pid" 2>/dev/null || exit 0; ' +
    'i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done socklab-stop-delayer /run/socklab-nfq-delayer.pid';
  it("unhooks, stops the delayer, removes chains and the qdisc, for both backends", () => {
    const cmds = buildReset({ iface: "eth0" });
    expect(cmds.every((c) => c.mayFail)).toBe(true);
    expect(cmds.map((c) => c.argv.join(" "))).toEqual([
      "iptables-nft -t mangle -D POSTROUTING -j SOCKLAB-EGRESS",
      "iptables-nft -t mangle -D PREROUTING -j SOCKLAB-INGRESS",
      "iptables-legacy -t mangle -D POSTROUTING -j SOCKLAB-EGRESS",
      "iptables-legacy -t mangle -D PREROUTING -j SOCKLAB-INGRESS",
      STOP,
      "iptables-nft -t mangle -F SOCKLAB-EGRESS",
      "iptables-nft -t mangle -X SOCKLAB-EGRESS",
      "iptables-nft -t mangle -F SOCKLAB-INGRESS",
      "iptables-nft -t mangle -X SOCKLAB-INGRESS",
      "iptables-legacy -t mangle -F SOCKLAB-EGRESS",
      "iptables-legacy -t mangle -X SOCKLAB-EGRESS",
      "iptables-legacy -t mangle -F SOCKLAB-INGRESS",
      "iptables-legacy -t mangle -X SOCKLAB-INGRESS",
      "tc qdisc del dev eth0 root",
    ]);
  });
  it("can be limited to one backend and another pidfile", () => {
    const cmds = buildReset({ iface: "eth1", iptables: ["iptables-legacy"], pidfile: "/tmp/d.pid" }).map((c) => c.argv);
    expect(cmds).toHaveLength(8);
    expect(cmds[2]?.at(-1)).toBe("/tmp/d.pid");
    expect(cmds.at(-1)).toEqual(["tc", "qdisc", "del", "dev", "eth1", "root"]);
  });
});

describe("tbfParams", () => {
  it.each([
    [100, 3028, 68564],
    [1_000_000, 3028, 68564],
    [1_000_000_000, 500_000, 25_500_000],
  ])("%d bit/s → burst %d, limit %d", (rate, burst, limit) => expect(tbfParams(rate)).toEqual({ burst, limit }));
});
