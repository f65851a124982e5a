/*
 * probe-server - a server that runs a script of socket calls on each
 * connection it accepts, one connection at a time, and reports every call
 * as one JSON line (lib/probe.c): the other end of probe-client in the wire
 * scenarios.  It can also listen and never accept (the backlog, UNP 4.5), or
 * echo UDP datagrams (UNP 8.3).
 *
 * SIGINT/SIGTERM are blocked except while we wait (ppoll, UNP 20.5), so a
 * stop never lands between two calls: the program prints its exit line and
 * exits 0.
 */
#include "unp.h"

static struct {
    int  port, backlog;
    long max_conns, timeout_ms;
    bool udp, no_accept, reuseaddr, ignore_sigpipe;
} opt = {.port = DEFAULT_PORT, .backlog = LISTENQ, .timeout_ms = 5000};

static char *default_script[] = {"readall", "write:0", "close"};

static void usage(FILE *f)
{
    fprintf(f,
"Usage: %s [-P port] [--udp] [--backlog N] [--no-accept] [--reuseaddr]\n"
"                    [--max-conns N] [--timeout-ms N] [--ignore-sigpipe] [ACTION...]\n"
"Bind 0.0.0.0:port, listen, then accept connections one at a time and run the\n"
"ACTIONs on each; print one JSON line per call on stdout:\n"
"  {\"t_ms\":12.345,\"conn\":1,\"call\":\"read\",\"arg\":65536,\"ret\":-1,\"errno\":\"ECONNRESET\"}\n"
"(conn 0 for bind/listen) and a last line {\"t_ms\":...,\"exit\":N}.\n"
"  -P, --port PORT      port (default %d)\n"
"      --udp            echo UDP datagrams instead (conn = datagram number)\n"
"      --backlog N      listen() backlog, 0..65535 (default %d)\n"
"      --no-accept      listen and never accept, until a signal\n"
"      --reuseaddr      SO_REUSEADDR before bind()\n"
"      --max-conns N    exit 0 after N connections (datagrams); default: never\n"
"      --timeout-ms N   longest wait of a read, 0 = none (default 5000)\n"
"      --ignore-sigpipe SIGPIPE ignored: a write to a reset socket fails EPIPE\n"
"  -h, --help           show this help\n"
"Actions (default: readall write:0 close; append '!' to exit 1 on failure):\n"
"  write:N read[:N] readall shutdown-wr close linger0 sleep:MS, as in probe-client;\n"
"  a connection still open after the script is closed (and reported).\n"
"Exit status: 0 (also on SIGINT/SIGTERM), 1 bind/listen or a '!' action failed,\n"
"2 usage error.\n", progname, DEFAULT_PORT, LISTENQ);
}

static int parse_args(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"port",           required_argument, NULL, 'P'},
        {"udp",            no_argument,       NULL, 'U'},
        {"backlog",        required_argument, NULL, 'B'},
        {"no-accept",      no_argument,       NULL, 'N'},
        {"reuseaddr",      no_argument,       NULL, 'R'},
        {"max-conns",      required_argument, NULL, 'M'},
        {"timeout-ms",     required_argument, NULL, 'T'},
        {"ignore-sigpipe", no_argument,       NULL, 'S'},
        {"help",           no_argument,       NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    int c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":P:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'P': opt.port = (int)parse_long_opt("-P", optarg, 1, 65535); break;
        case 'U': opt.udp = true; break;
        case 'B': opt.backlog = (int)parse_long_opt("--backlog", optarg, 0, 65535); break;
        case 'N': opt.no_accept = true; break;
        case 'R': opt.reuseaddr = true; break;
        case 'M': opt.max_conns = parse_long_opt("--max-conns", optarg, 1, 1000000000); break;
        case 'T': opt.timeout_ms = parse_long_opt("--timeout-ms", optarg, 0, 3600000); break;
        case 'S': opt.ignore_sigpipe = true; break;
        case 'h': usage(stdout); exit(0);
        default:  err_getopt(c, argv);
        }
    }
    if (opt.udp && optind < argc)
        err_usage("--udp takes no ACTION (it echoes each datagram)");
    return optind;
}

