/*
 * client_test - load generator and verifier for the socklab servers, after
 * UNP's client.c for chapter 30 ("client_test" there).
 *
 * The parent forks -t children; each child makes -c connections one after
 * the other (or, with --hold, all of them at once and keeps them open), and
 * on each connection sends -r requests "<n>\n" and checks that exactly n
 * bytes of the pattern (byte i = i % 251) come back.  The client is the
 * active closer (FIN, or RST with --rst via SO_LINGER {1, 0}).  Children
 * report one fixed-size record per connection over a pipe (records are
 * smaller than PIPE_BUF, so writes from different children never
 * interleave); the parent aggregates, reaps every child and prints a
 * summary.
 *
 * Failure names: errno names (ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE...)
 * for failing system calls, plus
 *   TIMEOUT     no data for --timeout seconds (SO_RCVTIMEO expired)
 *   SHORT_READ  the server closed before sending all n bytes
 *   MISMATCH    a received byte differs from the pattern
 */
#include "unp.h"

#define F_TIMEOUT    (-1)
#define F_SHORT_READ (-2)
#define F_MISMATCH   (-3)

struct record {                 /* one per connection, child -> parent */
    int32_t  fail;              /* 0 ok, errno (>0) or F_* (<0) */
    int32_t  connected;         /* connect() succeeded: latency is valid */
    uint32_t requests;          /* requests fully verified */
    uint32_t pad;
    uint64_t bytes;             /* verified bytes received */
    double   latency_ms;        /* connect() duration */
};

static struct {
    struct addrinfo *ai;        /* every address of -p, in getaddrinfo order */
    struct addrinfo *good;      /* the one that connected last (this child) */
    const char *host;
    int port, conns, children, requests, timeout;
    long nbytes;
    double hold;
    bool json, rst, holding;
} opt = {.host = "127.0.0.1", .port = DEFAULT_PORT, .conns = 1, .children = 1,
         .requests = 1, .timeout = 30, .nbytes = 4000};

static void usage(FILE *f)
{
    fprintf(f,
"Usage: %s [-p address] [-P port] [-c connections] [-t children] [-n bytes]\n"
"                   [-r requests] [--json] [--hold SECONDS] [--rst] [-w SECONDS]\n"
"Load client for the socklab servers: -t children each make -c connections\n"
"in turn; each connection sends -r requests \"<n>\\n\" and verifies the n bytes\n"
"of the pattern (byte i = i %% 251) that come back, then closes.\n"
"  -p, --address ADDR   server address or host name (default 127.0.0.1)\n"
"  -P, --port PORT      server port (default %d)\n"
"  -c, --connections N  connections per child, 1..1000000 (default 1)\n"
"  -t, --children N     child processes, 1..1024 (default 1)\n"
"  -n, --bytes N        bytes per request, 1..%u (default 4000)\n"
"  -r, --requests N     requests per connection, 0..1000000 (default 1;\n"
"                       0 only with --hold: connect only)\n"
"      --hold SECONDS   open all -c connections of a child, do the requests,\n"
"                       keep them ALL open for SECONDS, then close them\n"
"      --rst            close with SO_LINGER {1,0}: send RST instead of FIN\n"
"  -w, --timeout SECS   per-read/connect timeout, 0 = none (default 30)\n"
"      --json           print one JSON object line instead of the text summary\n"
"  -h, --help           show this help\n"
"Failures are counted by errno name, or TIMEOUT, SHORT_READ (server closed\n"
"early), MISMATCH (wrong byte).  Exit status: 0 all connections ok, 1 some\n"
"failed, 2 usage error.\n", progname, DEFAULT_PORT, REQ_MAX);
}

static void parse_args(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"address",     required_argument, NULL, 'p'},
        {"port",        required_argument, NULL, 'P'},
        {"connections", required_argument, NULL, 'c'},
        {"children",    required_argument, NULL, 't'},
        {"bytes",       required_argument, NULL, 'n'},
        {"requests",    required_argument, NULL, 'r'},
        {"timeout",     required_argument, NULL, 'w'},
        {"hold",        required_argument, NULL, 'H'},
        {"rst",         no_argument,       NULL, 'R'},
        {"json",        no_argument,       NULL, 'J'},
        {"help",        no_argument,       NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    int c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":p:P:c:t:n:r:w:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'p':
            opt.host = parse_host_opt(optarg);
            break;
        case 'P': opt.port = (int)parse_long_opt("-P", optarg, 1, 65535); break;
        case 'c': opt.conns = (int)parse_long_opt("-c", optarg, 1, 1000000); break;
        case 't': opt.children = (int)parse_long_opt("-t", optarg, 1, 1024); break;
        case 'n': opt.nbytes = parse_long_opt("-n", optarg, REQ_MIN, REQ_MAX); break;
        case 'r': opt.requests = (int)parse_long_opt("-r", optarg, 0, 1000000); break;
        case 'w': opt.timeout = (int)parse_long_opt("-w", optarg, 0, 86400); break;
        case 'H':
            opt.hold = (double)parse_long_opt("--hold", optarg, 0, 86400);
            opt.holding = true;
            break;
        case 'R': opt.rst = true; break;
        case 'J': opt.json = true; break;
        case 'h': usage(stdout); exit(0);
        default:  err_getopt(c, argv);
        }
    }
    err_operands(argc, argv);
    if (opt.requests == 0 && !opt.holding)
        err_usage("bad -r value '0': expected 1..1000000 (0 only with --hold)");
}

