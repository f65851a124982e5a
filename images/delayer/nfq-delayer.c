/*
 * nfq-delayer: delay (and optionally drop) packets handed to user space by an
 * iptables NFQUEUE rule. It is socklab's fallback for kernels without sch_netem.
 *
 *   nfq-delayer --queue N --delay MS [--jitter MS] [--loss PERCENT] [--seed S]
 *               [--pidfile PATH]
 *   nfq-delayer --check --queue N      bind the queue, unbind, exit 0 (probe)
 *
 * Model (the same as `tc qdisc ... netem delay D J` without a distribution
 * table): every packet is held for D + U(-J, +J) milliseconds, where U is a
 * uniform random variable; a negative result is clamped to 0. Held packets are
 * released in order of their release time (ties: arrival order), so packets are
 * reordered only when the jitter makes a later packet's release time earlier
 * than an earlier packet's, exactly what netem jitter does. With J = 0 there is
 * no reordering at all.
 *
 * --loss P drops each packet with probability P% (NF_DROP, which is silent for
 * the sender: the kernel already reported success when the packet was queued).
 *
 * Held packets live in a binary min-heap keyed by release time; we sleep in
 * ppoll() until the earliest one is due. The queue is configured with maxlen
 * 10000 and NFQA_CFG_F_FAIL_OPEN, so a full queue (or a full netlink socket)
 * means "accept now" rather than "drop". Pair the rule with --queue-bypass so
 * that traffic flows when we are not running.
 *
 * Two ways of holding a packet, chosen per packet by the netfilter hook it came
 * from:
 *
 *  - received packets (PREROUTING/INPUT/FORWARD): the packet stays in the kernel
 *    queue and we issue NF_ACCEPT for its id when it is due;
 *
 *  - locally generated IPv4 packets (OUTPUT/POSTROUTING): we take a copy, drop
 *    the original at once (NF_DROP after queueing is silent for the sender), and
 *    when it is due we send the copy unchanged through a raw IPPROTO_RAW socket
 *    marked with --mark (default 0x50c1ab) so that the iptables chain lets it
 *    pass (`-m mark --mark 0x50c1ab -j RETURN` before the NFQUEUE rule).
 *    Why not just hold it: a queued skb is still charged to the sending socket,
 *    so TCP small queues (TSQ) and the socket send buffer would throttle the
 *    sender to a couple of packets per delay period. Measured with 50 ms of
 *    delay on a veth: 0.6 Mbit/s for a TCP bulk transfer. tc netem avoids this
 *    by orphaning the skb (skb_orphan_partial); the copy does the same for us.
 *    The copy is complete and checksummed because we do not set NFQA_CFG_F_GSO:
 *    the kernel segments GSO packets and resolves CHECKSUM_PARTIAL before copying.
 *
 * On SIGTERM/SIGINT every held packet is accepted (in release order), packets
 * already waiting on the socket are accepted too, and the queue is unbound.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netlink.h>
#include <libnfnetlink/libnfnetlink.h>
#include <libnetfilter_queue/libnetfilter_queue.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define QUEUE_MAXLEN 10000u
#define RCVBUF_BYTES (8u * 1024u * 1024u)
/* Cap on packets held in user space (copies included: ~75 MB at 1500 bytes).
 * Beyond it packets are accepted undelayed, like the kernel's fail-open. */
#define HELD_MAX 50000u

struct held {
	uint64_t release_ns;
	uint64_t seq;
	uint32_t id;
	uint32_t len;   /* length of pkt */
	uint8_t *pkt;   /* copy to re-send (locally generated); NULL: accept id */
};

static struct held *heap;
static size_t heap_len, heap_cap;
static uint64_t seq_counter;

static uint64_t delay_ns, jitter_ns;
static int raw_fd = -1;
static int send_errors;
static double loss_fraction;
static uint64_t rng_state;
static int draining; /* shutting down: accept everything immediately */
static int verdict_errors;
static unsigned long long n_accepted, n_lost, n_resent;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("nfq-delayer: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* splitmix64: small, fast, reproducible with --seed. */
static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform double in [0, 1). */
static double rng_unit(void)
{
	return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0);
}

static int held_before(const struct held *a, const struct held *b)
{
	if (a->release_ns != b->release_ns)
		return a->release_ns < b->release_ns;
	return a->seq < b->seq;
}