/* socket, options, bind, listen: each reported; a failure ends the program. */
static int open_listener(void)
{
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)opt.port),
                              .sin_addr.s_addr = htonl(INADDR_ANY)};
    char num[24];
    int fd = Socket(AF_INET, opt.udp ? SOCK_DGRAM : SOCK_STREAM, 0);

    if (opt.reuseaddr)
        probe_setopt(fd, 0, SO_REUSEADDR);
    int r = bind(fd, (struct sockaddr *)&sin, sizeof sin);
    probe_report(0, "bind", probe_num(opt.port, num, sizeof num), r, r < 0 ? errno : 0);
    if (r < 0) {
        err_ret("bind port %d", opt.port);
        probe_exit(1);
    }
    if (!opt.udp) {
        r = listen(fd, opt.backlog);
        probe_report(0, "listen", probe_num(opt.backlog, num, sizeof num), r, r < 0 ? errno : 0);
        if (r < 0) {
            err_ret("listen");
            probe_exit(1);
        }
    }
    err_msg("listening on port %d%s", opt.port, opt.udp ? " (udp)" : "");
    return fd;
}

/* UDP echo: each datagram reported as "recv", echoed and reported as "send". */
static void serve_udp(int fd)
{
    static char buf[65536];
    char num[24];
    for (long count = 1; ; count++) {
        struct sockaddr_storage from;
        socklen_t fromlen = sizeof from;
        ssize_t n;
        probe_wait(fd, POLLIN, -1);
        while ((n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen)) < 0 &&
               errno == EINTR)
            ;
        probe_report((int)count, "recv", NULL, n, n < 0 ? errno : 0);
        if (n >= 0) {
            ssize_t m = sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from, fromlen);
            probe_report((int)count, "send", probe_num(n, num, sizeof num), m, m < 0 ? errno : 0);
        }
        if (opt.max_conns && count >= opt.max_conns)
            probe_exit(0);
    }
}

static void serve_tcp(int lfd, const struct probe_action *acts, int nacts)
{
    set_nonblock(lfd);          /* poll then accept: a connection reset in
                                   between must not block us (UNP 16.6) */
    for (long conn = 1; ; ) {
        probe_wait(lfd, POLLIN, -1);
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
                continue;
            probe_report((int)conn, "accept", NULL, -1, errno);
            if (errno == EMFILE || errno == ENFILE)
                probe_wait(-1, 0, 100);     /* the backlog stays: do not spin */
            continue;
        }
        probe_report((int)conn, "accept", NULL, fd, 0);
        struct probe_sock s = {.fd = fd, .conn = (int)conn, .connected = true,
                               .timeout_ms = opt.timeout_ms > 0 ? opt.timeout_ms : -1};
        probe_run(&s, acts, nacts);
        if (s.fd >= 0) {
            int r = close(s.fd);
            probe_report(s.conn, "close", NULL, r, r < 0 && errno != EINTR ? errno : 0);
        }
        if (opt.max_conns && conn >= opt.max_conns)
            probe_exit(0);
        conn++;
    }
}

int main(int argc, char **argv)
{
    unsigned allowed = PR_BIT(PR_WRITE) | PR_BIT(PR_READ) | PR_BIT(PR_READALL) |
                       PR_BIT(PR_SHUTDOWN_WR) | PR_BIT(PR_CLOSE) | PR_BIT(PR_SLEEP) |
                       PR_BIT(PR_LINGER0);
    struct probe_action *acts;
    int nacts;

    set_progname(argv[0]);
    int first = parse_args(argc, argv);
    if (first < argc)
        acts = probe_parse(argc, argv, first, allowed, &nacts);
    else
        acts = probe_parse(3, default_script, 0, allowed, &nacts);
    probe_init();
    probe_catch_stop();
    if (opt.ignore_sigpipe)
        probe_ignore_sigpipe();

    int fd = open_listener();
    if (opt.udp)
        serve_udp(fd);
    if (opt.no_accept)
        for (;;)
            probe_wait(-1, 0, -1);      /* until SIGINT/SIGTERM */
    serve_tcp(fd, acts, nacts);
}
