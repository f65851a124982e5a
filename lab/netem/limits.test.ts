import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.js";
import { parseComposeSysctls, parseComposeUlimits, parseSysctl, parseUlimit } from "./limits.js";

describe("parseUlimit", () => {
  it.each([
    ["nofile=256", { name: "nofile", soft: 256, hard: 256 }],
    ["nofile=256:1024", { name: "nofile", soft: 256, hard: 1024 }],
    ["nproc=64", { name: "nproc", soft: 64, hard: 64 }],
    ["core=0", { name: "core", soft: 0, hard: 0 }],
    ["stack=8192:unlimited", { name: "stack", soft: 8192, hard: -1 }],
    ["memlock=-1", { name: "memlock", soft: -1, hard: -1 }],
  ])("%s", (spec, want) => expect(parseUlimit(spec)).toEqual(want));
  it.each([
    ["nofile=1024:256", "--ulimit: 'nofile=1024:256' has soft limit 1024 above hard limit 256"],
    ["nofile=unlimited:256", "--ulimit: 'nofile=unlimited:256' has soft limit unlimited above hard limit 256"],
    ["files=10", "--ulimit: 'files=10' names an unknown ulimit 'files' (known: core, cpu, data, fsize, locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack)"],
    ["nofile", "--ulimit: 'nofile' is not a ulimit (use e.g. nofile=256 or nofile=256:1024)"],
    ["nofile=lots", "--ulimit: 'nofile=lots' has a bad limit 'lots' (use a non-negative integer or 'unlimited')"],
    ["nofile=0", "--ulimit: 'nofile=0': nofile below 16 leaves the container runtime no descriptors to start the program"],
    ["nofile=99999999", "--ulimit: 'nofile=99999999': nofile above 1048576 (the kernel's fs.nr_open) cannot be granted"],
    ["nofile=unlimited", "--ulimit: 'nofile=unlimited': nofile cannot be unlimited (the kernel caps it at fs.nr_open, 1048576)"],
    ["nofile=1.5", "--ulimit: 'nofile=1.5' has a bad limit '1.5' (use a non-negative integer or 'unlimited')"],
  ])("%s → %s", (spec, msg) => {
    expect(() => parseUlimit(spec)).toThrow(ValidationError);
    expect(() => parseUlimit(spec)).toThrow(msg);
  });
});

describe("parseComposeUlimits", () => {
  it("accepts numbers and soft/hard mappings", () => {
    expect(parseComposeUlimits({ nproc: 65535, nofile: { soft: 256, hard: 1024 } })).toEqual([
      { name: "nproc", soft: 65535, hard: 65535 },
      { name: "nofile", soft: 256, hard: 1024 },
    ]);
  });
  it.each([
    [{ nofile: { soft: 2048, hard: 1024 } }, "ulimits.nofile: '2048:1024' has soft limit 2048 above hard limit 1024"],
    [{ nofile: { soft: 1 } }, `ulimits.nofile: '{"soft":1}' must be a number or { soft, hard }`],
    [{ open: 3 }, "ulimits.open: '3' names an unknown ulimit 'open'"],
    [[1], "ulimits: must be a mapping such as { nofile: { soft: 256, hard: 1024 } }"],
  ])("%j → %s", (v, msg) => expect(() => parseComposeUlimits(v)).toThrow(msg));
});

