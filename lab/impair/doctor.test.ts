import { describe, expect, test } from "vitest";
import type { KernelCapabilities } from "../netem/index.js";
import { doctorReport, mechanismTable, netemVerdict, renderDoctor } from "./doctor.js";
import type { ProbeResult } from "./probe.js";

const NO_NETEM: KernelCapabilities = { netem: false, tbf: true, nfqueue: true, iptablesStatistic: true, iptablesBackend: "nft", delayer: true };
const FULL: KernelCapabilities = { ...NO_NETEM, netem: true };
const NOTHING: KernelCapabilities = { netem: false, tbf: false, nfqueue: false, iptablesStatistic: false, iptablesBackend: null, delayer: false };

const probe = (caps: KernelCapabilities): ProbeResult => ({
  caps,
  engineId: "ABCD:EFGH:1234:5678",
  kernelVersion: "6.18.44-fc-v595",
  image: "socklab/lab:abc",
  probedAt: "2026-01-01T00:00:00.000Z",
  probedIn: "throwaway",
  cached: false,
});

describe("lab doctor", () => {
  test("without netem: the fallback serves every part, ingress rate is unsupported", () => {
    const t = mechanismTable(NO_NETEM);
    expect(t.delay).toEqual({ egress: { mechanism: "nfq-delayer" }, ingress: { mechanism: "nfq-delayer" } });
    expect(t.jitter).toEqual({ egress: { mechanism: "nfq-delayer" }, ingress: { mechanism: "nfq-delayer" } });
    expect(t.loss).toEqual({ egress: { mechanism: "iptables statistic" }, ingress: { mechanism: "iptables statistic" } });
    expect(t.rate.egress).toEqual({ mechanism: "tbf" });
    expect(t.rate.ingress.mechanism).toBe("unsupported");
    expect(t.rate.ingress.reason).toMatch(/tc shapes only what an interface sends/);
    expect(netemVerdict(NO_NETEM)).toBe(
      "sch_netem is missing from this kernel: using the fallback (delay/jitter: nfq-delayer, loss: iptables statistic, rate: tbf)",
    );
  });

  test("with netem: netem on egress, the delayer on ingress", () => {
    const t = mechanismTable(FULL);
    expect(t.delay).toEqual({ egress: { mechanism: "netem" }, ingress: { mechanism: "nfq-delayer" } });
    expect(t.loss).toEqual({ egress: { mechanism: "netem" }, ingress: { mechanism: "iptables statistic" } });
    expect(netemVerdict(FULL)).toMatch(/^sch_netem is available/);
  });

  test("with nothing: every cell unsupported, with its reason", () => {
    const t = mechanismTable(NOTHING);
    for (const part of ["delay", "jitter", "loss", "rate"] as const) {
      for (const dir of ["egress", "ingress"] as const) expect(t[part][dir].mechanism).toBe("unsupported");
    }
    expect(t.delay.egress.reason).toMatch(/no sch_netem.*no working iptables/);
  });

  test("the rendered table names the missing netem and the fallback, with footnotes for what is unsupported", () => {
    const lines = renderDoctor(doctorReport(probe(NO_NETEM)));
    expect(lines[0]).toBe("kernel 6.18.44-fc-v595 (engine ABCD:EFGH:12), image socklab/lab:abc, probed 2026-01-01T00:00:00.000Z");
    expect(lines).toContain("  sch_netem (tc netem)         missing");
    expect(lines).toContain("  iptables                     iptables-nft");
    expect(lines).toContain("delay       nfq-delayer           nfq-delayer");
    expect(lines).toContain("loss        iptables statistic    iptables statistic");
    expect(lines).toContain("rate        tbf                   unsupported [1]");
    expect(lines.find((l) => l.startsWith("  [1] "))).toMatch(/cannot limit the rate of ingress traffic/);
    expect(lines.at(-1)).toMatch(/^sch_netem is missing from this kernel: using the fallback/);
    const json = doctorReport({ ...probe(NO_NETEM), cached: true });
    expect(json.cached).toBe(true);
    expect(renderDoctor(json)[0]).toMatch(/\(cached\)$/);
  });
});
