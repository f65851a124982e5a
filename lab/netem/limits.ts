import { ValidationError } from "./errors.js";

/**
 * Container limits a student can set on a service: ulimits (`--ulimit
 * nofile=256:1024`) and namespaced sysctls (`--sysctl net.core.somaxconn=16`),
 * validated before Docker sees them so the message names the flag and value.
 */

/** As in Docker's HostConfig.Ulimits. -1 means unlimited. */
export interface Ulimit {
  name: UlimitName;
  soft: number;
  hard: number;
}

/** The names Docker (go-units) accepts. */
export const ULIMIT_NAMES = [
  "core",
  "cpu",
  "data",
  "fsize",
  "locks",
  "memlock",
  "msgqueue",
  "nice",
  "nofile",
  "nproc",
  "rss",
  "rtprio",
  "rttime",
  "sigpending",
  "stack",
] as const;
export type UlimitName = (typeof ULIMIT_NAMES)[number];

function ulimitValue(flag: string, spec: string, v: string): number {
  const t = v.trim();
  if (t === "unlimited" || t === "-1") return -1;
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(Number(t))) {
    throw new ValidationError(`${flag}: '${spec}' has a bad limit '${v}' (use a non-negative integer or 'unlimited')`);
  }
  return Number(t);
}

/**
 * RLIMIT_NOFILE has bounds of its own: the kernel refuses "unlimited" and anything above
 * fs.nr_open (1048576 unless raised), and below 16 the container runtime cannot even start
 * the program (runc needs about a dozen descriptors of its own). The Docker engine may grant
 * less than the kernel (its own limit): that is found only at start, and said then.
 */
export const NOFILE_MIN = 16;
export const NOFILE_MAX = 1048576;

function checkNofile(flag: string, spec: string, soft: number, hard: number): void {
  for (const v of [soft, hard]) {
    if (v === -1) throw new ValidationError(`${flag}: '${spec}': nofile cannot be unlimited (the kernel caps it at fs.nr_open, ${NOFILE_MAX})`);
    if (v < NOFILE_MIN) throw new ValidationError(`${flag}: '${spec}': nofile below ${NOFILE_MIN} leaves the container runtime no descriptors to start the program`);
    if (v > NOFILE_MAX) throw new ValidationError(`${flag}: '${spec}': nofile above ${NOFILE_MAX} (the kernel's fs.nr_open) cannot be granted`);
  }
}

function checkUlimit(flag: string, spec: string, name: string, soft: number, hard: number): Ulimit {
  if (!(ULIMIT_NAMES as readonly string[]).includes(name)) {
    throw new ValidationError(`${flag}: '${spec}' names an unknown ulimit '${name}' (known: ${ULIMIT_NAMES.join(", ")})`);
  }
  const inf = (n: number) => (n === -1 ? Infinity : n);
  if (inf(soft) > inf(hard)) {
    throw new ValidationError(`${flag}: '${spec}' has soft limit ${soft === -1 ? "unlimited" : soft} above hard limit ${hard === -1 ? "unlimited" : hard}`);
  }
  if (name === "nofile") checkNofile(flag, spec, soft, hard);
  return { name: name as UlimitName, soft, hard };
}

/** `nofile=256` (soft = hard) or `nofile=256:1024` (soft:hard), as `docker run --ulimit`. */
export function parseUlimit(spec: string, flag = "--ulimit"): Ulimit {
  const m = /^([a-z]+)=([^:]+)(?::(.+))?$/.exec(spec.trim());
  if (!m || m[1] === undefined || m[2] === undefined) {
    throw new ValidationError(`${flag}: '${spec}' is not a ulimit (use e.g. nofile=256 or nofile=256:1024)`);
  }
  const soft = ulimitValue(flag, spec, m[2]);
  const hard = m[3] === undefined ? soft : ulimitValue(flag, spec, m[3]);
  return checkUlimit(flag, spec, m[1], soft, hard);
}

/**
 * A Compose `ulimits:` mapping: `{ nproc: 65535, nofile: { soft: 256, hard: 1024 } }`.
 * `where` prefixes error messages (e.g. `services.web.ulimits`).
 */