static int fail_code(int err)
{
    return (err == EAGAIN || err == EWOULDBLOCK) ? F_TIMEOUT : err;
}

/* Connect, trying every address of -p like UNP's tcp_connect (starting with
 * the one that worked last, so "localhost" -> ::1 refused, 127.0.0.1 ok costs
 * the extra attempt once per child); returns fd or -1 with rec->fail set (the
 * error of the last address tried).  The latency is that of the successful
 * connect(). */
static int do_connect(struct record *rec)
{
    struct addrinfo *start = opt.good ? opt.good : opt.ai, *ai = start;
    int err = EADDRNOTAVAIL;

    do {
        int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) {
            err = errno;
        } else {
            if (opt.timeout > 0) {
                struct timeval tv = {opt.timeout, 0};
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
                setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);  /* bounds connect() too */
            }
            double t0 = now_seconds();
            if (connect_nointr(fd, ai->ai_addr, ai->ai_addrlen, opt.timeout * 1000) == 0) {
                rec->latency_ms = (now_seconds() - t0) * 1000.0;
                rec->connected = 1;
                opt.good = ai;
                return fd;
            }
            err = (errno == EINPROGRESS) ? ETIMEDOUT : errno;
            close(fd);
        }
        ai = ai->ai_next ? ai->ai_next : opt.ai;
    } while (ai != start);
    rec->fail = err;
    return -1;
}

/* Run the requests on fd; returns false with rec->fail set on failure. */
static bool do_requests(int fd, struct record *rec, unsigned char *buf, size_t bufsz)
{
    char line[32];
    int len = snprintf(line, sizeof line, "%ld\n", opt.nbytes);

    for (int q = 0; q < opt.requests; q++) {
        if (writen(fd, line, (size_t)len) < 0) {
            rec->fail = fail_code(errno);
            return false;
        }
        uint64_t got = 0;
        while (got < (uint64_t)opt.nbytes) {
            size_t want = (size_t)opt.nbytes - got;
            if (want > bufsz)
                want = bufsz;
            ssize_t n = read(fd, buf, want);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                rec->fail = fail_code(errno);
                return false;
            }
            if (n == 0) {
                rec->fail = F_SHORT_READ;
                return false;
            }
            if (pattern_check(buf, (size_t)n, got) >= 0) {
                rec->fail = F_MISMATCH;
                return false;
            }
            got += (uint64_t)n;
            rec->bytes += (uint64_t)n;
        }
        rec->requests++;
    }
    return true;
}

static void do_close(int fd)
{
    if (opt.rst) {
        struct linger ling = {1, 0};    /* abortive close: RST, no TIME_WAIT */
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &ling, sizeof ling);
    }
    close(fd);
}

static void send_record(int pfd, const struct record *rec)
{
    if (writen(pfd, rec, sizeof *rec) != sizeof *rec)
        err_sys("write to parent");
}

