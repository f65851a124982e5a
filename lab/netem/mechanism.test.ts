import { describe, expect, it } from "vitest";
import { UnsupportedError } from "./errors.js";
import type { Impairment } from "./impairment.js";
import { PROBE_SCRIPT, type KernelCapabilities, chooseMechanisms, parseProbeOutput } from "./mechanism.js";

const WITH_NETEM: KernelCapabilities = { netem: true, tbf: true, nfqueue: true, iptablesStatistic: true, iptablesBackend: "nft", delayer: true };
/** What the probe printed on the development host (no sch_netem). */
const NO_NETEM: KernelCapabilities = { ...WITH_NETEM, netem: false };
const NOTHING: KernelCapabilities = { netem: false, tbf: false, nfqueue: false, iptablesStatistic: false, iptablesBackend: null, delayer: false };

describe("parseProbeOutput", () => {
  it("parses the probe's output on the development host", () => {
    const out = "netem=0\ntbf=1\nnfqueue=1\niptables_statistic=1\niptables_backend=nft\ndelayer=1\n";
    expect(parseProbeOutput(out)).toEqual(NO_NETEM);
  });
  it("ignores noise and treats missing keys as unavailable", () => {
    const out = "# Warning: iptables-legacy tables present\r\nnetem=1\nprobe_error=cannot create a veth pair\niptables_backend=legacy\n";
    expect(parseProbeOutput(out)).toEqual({ netem: true, tbf: false, nfqueue: false, iptablesStatistic: false, iptablesBackend: "legacy", delayer: false });
    expect(parseProbeOutput("")).toEqual(NOTHING);
    expect(parseProbeOutput("iptables_backend=none").iptablesBackend).toBeNull();
  });
  it("the probe script prints every key and cleans up after itself", () => {
    for (const key of ["netem", "tbf", "nfqueue", "iptables_statistic", "iptables_backend", "delayer"]) {
      expect(PROBE_SCRIPT).toContain(`echo ${key}=$`);
    }
    expect(PROBE_SCRIPT).toContain("ip link del socklab-pr0");
    expect(PROBE_SCRIPT).toContain("-X SOCKLAB-PROBE");
    expect(PROBE_SCRIPT).toContain("--queue-num 65534 --queue-bypass");
    expect(PROBE_SCRIPT).toContain("nfq-delayer --check --queue 65534");
  });
});

const imp = (i: Partial<Impairment>): Impairment => ({ direction: "egress", ...i });

describe("chooseMechanisms", () => {
  it("uses netem and tbf for egress where netem exists", () => {
    expect(chooseMechanisms(WITH_NETEM, imp({ delayMs: 100, jitterMs: 10, lossPercent: 1, rateBitsPerSec: 1e6 }))).toEqual({
      egress: { delay: "netem", loss: "netem", rate: "tbf" },
      ingress: {},
      iptables: null,
    });
  });
  it("falls back to the delayer and iptables without netem", () => {
    expect(chooseMechanisms(NO_NETEM, imp({ delayMs: 100, lossPercent: 1, rateBitsPerSec: 1e6 }))).toEqual({
      egress: { delay: "nfqueue-delayer", loss: "iptables-statistic", rate: "tbf" },
      ingress: {},
      iptables: "iptables-nft",
    });
  });
  it("uses iptables for ingress even where netem exists", () => {
    expect(chooseMechanisms(WITH_NETEM, imp({ delayMs: 50, lossPercent: 5, direction: "ingress" }))).toEqual({
      egress: {},
      ingress: { delay: "nfqueue-delayer", loss: "iptables-statistic" },
      iptables: "iptables-nft",
    });
  });
  it("combines both directions", () => {
    expect(chooseMechanisms(WITH_NETEM, imp({ delayMs: 50, direction: "both" }))).toEqual({
      egress: { delay: "netem" },
      ingress: { delay: "nfqueue-delayer" },
      iptables: "iptables-nft",
    });
  });
  it("picks the legacy binary when that is what works", () => {
    expect(chooseMechanisms({ ...NO_NETEM, iptablesBackend: "legacy" }, imp({ lossPercent: 3 })).iptables).toBe("iptables-legacy");
  });
  it("treats zero values as nothing to do", () => {
    expect(chooseMechanisms(NOTHING, imp({ delayMs: 0, lossPercent: 0, direction: "both" }))).toEqual({ egress: {}, ingress: {}, iptables: null });
  });
  it.each([
    [NOTHING, imp({ delayMs: 10 }), "cannot delay egress traffic: the kernel has no sch_netem, and the NFQUEUE fallback is unavailable (no working iptables in the sidecar)"],
    [{ ...NO_NETEM, delayer: false }, imp({ delayMs: 10 }), "cannot delay egress traffic: the kernel has no sch_netem, and the NFQUEUE fallback is unavailable (nfq-delayer is missing from the sidecar or cannot bind a queue (nfnetlink_queue missing?))"],
    [{ ...NO_NETEM, nfqueue: false }, imp({ delayMs: 10 }), "cannot delay egress traffic: the kernel has no sch_netem, and the NFQUEUE fallback is unavailable (iptables cannot add NFQUEUE rules (xt_NFQUEUE missing))"],
    [{ ...NO_NETEM, iptablesStatistic: false }, imp({ lossPercent: 10 }), "cannot drop egress packets: the kernel has no sch_netem, and the iptables fallback needs the statistic match and the NFQUEUE target (xt_statistic missing)"],
    [NOTHING, imp({ lossPercent: 10 }), "cannot drop egress packets: the kernel has no sch_netem, and the iptables fallback needs the statistic match and the NFQUEUE target (no working iptables)"],
    [{ ...WITH_NETEM, tbf: false }, imp({ rateBitsPerSec: 1e6 }), "cannot limit the rate: the kernel has no sch_tbf"],
    [WITH_NETEM, imp({ rateBitsPerSec: 1e6, direction: "ingress" }), "cannot limit the rate of ingress traffic: tc shapes only what an interface sends; set the rate on the sending service (--direction egress)"],
    [WITH_NETEM, imp({ rateBitsPerSec: 1e6, direction: "both" }), "cannot limit the rate of ingress traffic"],
    [{ ...WITH_NETEM, delayer: false }, imp({ delayMs: 10, direction: "both" }), "cannot delay ingress traffic: it needs iptables NFQUEUE and nfq-delayer (nfq-delayer is missing from the sidecar or cannot bind a queue (nfnetlink_queue missing?))"],
    [{ ...WITH_NETEM, iptablesStatistic: false }, imp({ lossPercent: 1, direction: "ingress" }), "cannot drop ingress packets: it needs the iptables statistic match (xt_statistic missing)"],
  ])("reports what is missing (%#)", (caps, i, msg) => {
    expect(() => chooseMechanisms(caps, i)).toThrow(UnsupportedError);
    expect(() => chooseMechanisms(caps, i)).toThrow(msg);
  });
});
