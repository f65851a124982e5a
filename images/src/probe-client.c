/*
 * probe-client - run a script of socket calls against a server and report
 * each call's result and errno as one JSON line (lib/probe.c), so the wire
 * scenarios can show what a program SEES of the textbook behaviours: a
 * refused connect (ECONNREFUSED), SIGPIPE / EPIPE on a write to a reset
 * connection (UNP 5.13), ECONNRESET, a half-close (UNP 6.6), a UDP port
 * unreachable seen only by a connected socket (UNP 8.9, 8.11).
 *
 * The socket is made first and the options are set before any action, as a
 * program would; the actions then run in order, each reported whether it
 * succeeded or not.  Nothing is hidden: no signal is caught (a write that
 * draws SIGPIPE kills us, exit status 141 under an init), no call retried
 * except on EINTR.
 */
#include "unp.h"

static struct {
    const char *host;
    int  port;
    long timeout_ms;
    bool udp, ignore_sigpipe, linger0, reuseaddr;
} opt = {.host = "server", .port = DEFAULT_PORT, .timeout_ms = 5000};

static void usage(FILE *f)
{
    fprintf(f,
"Usage: %s [-p host] [-P port] [--udp] [--ignore-sigpipe] [--linger0]\n"
"                    [--reuseaddr] [--timeout-ms N] ACTION...\n"
"Make one TCP (or UDP) socket, set its options, run the ACTIONs in order and\n"
"print one JSON line per call on stdout:\n"
"  {\"t_ms\":12.345,\"conn\":0,\"call\":\"write\",\"arg\":5,\"ret\":-1,\"errno\":\"EPIPE\"}\n"
"and a last line {\"t_ms\":...,\"exit\":N} unless a signal kills the program.\n"
"  -p, --host HOST      server name or address (default server)\n"
"  -P, --port PORT      server port (default %d)\n"
"      --udp            a UDP socket instead of TCP\n"
"      --ignore-sigpipe SIGPIPE ignored: a write to a reset socket fails EPIPE\n"
"      --linger0        SO_LINGER {1, 0}: close() sends RST, no TIME_WAIT\n"
"      --reuseaddr      SO_REUSEADDR\n"
"      --timeout-ms N   longest wait of connect/read/recv, 0 = none\n"
"                       (default 5000)\n"
"  -h, --help           show this help\n"
"Actions (append '!' to exit 1 when the call fails; otherwise go on):\n"
"  connect       connect() (UDP: a connected socket)\n"
"  write:N       one write() of N bytes of the pattern (byte i = i %% 251)\n"
"  read[:N]      one read() of up to N bytes (default 65536); timeout: ETIMEDOUT\n"
"  readall       read() until EOF or error: one \"readall\" line, ret = total bytes\n"
"  shutdown-wr   shutdown(SHUT_WR): send FIN, keep reading\n"
"  close         close()\n"
"  linger0       SO_LINGER {1, 0} now\n"
"  sleep:MS      sleep MS milliseconds\n"
"  send:N        (UDP) N bytes with sendto(), or send() once connected\n"
"  recv[:N]      (UDP) one recvfrom(); timeout: EAGAIN\n"
"Exit status: 0, 1 when a '!' action failed, 2 usage error, 128+signal when\n"
"killed (141: SIGPIPE).\n", progname, DEFAULT_PORT);
}

static int parse_args(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"host",           required_argument, NULL, 'p'},
        {"port",           required_argument, NULL, 'P'},
        {"udp",            no_argument,       NULL, 'U'},
        {"ignore-sigpipe", no_argument,       NULL, 'S'},
        {"linger0",        no_argument,       NULL, 'L'},
        {"reuseaddr",      no_argument,       NULL, 'R'},
        {"timeout-ms",     required_argument, NULL, 'T'},
        {"help",           no_argument,       NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    int c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":p:P:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if (*optarg == '\0')
                err_usage("bad -p value '': expected a host name or address");
            opt.host = optarg;
            break;
        case 'P': opt.port = (int)parse_long_opt("-P", optarg, 1, 65535); break;
        case 'U': opt.udp = true; break;
        case 'S': opt.ignore_sigpipe = true; break;
        case 'L': opt.linger0 = true; break;
        case 'R': opt.reuseaddr = true; break;
        case 'T': opt.timeout_ms = parse_long_opt("--timeout-ms", optarg, 0, 3600000); break;
        case 'h': usage(stdout); exit(0);
        default:  err_getopt(c, argv);
        }
    }
    if (optind == argc)
        err_usage("no ACTION given");
    return optind;
}

int main(int argc, char **argv)
{
    struct probe_sock s = {.conn = 0};
    unsigned allowed = PR_BIT(PR_CONNECT) | PR_BIT(PR_WRITE) | PR_BIT(PR_READ) |
                       PR_BIT(PR_READALL) | PR_BIT(PR_SHUTDOWN_WR) | PR_BIT(PR_CLOSE) |
                       PR_BIT(PR_SLEEP) | PR_BIT(PR_SEND) | PR_BIT(PR_RECV) |
                       PR_BIT(PR_LINGER0);
    int nacts;

    set_progname(argv[0]);
    int first = parse_args(argc, argv);
    struct probe_action *acts = probe_parse(argc, argv, first, allowed, &nacts);
    probe_init();

    Resolve(opt.host, opt.port, &s.peer, &s.peerlen);
    s.udp = opt.udp;
    s.timeout_ms = opt.timeout_ms > 0 ? opt.timeout_ms : -1;
    s.fd = Socket(s.peer.ss_family, opt.udp ? SOCK_DGRAM : SOCK_STREAM, 0);
    if (opt.ignore_sigpipe)
        probe_ignore_sigpipe();
    if (opt.reuseaddr)
        probe_setopt(s.fd, 0, SO_REUSEADDR);
    if (opt.linger0)
        probe_setopt(s.fd, 0, SO_LINGER);

    probe_run(&s, acts, nacts);
    free(acts);
    probe_exit(0);
}