static void heap_push(struct held h)
{
	if (heap_len == heap_cap) {
		size_t cap = heap_cap ? heap_cap * 2 : 1024;
		struct held *n = realloc(heap, cap * sizeof *n);
		if (!n)
			die("out of memory holding %zu packets", heap_len);
		heap = n;
		heap_cap = cap;
	}
	size_t i = heap_len++;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!held_before(&h, &heap[p]))
			break;
		heap[i] = heap[p];
		i = p;
	}
	heap[i] = h;
}

static struct held heap_pop(void)
{
	struct held top = heap[0];
	struct held last = heap[--heap_len];
	size_t i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		const struct held *mv = &last;
		if (l < heap_len && held_before(&heap[l], mv)) {
			m = l;
			mv = &heap[l];
		}
		if (r < heap_len && held_before(&heap[r], mv))
			m = r;
		if (m == i)
			break;
		heap[i] = heap[m];
		i = m;
	}
	if (heap_len > 0)
		heap[i] = last;
	return top;
}

static void verdict(struct nfq_q_handle *qh, uint32_t id, uint32_t v)
{
	if (nfq_set_verdict(qh, id, v, 0, NULL) < 0) {
		/* The packet may already be gone (e.g. its device went away); report once. */
		if (!verdict_errors++)
			fprintf(stderr, "nfq-delayer: warning: verdict for packet %" PRIu32 " failed: %s\n",
				id, strerror(errno));
	} else if (v == NF_ACCEPT) {
		n_accepted++;
	}
}

static int on_packet(struct nfq_q_handle *qh, struct nfgenmsg *msg, struct nfq_data *nfa, void *data)
{
	(void)msg;
	(void)data;
	struct nfqnl_msg_packet_hdr *ph = nfq_get_msg_packet_hdr(nfa);
	if (!ph)
		return 0;
	uint32_t id = ntohl(ph->packet_id);

	if (draining || heap_len >= HELD_MAX) {
		verdict(qh, id, NF_ACCEPT);
		return 0;
	}
	if (loss_fraction > 0 && rng_unit() < loss_fraction) {
		n_lost++;
		verdict(qh, id, NF_DROP);
		return 0;
	}
	uint8_t *pkt = NULL;
	uint32_t len = 0;
	if (ph->hook == NF_INET_LOCAL_OUT || ph->hook == NF_INET_POST_ROUTING) {
		unsigned char *payload;
		int n = nfq_get_payload(nfa, &payload);
		if (n >= 20 && (payload[0] >> 4) == 4) {
			pkt = malloc((size_t)n);
			if (pkt) {
				memcpy(pkt, payload, (size_t)n);
				len = (uint32_t)n;
			}
		}
	}
	int64_t d = (int64_t)delay_ns;
	if (jitter_ns > 0)
		d += (int64_t)((2.0 * rng_unit() - 1.0) * (double)jitter_ns);
	if (d <= 0) {
		free(pkt);
		verdict(qh, id, NF_ACCEPT);
		return 0;
	}
	if (pkt)
		verdict(qh, id, NF_DROP); /* the copy goes out later */
	struct held h = { .release_ns = now_ns() + (uint64_t)d, .seq = seq_counter++, .id = id, .len = len, .pkt = pkt };
	heap_push(h);
	return 0;
}

static void resend(const struct held *h)
{
	struct sockaddr_in dst = { .sin_family = AF_INET };
	memcpy(&dst.sin_addr, h->pkt + 16, 4);
	if (sendto(raw_fd, h->pkt, h->len, 0, (struct sockaddr *)&dst, sizeof dst) < 0) {
		if (!send_errors++)
			fprintf(stderr, "nfq-delayer: warning: re-sending a delayed packet failed: %s\n", strerror(errno));
	} else {
		n_resent++;
	}
}

static void release_due(struct nfq_q_handle *qh, uint64_t now)
{
	while (heap_len > 0 && heap[0].release_ns <= now) {
		struct held h = heap_pop();
		if (h.pkt) {
			resend(&h);
			free(h.pkt);
		} else {
			verdict(qh, h.id, NF_ACCEPT);
		}
	}
}

/* Read every message currently on the socket (non-blocking). Returns -1 on a fatal error. */
static int drain_socket(struct nfq_handle *h, int fd)
{
	static char buf[65536 + 8192] __attribute__((aligned));
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n > 0) {
			nfq_handle_packet(h, buf, (int)n);
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0 && (errno == EINTR || errno == ENOBUFS))
			continue; /* ENOBUFS: kernel fail-open already accepted what it could not queue */
		if (n == 0)
			return 0;
		fprintf(stderr, "nfq-delayer: reading from the netfilter queue failed: %s\n", strerror(errno));
		return -1;
	}
}