static void child_main(int pfd)
{
    size_t bufsz = 65536;
    unsigned char *buf = Malloc(bufsz);

    if (!opt.holding) {
        for (int i = 0; i < opt.conns; i++) {
            struct record rec = {0};
            int fd = do_connect(&rec);
            if (fd >= 0) {
                do_requests(fd, &rec, buf, bufsz);
                do_close(fd);
            }
            send_record(pfd, &rec);
        }
        exit(0);
    }

    /* --hold: all connections of this child open at the same time */
    int *fds = Malloc((size_t)opt.conns * sizeof *fds);
    struct record *recs = Calloc((size_t)opt.conns, sizeof *recs);
    for (int i = 0; i < opt.conns; i++) {
        fds[i] = do_connect(&recs[i]);
        if (fds[i] >= 0 && !do_requests(fds[i], &recs[i], buf, bufsz)) {
            do_close(fds[i]);
            fds[i] = -1;
        }
    }
    struct timespec ts = {(time_t)opt.hold, 0};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
    for (int i = 0; i < opt.conns; i++) {
        if (fds[i] >= 0)
            do_close(fds[i]);
        send_record(pfd, &recs[i]);
    }
    exit(0);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(const double *v, size_t n, double p)
{
    if (n == 0)
        return 0.0;
    size_t k = (size_t)(p / 100.0 * (double)n + 0.999999);   /* nearest rank */
    if (k < 1)
        k = 1;
    if (k > n)
        k = n;
    return v[k - 1];
}

struct failcount {
    int code;
    long count;
};

static const char *fail_name(int code)
{
    switch (code) {
    case F_TIMEOUT:    return "TIMEOUT";
    case F_SHORT_READ: return "SHORT_READ";
    case F_MISMATCH:   return "MISMATCH";
    default:           return errno_name(code);
    }
}

int main(int argc, char **argv)
{
    int pfd[2];
    long ok = 0, failed = 0, requests = 0;
    uint64_t bytes = 0;
    size_t nlat = 0, total;
    double *lat;
    struct failcount fails[64];
    int nfails = 0;

    set_progname(argv[0]);
    parse_args(argc, argv);
    opt.ai = Resolve_all(opt.host, opt.port);
    raise_nofile_limit();
    Signal(SIGPIPE, SIG_IGN);          /* a reset server gives EPIPE, counted */

    total = (size_t)opt.conns * (size_t)opt.children;
    lat = Malloc((total ? total : 1) * sizeof *lat);
    Pipe(pfd);
    fflush(stdout);

    double t0 = now_seconds();
    pid_t *pids = Calloc((size_t)opt.children, sizeof *pids);
    for (int i = 0; i < opt.children; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            err_ret("fork (continuing with %d children)", i);
            break;
        }
        if (pid == 0) {
            close(pfd[0]);
            child_main(pfd[1]);
        }
        pids[i] = pid;
    }
    close(pfd[1]);                      /* EOF once every child is done */

    struct record rec;
    ssize_t n;
    while ((n = readn(pfd[0], &rec, sizeof rec)) == (ssize_t)sizeof rec) {
        if (rec.connected && nlat < total)
            lat[nlat++] = rec.latency_ms;
        requests += rec.requests;
        bytes += rec.bytes;
        if (rec.fail == 0) {
            ok++;
            continue;
        }
        failed++;
        int k;
        for (k = 0; k < nfails; k++)
            if (fails[k].code == rec.fail)
                break;
        if (k == nfails && nfails < 64) {
            fails[nfails].code = rec.fail;
            fails[nfails].count = 0;
            nfails++;
        }
        if (k < nfails)
            fails[k].count++;
    }
    if (n < 0)
        err_sys("read from children");

    int crashed = 0;
    for (int i = 0; i < opt.children; i++) {
        int status;
        if (pids[i] <= 0)
            continue;
        while (waitpid(pids[i], &status, 0) < 0) {
            if (errno != EINTR)
                err_sys("waitpid");
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            crashed++;
    }
    double elapsed = now_seconds() - t0;
    /* connections never reported (child crashed or fork failed) are failures */
    long missing = (long)total - ok - failed;
    if (missing > 0) {
        failed += missing;
        if (nfails < 64) {
            fails[nfails].code = ECHILD;
            fails[nfails].count = missing;
            nfails++;
        }
    }
    if (crashed)
        err_msg("%d child(ren) exited abnormally", crashed);

    qsort(lat, nlat, sizeof *lat, cmp_double);
    double p50 = percentile(lat, nlat, 50), p99 = percentile(lat, nlat, 99);

    if (opt.json) {
        printf("{\"connections_ok\":%ld,\"connections_failed\":%ld,\"failures\":{", ok, failed);
        for (int k = 0; k < nfails; k++)
            printf("%s\"%s\":%ld", k ? "," : "", fail_name(fails[k].code), fails[k].count);
        printf("},\"requests\":%ld,\"bytes\":%llu,\"elapsed_s\":%.6f,"
               "\"connect_latency_ms\":{\"p50\":%.3f,\"p99\":%.3f}}\n",
               requests, (unsigned long long)bytes, elapsed, p50, p99);
    } else {
        printf("connections: %ld ok, %ld failed\n", ok, failed);
        printf("requests: %ld, bytes: %llu\n", requests, (unsigned long long)bytes);
        printf("elapsed: %.3f s\n", elapsed);
        printf("connect latency: p50 %.3f ms, p99 %.3f ms\n", p50, p99);
        if (nfails > 0) {
            printf("failures:");
            for (int k = 0; k < nfails; k++)
                printf(" %s=%ld", fail_name(fails[k].code), fails[k].count);
            printf("\n");
        }
    }
    fflush(stdout);
    return failed ? 1 : 0;
}