describe("parseSysctl", () => {
  it.each([
    ["net.core.somaxconn=16", { key: "net.core.somaxconn", value: "16" }],
    ["net.ipv4.ip_local_port_range=10000 10100", { key: "net.ipv4.ip_local_port_range", value: "10000 10100" }],
    ["net.ipv4.tcp_rmem=4096 87380 6291456", { key: "net.ipv4.tcp_rmem", value: "4096 87380 6291456" }],
    ["net.ipv4.tcp_syncookies=0", { key: "net.ipv4.tcp_syncookies", value: "0" }],
    ["net.ipv4.tcp_congestion_control=reno", { key: "net.ipv4.tcp_congestion_control", value: "reno" }],
    ["net.ipv4.conf.all.rp_filter=0", { key: "net.ipv4.conf.all.rp_filter", value: "0" }],
    ["net.ipv4.conf.eth0.forwarding=1", { key: "net.ipv4.conf.eth0.forwarding", value: "1" }],
    ["net.ipv4.tcp_tw_reuse=1", { key: "net.ipv4.tcp_tw_reuse", value: "1" }],
    ["net/core/somaxconn=4", { key: "net.core.somaxconn", value: "4" }],
    ["kernel.shmmax=68719476736", { key: "kernel.shmmax", value: "68719476736" }],
    ["kernel.sem=250 32000 100 128", { key: "kernel.sem", value: "250 32000 100 128" }],
    ["fs.mqueue.msg_max=20", { key: "fs.mqueue.msg_max", value: "20" }],
    ["net.ipv4.tcp_min_tso_segs=4", { key: "net.ipv4.tcp_min_tso_segs", value: "4" }],
  ])("%s", (spec, want) => expect(parseSysctl(spec)).toEqual(want));

  it.each([
    ["vm.swappiness=10", "--sysctl: 'vm.swappiness=10': vm.swappiness is not namespaced (it would change the host); only net.*, kernel.msg*/shm*/sem and fs.mqueue.* can be set in a container"],
    ["kernel.pid_max=100", "--sysctl: 'kernel.pid_max=100': kernel.pid_max is not namespaced (it would change the host); only net.*, kernel.msg*/shm*/sem and fs.mqueue.* can be set in a container"],
    ["net.core.netdev_max_backlog=10", "--sysctl: 'net.core.netdev_max_backlog=10': net.core.netdev_max_backlog is unknown or not namespaced, so it cannot be set in a container"],
    ["net.ipv4.tcp_mem=1 2 3", "--sysctl: 'net.ipv4.tcp_mem=1 2 3': net.ipv4.tcp_mem is unknown or not namespaced, so it cannot be set in a container"],
    ["net.core.somaxcon=16", "--sysctl: 'net.core.somaxcon=16': net.core.somaxcon is unknown or not namespaced, so it cannot be set in a container"],
    ["net.core.somaxconn=many", "--sysctl: 'net.core.somaxconn=many': net.core.somaxconn must be an integer, not 'many'"],
    ["net.core.somaxconn=-1", "--sysctl: 'net.core.somaxconn=-1': net.core.somaxconn must be at least 0, not -1"],
    ["net.ipv4.tcp_syncookies=3", "--sysctl: 'net.ipv4.tcp_syncookies=3': net.ipv4.tcp_syncookies must be at most 2, not 3"],
    ["net.ipv4.ip_local_port_range=20000 10000", "--sysctl: 'net.ipv4.ip_local_port_range=20000 10000': net.ipv4.ip_local_port_range low port 20000 is above high port 10000"],
    ["net.ipv4.ip_local_port_range=0 70000", "--sysctl: 'net.ipv4.ip_local_port_range=0 70000': net.ipv4.ip_local_port_range ports must be within 1..65535, not '0 70000'"],
    ["net.ipv4.ip_local_port_range=1024", "--sysctl: 'net.ipv4.ip_local_port_range=1024': net.ipv4.ip_local_port_range must be two ports 'low high', not '1024'"],
    ["net.ipv4.tcp_rmem=4096 87380", "--sysctl: 'net.ipv4.tcp_rmem=4096 87380': net.ipv4.tcp_rmem must be 3 integers separated by spaces, not '4096 87380'"],
    ["net.ipv4.tcp_wmem=9000 4096 8192", "--sysctl: 'net.ipv4.tcp_wmem=9000 4096 8192': net.ipv4.tcp_wmem values must be min default max in increasing order, not '9000 4096 8192'"],
    ["net.ipv4.conf.all.rp_filter=x", "--sysctl: 'net.ipv4.conf.all.rp_filter=x': net.ipv4.conf.all.rp_filter must be integer(s), not 'x'"],
    ["net.ipv4.tcp_congestion_control=", "--sysctl: 'net.ipv4.tcp_congestion_control=': net.ipv4.tcp_congestion_control needs a one-line value"],
    ["somaxconn", "--sysctl: 'somaxconn' is not a sysctl (use e.g. net.core.somaxconn=16)"],
    ["kernel.sem=1 2 3", "--sysctl: 'kernel.sem=1 2 3': kernel.sem must be 4 integers separated by spaces, not '1 2 3'"],
  ])("%s → %s", (spec, msg) => {
    expect(() => parseSysctl(spec)).toThrow(ValidationError);
    expect(() => parseSysctl(spec)).toThrow(msg);
  });
});

describe("parseComposeSysctls", () => {
  it("accepts a mapping and a list", () => {
    expect(parseComposeSysctls({ "net.core.somaxconn": 16 })).toEqual([{ key: "net.core.somaxconn", value: "16" }]);
    expect(parseComposeSysctls(["net.core.somaxconn=16"])).toEqual([{ key: "net.core.somaxconn", value: "16" }]);
  });
  it("names the key in errors", () => {
    expect(() => parseComposeSysctls({ "vm.overcommit_memory": 1 })).toThrow("sysctls.vm.overcommit_memory: 'vm.overcommit_memory=1': vm.overcommit_memory is not namespaced");
    expect(() => parseComposeSysctls(["net.core.somaxconn=x"])).toThrow("sysctls[0]: 'net.core.somaxconn=x': net.core.somaxconn must be an integer, not 'x'");
  });
});