/* Does this process hold CAP_NET_ADMIN (bit 12 of CapEff)? -1 if unknown. */
static int have_net_admin(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return -1;
	char line[256];
	int res = -1;
	while (fgets(line, sizeof line, f)) {
		unsigned long long caps;
		if (sscanf(line, "CapEff: %llx", &caps) == 1) {
			res = (caps >> 12) & 1;
			break;
		}
	}
	fclose(f);
	return res;
}

static const char *hint_for(int err)
{
	switch (err) {
	case EPERM:
	case EACCES:
		/* The kernel answers EPERM both to unprivileged callers and to a second
		 * process binding a queue that is already bound. */
		if (have_net_admin() == 1)
			return " (the queue is already bound by another process in this network namespace)";
		return " (needs root with CAP_NET_ADMIN in this network namespace)";
	case EBUSY:
		return " (the queue is already bound by another process in this network namespace)";
	case EOPNOTSUPP:
	case EPROTONOSUPPORT:
	case ENOENT:
		return " (the kernel lacks nfnetlink_queue support)";
	default:
		return "";
	}
}

static double parse_num(const char *flag, const char *s, double lo, double hi)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi)
		die("%s: '%s' is not a number in %g..%g", flag, s, lo, hi);
	return v;
}

static void usage(FILE *f)
{
	fputs("usage: nfq-delayer --queue N --delay MS [--jitter MS] [--loss PERCENT] [--seed S]\n"
	      "                   [--mark M] [--pidfile PATH]\n"
	      "       nfq-delayer --check --queue N\n",
	      f);
}

