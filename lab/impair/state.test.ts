import { describe, expect, test } from "vitest";
import { describeState, formatRate, parseQdiscs, parseState } from "./state.js";

const NOTHING = `@@ tc
qdisc noqueue 0: root refcnt 2
@@ iptables-nft
-P PREROUTING ACCEPT
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-P POSTROUTING ACCEPT
@@ delayer
`;

const FALLBACK_BOTH = `@@ tc
qdisc tbf 1: root refcnt 2 rate 1Mbit burst 3028b lat 196.9ms
@@ iptables-nft
-P PREROUTING ACCEPT
-P POSTROUTING ACCEPT
-N SOCKLAB-EGRESS
-N SOCKLAB-INGRESS
-A PREROUTING -j SOCKLAB-INGRESS
-A POSTROUTING -j SOCKLAB-EGRESS
-A SOCKLAB-EGRESS ! -o eth0 -j RETURN
-A SOCKLAB-EGRESS -m mark --mark 0x50c1ab -j RETURN
-A SOCKLAB-EGRESS -m statistic --mode random --probability 0.20000000019 -j NFQUEUE --queue-num 65535
-A SOCKLAB-EGRESS -j NFQUEUE --queue-num 1 --queue-bypass
-A SOCKLAB-INGRESS ! -i eth0 -j RETURN
-A SOCKLAB-INGRESS -m statistic --mode random --probability 0.20000000019 -j DROP
-A SOCKLAB-INGRESS -j NFQUEUE --queue-num 1 --queue-bypass
@@ iptables-legacy
-P PREROUTING ACCEPT
@@ delayer
57 nfq-delayer --queue 1 --delay 100 --jitter 10 --mark 0x50c1ab --pidfile /run/socklab-nfq-delayer.pid
`;

describe("reading back what is in force", () => {
  test("a clean namespace: the default qdisc, no rule, no delayer", () => {
    const s = parseState(NOTHING, "eth0");
    expect(s).toMatchObject({ iface: "eth0", active: false, egress: {}, ingress: {}, rules: [], delayers: [], warnings: [] });
    expect(s.qdiscs).toEqual(["qdisc noqueue 0: root refcnt 2"]);
  });

  test("the fallback in both directions: delayer args, statistic probability, tbf rate", () => {
    const s = parseState(FALLBACK_BOTH, "eth0");
    expect(s.active).toBe(true);
    expect(s.egress).toEqual({
      delay: { ms: 100, jitterMs: 10, via: "nfq-delayer" },
      loss: { percent: 20, via: "iptables statistic" },
      rate: { bitsPerSec: 1_000_000, via: "tbf" },
    });
    expect(s.ingress).toEqual({ delay: { ms: 100, jitterMs: 10, via: "nfq-delayer" }, loss: { percent: 20, via: "iptables statistic" } });
    expect(s.delayers).toEqual([
      { pid: 57, queue: 1, delayMs: 100, jitterMs: 10, argv: ["nfq-delayer", "--queue", "1", "--delay", "100", "--jitter", "10", "--mark", "0x50c1ab", "--pidfile", "/run/socklab-nfq-delayer.pid"] },
    ]);
    expect(s.rules).toHaveLength(11);
    expect(s.rules[0]).toBe("iptables-nft -N SOCKLAB-EGRESS");
    expect(s.warnings).toEqual([]);
  });

  test("netem with a tbf child", () => {
    const { egress, ours } = parseQdiscs([
      "qdisc netem 1: root refcnt 2 limit 10000 delay 100ms  10ms loss 1%",
      "qdisc tbf 10: parent 1:1 rate 500Kbit burst 3028b lat 212.5ms",
    ]);
    expect(ours).toBe(true);
    expect(egress).toEqual({
      delay: { ms: 100, jitterMs: 10, via: "netem" },
      loss: { percent: 1, via: "netem" },
      rate: { bitsPerSec: 500_000, via: "tbf" },
    });
    expect(parseQdiscs(["qdisc netem 1: root refcnt 2 limit 10000 loss 0.5%"]).egress).toEqual({ loss: { percent: 0.5, via: "netem" } });
    expect(parseQdiscs(["qdisc netem 1: root refcnt 2 limit 1000 delay 1s"]).egress.delay).toEqual({ ms: 1000, jitterMs: 0, via: "netem" });
  });

  test("leftovers are reported, not hidden", () => {
    const dangling = parseState("@@ tc\nqdisc noqueue 0: root\n@@ iptables-nft\n-N SOCKLAB-EGRESS\n-A SOCKLAB-EGRESS -j NFQUEUE --queue-num 1 --queue-bypass\n@@ delayer\n", "eth0");
    expect(dangling.active).toBe(true);
    expect(dangling.warnings).toEqual(["iptables-nft: chain SOCKLAB-EGRESS exists but is not jumped to"]);
    const orphanRule = parseState("@@ tc\n@@ iptables-nft\n-A POSTROUTING -j SOCKLAB-EGRESS\n-A SOCKLAB-EGRESS -j NFQUEUE --queue-num 1 --queue-bypass\n@@ delayer\n", "eth0");
    expect(orphanRule.warnings[0]).toMatch(/queues to 1 but no nfq-delayer serves that queue/);
    const lonely = parseState("@@ tc\n@@ delayer\n9 nfq-delayer --queue 1 --delay 5\n", "eth0");
    expect(lonely.active).toBe(true);
    expect(lonely.warnings[0]).toMatch(/nfq-delayer running \(pid 9\) but no rule/);
  });

  test("rendering for lab netem show", () => {
    expect(formatRate(1_000_000)).toBe("1mbit");
    expect(formatRate(1_500_000)).toBe("1.5mbit");
    expect(formatRate(64_000)).toBe("64kbit");
    expect(formatRate(100)).toBe("100bit");
    const lines = describeState("server", "t-x", parseState(FALLBACK_BOTH, "eth0"), "t-x-server-impair");
    expect(lines[0]).toBe("server (lab t-x) on eth0, sidecar t-x-server-impair: impaired");
    expect(lines[1]).toBe("  egress:  delay 100ms ± 10ms (nfq-delayer), loss 20% (iptables statistic), rate 1mbit (tbf)");
    expect(lines[2]).toBe("  ingress: delay 100ms ± 10ms (nfq-delayer), loss 20% (iptables statistic)");
    expect(lines).toContain("  process: 57 nfq-delayer --queue 1 --delay 100 --jitter 10 --mark 0x50c1ab --pidfile /run/socklab-nfq-delayer.pid");
    expect(describeState("server", "t-x", undefined)).toEqual(["server (lab t-x): no impairment (not running)"]);
  });
});
