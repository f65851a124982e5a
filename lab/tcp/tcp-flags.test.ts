import { describe, expect, it } from "vitest";
import { TcpFlag } from "../pcap/packet.js";
import { flagForChar, sequenceLength, tcpdumpFlags } from "./tcp-flags.js";

describe("tcpdumpFlags", () => {
  it("follows tcpdump's order", () => {
    expect(tcpdumpFlags(TcpFlag.SYN)).toBe("S");
    expect(tcpdumpFlags(TcpFlag.SYN | TcpFlag.ACK)).toBe("S.");
    expect(tcpdumpFlags(TcpFlag.PSH | TcpFlag.ACK)).toBe("P.");
    expect(tcpdumpFlags(TcpFlag.FIN | TcpFlag.PSH | TcpFlag.ACK)).toBe("FP.");
    expect(tcpdumpFlags(TcpFlag.RST | TcpFlag.ACK)).toBe("R.");
    expect(tcpdumpFlags(TcpFlag.SYN | TcpFlag.ECE | TcpFlag.CWR)).toBe("SEW");
    expect(tcpdumpFlags(0)).toBe("none");
  });
  it("shows AccECN's AE bit as tcpdump does (\"e\", last), and no reserved bit", () => {
    expect(tcpdumpFlags(TcpFlag.SYN | TcpFlag.ECE | TcpFlag.CWR | TcpFlag.AE)).toBe("SEWe");
    expect(tcpdumpFlags(TcpFlag.ACK | TcpFlag.AE)).toBe(".e");
    expect(tcpdumpFlags(TcpFlag.ACK | 0x800)).toBe(".");
    expect(flagForChar("e")).toBe(TcpFlag.AE);
  });
  it("counts SYN and FIN in sequence space", () => {
    expect(sequenceLength(TcpFlag.SYN, 0)).toBe(1);
    expect(sequenceLength(TcpFlag.FIN | TcpFlag.ACK, 10)).toBe(11);
  });
});