int main(int argc, char **argv)
{
	long queue = -1;
	double delay_ms = -1, jitter_ms = 0, loss_pct = 0;
	int have_seed = 0, check = 0;
	uint64_t seed = 0;
	unsigned long mark = 0x50c1ab;
	const char *pidfile = NULL;

	static const struct option opts[] = {
		{ "queue", required_argument, NULL, 'q' }, { "delay", required_argument, NULL, 'd' },
		{ "jitter", required_argument, NULL, 'j' }, { "loss", required_argument, NULL, 'l' },
		{ "seed", required_argument, NULL, 's' },  { "pidfile", required_argument, NULL, 'p' },
		{ "check", no_argument, NULL, 'c' },       { "mark", required_argument, NULL, 'm' },       { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			queue = (long)parse_num("--queue", optarg, 0, 65535);
			if ((double)queue != strtod(optarg, NULL))
				die("--queue: '%s' is not an integer in 0..65535", optarg);
			break;
		case 'd': delay_ms = parse_num("--delay", optarg, 0, 600000); break;
		case 'j': jitter_ms = parse_num("--jitter", optarg, 0, 600000); break;
		case 'l': loss_pct = parse_num("--loss", optarg, 0, 100); break;
		case 's': {
			char *end;
			errno = 0;
			seed = strtoull(optarg, &end, 0);
			if (errno || end == optarg || *end)
				die("--seed: '%s' is not an unsigned integer", optarg);
			have_seed = 1;
			break;
		}
		case 'p': pidfile = optarg; break;
		case 'm': {
			char *end;
			errno = 0;
			mark = strtoul(optarg, &end, 0);
			if (errno || end == optarg || *end || mark == 0 || mark > 0xffffffffUL)
				die("--mark: '%s' is not a non-zero 32-bit integer", optarg);
			break;
		}
		case 'c': check = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "nfq-delayer: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (queue < 0) {
		fputs("nfq-delayer: --queue is required\n", stderr);
		usage(stderr);
		return 2;
	}
	if (!check && delay_ms < 0) {
		fputs("nfq-delayer: --delay is required\n", stderr);
		usage(stderr);
		return 2;
	}
	if (delay_ms < 0)
		delay_ms = 0;
	delay_ns = (uint64_t)llround(delay_ms * 1e6);
	jitter_ns = (uint64_t)llround(jitter_ms * 1e6);
	loss_fraction = loss_pct / 100.0;
	rng_state = have_seed ? seed : (now_ns() ^ ((uint64_t)getpid() << 32));

	/* Block the signals we handle so they arrive only through the signalfd. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	if (sigprocmask(SIG_BLOCK, &sigs, NULL) < 0)
		die("sigprocmask: %s", strerror(errno));
	int sfd = signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0)
		die("signalfd: %s", strerror(errno));

	struct nfq_handle *h = nfq_open();
	if (!h) {
		int e = errno;
		die("cannot open a netfilter queue handle: %s%s", strerror(e), hint_for(e));
	}
	errno = 0;
	struct nfq_q_handle *qh = nfq_create_queue(h, (uint16_t)queue, on_packet, NULL);
	if (!qh) {
		int e = errno ? errno : EPERM;
		nfq_close(h);
		die("cannot bind queue %ld: %s%s", queue, strerror(e), hint_for(e));
	}
	if (check) {
		nfq_destroy_queue(qh);
		nfq_close(h);
		fprintf(stderr, "nfq-delayer: queue %ld can be bound\n", queue);
		return 0;
	}
	raw_fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (raw_fd < 0)
		die("cannot open a raw socket: %s (needs CAP_NET_RAW)", strerror(errno));
	uint32_t mark32 = (uint32_t)mark;
	if (setsockopt(raw_fd, SOL_SOCKET, SO_MARK, &mark32, sizeof mark32) < 0)
		die("cannot set SO_MARK on the raw socket: %s%s", strerror(errno), hint_for(errno));
	int sndbuf = 16 * 1024 * 1024;
	(void)setsockopt(raw_fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof sndbuf);

	if (nfq_set_mode(qh, NFQNL_COPY_PACKET, 0xffff) < 0)
		die("cannot set copy mode on queue %ld: %s", queue, strerror(errno));
	if (nfq_set_queue_maxlen(qh, QUEUE_MAXLEN) < 0)
		die("cannot set queue %ld maxlen to %u: %s", queue, QUEUE_MAXLEN, strerror(errno));
	/* FAIL_OPEN: accept instead of drop when the queue or our socket is full. No
	 * NFQA_CFG_F_GSO: copies must be single, checksummed packets (see the top). */
	uint32_t flags = NFQA_CFG_F_FAIL_OPEN;
	if (nfq_set_queue_flags(qh, flags, flags) < 0)
		die("cannot set fail-open on queue %ld: %s (kernel too old?)", queue, strerror(errno));

	int fd = nfq_fd(h);
	nfnl_rcvbufsiz(nfq_nfnlh(h), RCVBUF_BYTES);
	int one = 1;
	/* Do not report socket overruns as errors: fail-open already accepted those packets. */
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, &one, sizeof one);

	if (pidfile) {
		FILE *pf = fopen(pidfile, "w");
		if (!pf || fprintf(pf, "%ld\n", (long)getpid()) < 0 || fclose(pf) != 0)
			die("cannot write pidfile %s: %s", pidfile, strerror(errno));
	}

	fprintf(stderr, "nfq-delayer: queue %ld bound (delay %g ms, jitter %g ms)\n", queue, delay_ms, jitter_ms);
	if (loss_pct > 0)
		fprintf(stderr, "nfq-delayer: dropping %g%% of packets\n", loss_pct);

	int status = 0;
	for (;;) {
		struct timespec ts, *tsp = NULL;
		if (heap_len > 0) {
			uint64_t now = now_ns();
			uint64_t wait = heap[0].release_ns > now ? heap[0].release_ns - now : 0;
			ts.tv_sec = (time_t)(wait / 1000000000ull);
			ts.tv_nsec = (long)(wait % 1000000000ull);
			tsp = &ts;
		}
		struct pollfd pfd[2] = { { .fd = fd, .events = POLLIN }, { .fd = sfd, .events = POLLIN } };
		int n = ppoll(pfd, 2, tsp, NULL);
		if (n < 0 && errno != EINTR) {
			fprintf(stderr, "nfq-delayer: poll failed: %s\n", strerror(errno));
			status = 1;
			break;
		}
		if (n > 0 && (pfd[1].revents & POLLIN))
			break;
		if (n > 0 && (pfd[0].revents & (POLLIN | POLLERR))) {
			if (drain_socket(h, fd) < 0) {
				status = 1;
				break;
			}
		}
		release_due(qh, now_ns());
	}

	/* Shutdown: release everything we hold (in release order), then whatever is still
	 * waiting on the socket, and only then unbind (unbinding drops queued packets). */
	size_t held_at_exit = heap_len;
	draining = 1;
	release_due(qh, UINT64_MAX);
	drain_socket(h, fd);
	nfq_destroy_queue(qh);
	nfq_close(h);
	if (pidfile)
		unlink(pidfile);
	fprintf(stderr,
		"nfq-delayer: released %zu held packets; %llu accepted, %llu re-sent, %llu lost in total; exiting\n",
		held_at_exit, n_accepted, n_resent, n_lost);
	free(heap);
	return status;
}