export function parseComposeUlimits(value: unknown, where = "ulimits"): Ulimit[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ValidationError(`${where}: must be a mapping such as { nofile: { soft: 256, hard: 1024 } }`);
  }
  const out: Ulimit[] = [];
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    const flag = `${where}.${name}`;
    if (typeof v === "number" || typeof v === "string") {
      const n = ulimitValue(flag, String(v), String(v));
      out.push(checkUlimit(flag, String(v), name, n, n));
    } else if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const extra = Object.keys(o).filter((k) => k !== "soft" && k !== "hard");
      if (extra.length > 0 || o.soft === undefined || o.hard === undefined) {
        throw new ValidationError(`${flag}: '${JSON.stringify(v)}' must be a number or { soft, hard }`);
      }
      const spec = `${String(o.soft)}:${String(o.hard)}`;
      out.push(checkUlimit(flag, spec, name, ulimitValue(flag, spec, String(o.soft)), ulimitValue(flag, spec, String(o.hard))));
    } else {
      throw new ValidationError(`${flag}: '${JSON.stringify(v)}' must be a number or { soft, hard }`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// sysctls

export interface Sysctl {
  key: string;
  value: string;
}

type Kind =
  | { t: "int"; min?: number; max?: number }
  | { t: "ints"; count: number; min?: number; ordered?: boolean }
  | { t: "portRange" }
  | { t: "string" };

const INT: Kind = { t: "int" };
const NONNEG: Kind = { t: "int", min: 0 };
const BOOL: Kind = { t: "int", min: 0, max: 1 };

/** Keys whose value we know how to check; all of them are namespaced. */
const KNOWN: Record<string, Kind> = {
  "net.core.somaxconn": { t: "int", min: 0, max: 2147483647 },
  "net.ipv4.ip_local_port_range": { t: "portRange" },
  "net.ipv4.ip_unprivileged_port_start": { t: "int", min: 0, max: 65536 },
  "net.ipv4.ip_default_ttl": { t: "int", min: 1, max: 255 },
  "net.ipv4.ip_forward": BOOL,
  "net.ipv4.ip_nonlocal_bind": BOOL,
  "net.ipv4.ping_group_range": { t: "ints", count: 2, min: 0 },
  "net.ipv4.tcp_rmem": { t: "ints", count: 3, min: 0, ordered: true },
  "net.ipv4.tcp_wmem": { t: "ints", count: 3, min: 0, ordered: true },
  "net.ipv4.tcp_max_syn_backlog": NONNEG,
  "net.ipv4.tcp_syncookies": { t: "int", min: 0, max: 2 },
  "net.ipv4.tcp_abort_on_overflow": BOOL,
  "net.ipv4.tcp_fin_timeout": NONNEG,
  "net.ipv4.tcp_keepalive_time": { t: "int", min: 1 },
  "net.ipv4.tcp_keepalive_intvl": { t: "int", min: 1 },
  "net.ipv4.tcp_keepalive_probes": { t: "int", min: 1 },
  "net.ipv4.tcp_syn_retries": { t: "int", min: 1, max: 127 },
  "net.ipv4.tcp_synack_retries": NONNEG,
  "net.ipv4.tcp_retries1": NONNEG,
  "net.ipv4.tcp_retries2": NONNEG,
  "net.ipv4.tcp_orphan_retries": NONNEG,
  "net.ipv4.tcp_sack": BOOL,
  "net.ipv4.tcp_dsack": BOOL,
  "net.ipv4.tcp_timestamps": { t: "int", min: 0, max: 2 },
  "net.ipv4.tcp_window_scaling": BOOL,
  "net.ipv4.tcp_tw_reuse": { t: "int", min: 0, max: 2 },
  "net.ipv4.tcp_max_tw_buckets": NONNEG,
  "net.ipv4.tcp_ecn": { t: "int", min: 0, max: 2 },
  "net.ipv4.tcp_fastopen": NONNEG,
  "net.ipv4.tcp_slow_start_after_idle": BOOL,
  "net.ipv4.tcp_no_metrics_save": BOOL,
  "net.ipv4.tcp_mtu_probing": { t: "int", min: 0, max: 2 },
  "net.ipv4.tcp_notsent_lowat": NONNEG,
  "net.ipv4.tcp_autocorking": BOOL,
  "net.ipv4.tcp_moderate_rcvbuf": BOOL,
  "net.ipv4.tcp_congestion_control": { t: "string" },
  "net.ipv4.tcp_allowed_congestion_control": { t: "string" },
  "net.ipv4.tcp_fastopen_key": { t: "string" },
  "net.ipv4.ip_local_reserved_ports": { t: "string" },
  "net.ipv4.udp_rmem_min": NONNEG,
  "net.ipv4.udp_wmem_min": NONNEG,
  "net.ipv4.icmp_echo_ignore_all": BOOL,
  "net.unix.max_dgram_qlen": NONNEG,
  "kernel.msgmax": NONNEG,
  "kernel.msgmnb": NONNEG,
  "kernel.msgmni": NONNEG,
  "kernel.sem": { t: "ints", count: 4, min: 0 },
  "kernel.shmall": NONNEG,
  "kernel.shmmax": NONNEG,
  "kernel.shmmni": NONNEG,
  "kernel.shm_rmid_forced": BOOL,
  "fs.mqueue.msg_default": NONNEG,
  "fs.mqueue.msg_max": NONNEG,
  "fs.mqueue.msgsize_default": NONNEG,
  "fs.mqueue.msgsize_max": NONNEG,
  "fs.mqueue.queues_max": NONNEG,
};

/**
 * Other writable keys a fresh network namespace has (Linux 6.x), checked only as
 * "one or more integers". Read-only ones (e.g. tcp_available_congestion_control,
 * nf_conntrack_count) are left out.
 */
const OTHER_NET = `
net.core.optmem_max net.core.rmem_default net.core.rmem_max net.core.wmem_default net.core.wmem_max
net.core.tstamp_allow_data net.core.txrehash net.core.xfrm_acq_expires net.core.xfrm_aevent_etime
net.core.xfrm_aevent_rseqth net.core.xfrm_larval_drop
net.ipv4.fib_multipath_hash_fields net.ipv4.fib_multipath_hash_policy net.ipv4.fib_multipath_use_neigh
net.ipv4.fwmark_reflect net.ipv4.icmp_echo_enable_probe net.ipv4.icmp_echo_ignore_broadcasts
net.ipv4.icmp_errors_use_inbound_ifaddr net.ipv4.icmp_ignore_bogus_error_responses net.ipv4.icmp_msgs_burst
net.ipv4.icmp_msgs_per_sec net.ipv4.icmp_ratelimit net.ipv4.icmp_ratemask net.ipv4.igmp_link_local_mcast_reports
net.ipv4.igmp_max_memberships net.ipv4.igmp_max_msf net.ipv4.igmp_qrv net.ipv4.ip_autobind_reuse
net.ipv4.ip_dynaddr net.ipv4.ip_early_demux net.ipv4.ip_forward_update_priority net.ipv4.ip_forward_use_pmtu
net.ipv4.ip_no_pmtu_disc net.ipv4.ipfrag_high_thresh net.ipv4.ipfrag_low_thresh net.ipv4.ipfrag_max_dist
net.ipv4.ipfrag_time net.ipv4.raw_l3mdev_accept net.ipv4.route.min_adv_mss net.ipv4.route.min_pmtu
net.ipv4.route.mtu_expires net.ipv4.tcp_adv_win_scale net.ipv4.tcp_app_win net.ipv4.tcp_backlog_ack_defer
net.ipv4.tcp_base_mss net.ipv4.tcp_challenge_ack_limit net.ipv4.tcp_comp_sack_delay_ns net.ipv4.tcp_comp_sack_nr
net.ipv4.tcp_comp_sack_slack_ns net.ipv4.tcp_early_demux net.ipv4.tcp_early_retrans net.ipv4.tcp_ecn_fallback
net.ipv4.tcp_fack net.ipv4.tcp_fastopen_blackhole_timeout_sec net.ipv4.tcp_frto net.ipv4.tcp_fwmark_accept
net.ipv4.tcp_invalid_ratelimit net.ipv4.tcp_l3mdev_accept net.ipv4.tcp_limit_output_bytes
net.ipv4.tcp_max_reordering net.ipv4.tcp_migrate_req net.ipv4.tcp_min_rtt_wlen net.ipv4.tcp_min_snd_mss
net.ipv4.tcp_min_tso_segs net.ipv4.tcp_mtu_probe_floor net.ipv4.tcp_no_ssthresh_metrics_save
net.ipv4.tcp_pacing_ca_ratio net.ipv4.tcp_pacing_ss_ratio net.ipv4.tcp_pingpong_thresh net.ipv4.tcp_probe_interval
net.ipv4.tcp_probe_threshold net.ipv4.tcp_recovery net.ipv4.tcp_reflect_tos net.ipv4.tcp_reordering
net.ipv4.tcp_retrans_collapse net.ipv4.tcp_rfc1337 net.ipv4.tcp_rto_max_ms net.ipv4.tcp_rto_min_us
net.ipv4.tcp_shrink_window net.ipv4.tcp_stdurg net.ipv4.tcp_syn_linear_timeouts net.ipv4.tcp_thin_linear_timeouts
net.ipv4.tcp_tso_rtt_log net.ipv4.tcp_tso_win_divisor net.ipv4.tcp_tw_reuse_delay
net.ipv4.tcp_workaround_signed_windows net.ipv4.udp_early_demux net.ipv4.udp_l3mdev_accept
net.ipv4.xfrm4_gc_thresh
net.ipv6.anycast_src_echo_reply net.ipv6.auto_flowlabels net.ipv6.bindv6only net.ipv6.flowlabel_consistency
net.ipv6.flowlabel_reflect net.ipv6.flowlabel_state_ranges net.ipv6.fwmark_reflect net.ipv6.icmp.echo_ignore_all
net.ipv6.icmp.echo_ignore_anycast net.ipv6.icmp.echo_ignore_multicast net.ipv6.icmp.ratelimit
net.ipv6.ip6frag_high_thresh net.ipv6.ip6frag_low_thresh net.ipv6.ip6frag_time net.ipv6.ip_nonlocal_bind
net.ipv6.route.gc_elasticity net.ipv6.route.gc_interval net.ipv6.route.gc_min_interval
net.ipv6.route.gc_min_interval_ms net.ipv6.route.gc_thresh net.ipv6.route.gc_timeout net.ipv6.route.max_size
net.ipv6.route.min_adv_mss net.ipv6.route.mtu_expires
net.netfilter.nf_conntrack_acct net.netfilter.nf_conntrack_checksum net.netfilter.nf_conntrack_log_invalid
net.netfilter.nf_conntrack_tcp_be_liberal net.netfilter.nf_conntrack_tcp_loose net.netfilter.nf_conntrack_max
net.netfilter.nf_conntrack_tcp_timeout_established net.netfilter.nf_conntrack_tcp_timeout_time_wait
net.netfilter.nf_conntrack_tcp_timeout_close_wait net.netfilter.nf_conntrack_tcp_timeout_fin_wait
net.netfilter.nf_conntrack_udp_timeout net.netfilter.nf_conntrack_udp_timeout_stream
net.netfilter.nf_conntrack_generic_timeout net.netfilter.nf_conntrack_icmp_timeout
`
  .trim()
  .split(/\s+/);
const OTHER = new Set(OTHER_NET);

/** Per-interface families: net.ipv4.conf.<if>.<key>, net.ipv6.conf.<if>.<key>, net.ipv{4,6}.neigh.<if>.<key>. */
const PER_IFACE = /^net\.ipv[46]\.(conf|neigh)\.(all|default|[A-Za-z0-9_-]{1,15})\.[a-z0-9_]+$/;
/** Settable sysctl families outside the network namespace (IPC namespace). */
const IPC_FAMILY = /^(kernel\.(msg|shm|sem)|fs\.mqueue\.)/;

function kindOf(key: string): Kind | undefined {
  const k = KNOWN[key];
  if (k) return k;
  if (OTHER.has(key) || PER_IFACE.test(key)) return { t: "ints", count: 0 };
  return undefined;
}

function checkValue(flag: string, spec: string, key: string, value: string, kind: Kind): void {
  const v = value.trim();
  const bad = (why: string) => new ValidationError(`${flag}: '${spec}': ${key} ${why}`);
  const ints = v.split(/\s+/);
  const isInt = (s: string) => /^-?\d+$/.test(s);
  switch (kind.t) {
    case "string":
      if (v === "" || /[\n\r]/.test(v)) throw bad("needs a one-line value");
      return;
    case "int": {
      if (!isInt(v)) throw bad(`must be an integer, not '${value}'`);
      const n = Number(v);
      if (kind.min !== undefined && n < kind.min) throw bad(`must be at least ${kind.min}, not ${v}`);
      if (kind.max !== undefined && n > kind.max) throw bad(`must be at most ${kind.max}, not ${v}`);
      return;
    }
    case "ints": {
      const what = kind.count === 0 ? "integer(s)" : `${kind.count} integers separated by spaces`;
      if (!ints.every(isInt) || (kind.count !== 0 && ints.length !== kind.count)) throw bad(`must be ${what}, not '${value}'`);
      const ns = ints.map(Number);
      if (kind.min !== undefined && ns.some((n) => n < kind.min!)) throw bad(`values must be at least ${kind.min}, not '${value}'`);
      if (kind.ordered && ns.some((n, i) => i > 0 && n < ns[i - 1]!)) throw bad(`values must be min default max in increasing order, not '${value}'`);
      return;
    }
    case "portRange": {
      if (ints.length !== 2 || !ints.every((s) => /^\d+$/.test(s))) throw bad(`must be two ports 'low high', not '${value}'`);
      const [lo, hi] = ints.map(Number) as [number, number];
      if (lo < 1 || hi > 65535) throw bad(`ports must be within 1..65535, not '${value}'`);
      if (lo > hi) throw bad(`low port ${lo} is above high port ${hi}`);
      return;
    }
  }
}

/**
 * `net.core.somaxconn=16` → `{ key, value }`. Only sysctls that are namespaced
 * (Docker applies them inside the container: its network namespace's net.*, the
 * IPC namespace's kernel.msg*, kernel.shm*, kernel.sem, fs.mqueue.*) are allowed.
 */
export function parseSysctl(spec: string, flag = "--sysctl"): Sysctl {
  const eq = spec.indexOf("=");
  if (eq <= 0) throw new ValidationError(`${flag}: '${spec}' is not a sysctl (use e.g. net.core.somaxconn=16)`);
  const key = spec.slice(0, eq).trim().replace(/\//g, ".");
  const value = spec.slice(eq + 1).trim();
  return checkSysctl(flag, spec, key, value);
}

function checkSysctl(flag: string, spec: string, key: string, value: string): Sysctl {
  const kind = kindOf(key);
  if (!kind) {
    if (key.startsWith("net.") || IPC_FAMILY.test(key)) {
      throw new ValidationError(`${flag}: '${spec}': ${key} is unknown or not namespaced, so it cannot be set in a container`);
    }
    throw new ValidationError(`${flag}: '${spec}': ${key} is not namespaced (it would change the host); only net.*, kernel.msg*/shm*/sem and fs.mqueue.* can be set in a container`);
  }
  checkValue(flag, spec, key, value, kind);
  return { key, value };
}

/** A Compose `sysctls:` mapping (`{ net.core.somaxconn: 16 }`) or list (`["net.core.somaxconn=16"]`). */
export function parseComposeSysctls(value: unknown, where = "sysctls"): Sysctl[] {
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      if (typeof item !== "string") throw new ValidationError(`${where}[${i}]: '${JSON.stringify(item)}' must be a string key=value`);
      return parseSysctl(item, `${where}[${i}]`);
    });
  }
  if (value === null || typeof value !== "object") {
    throw new ValidationError(`${where}: must be a mapping such as { net.core.somaxconn: 16 }`);
  }
  return Object.entries(value as Record<string, unknown>).map(([key, v]) => {
    if (typeof v !== "string" && typeof v !== "number") {
      throw new ValidationError(`${where}.${key}: '${JSON.stringify(v)}' must be a number or string`);
    }
    return checkSysctl(`${where}.${key}`, `${key}=${String(v)}`, key, String(v));
  });
}
