import { describe, expect, test } from "vitest";
import { interfaceForAddress, parseIpAddrShow } from "./resolver.js";

const TWO_NETWORKS = `1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
2: eth0    inet 172.18.0.2/16 brd 172.18.255.255 scope global eth0\\       valid_lft forever preferred_lft forever
3: eth1@if57    inet 10.9.0.3/24 brd 10.9.0.255 scope global eth1\\       valid_lft forever preferred_lft forever
`;

describe("the interface resolver", () => {
  test("parses every IPv4 row, stripping @ifN", () => {
    expect(parseIpAddrShow(TWO_NETWORKS)).toEqual([
      { iface: "lo", address: "127.0.0.1", prefix: 8 },
      { iface: "eth0", address: "172.18.0.2", prefix: 16 },
      { iface: "eth1", address: "10.9.0.3", prefix: 24 },
    ]);
  });

  test("finds the interface by the container's lab address, not by guessing eth0", () => {
    expect(interfaceForAddress(TWO_NETWORKS, "10.9.0.3", "t-x-server")).toBe("eth1");
    expect(interfaceForAddress(TWO_NETWORKS, "172.18.0.2", "t-x-server")).toBe("eth0");
  });

  test("an address nobody holds is an error that lists what is there", () => {
    expect(() => interfaceForAddress(TWO_NETWORKS, "172.18.0.9", "t-x-server")).toThrow(
      "no interface in t-x-server holds 172.18.0.9 (it has: lo 127.0.0.1/8, eth0 172.18.0.2/16, eth1 10.9.0.3/24)",
    );
    expect(() => interfaceForAddress("", "1.2.3.4", "c")).toThrow(/it has: no IPv4 address/);
  });

  test("does not mistake a longer address for a prefix match", () => {
    expect(() => interfaceForAddress(TWO_NETWORKS, "172.18.0.", "c")).toThrow();
    expect(() => interfaceForAddress("2: eth0    inet 10.0.0.12/8 scope global eth0", "10.0.0.1", "c")).toThrow();
  });
});
