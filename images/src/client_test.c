/*
 * client_test - load generator and verifier for the socklab servers, after
 * UNP's client.c for chapter 30 ("client_test" there).
 *
 * The parent forks -t children; each child makes -c connections one after
 * the other (or, with --hold, all of them at once, and keeps them open), and
 * on each connection sends -r requests "<n>\n" and checks that exactly n
 * bytes of the pattern (byte i = i % 251) come back (lib/loadconn.c).  With
 * --hold a child's connections wait at the same time, each with its own
 * timeout, so a server that never accepts them costs one timeout, not one
 * per connection.  The client is the active closer (FIN, or RST with --rst
 * via SO_LINGER {1, 0}).  Children report one fixed-size record per
 * connection over a pipe as soon as it is done (records are smaller than
 * PIPE_BUF, so writes from different children never interleave); the
 * parent aggregates, shows progress on stderr every few seconds on long
 * runs, reaps every child and prints a summary on stdout.
 *
 * Failure names: errno names (ECONNREFUSED, ECONNRESET, ETIMEDOUT for a
 * connect that timed out, EPIPE...) for failing system calls, plus
 *   TIMEOUT     no data for --timeout seconds
 *   SHORT_READ  the server closed before sending all n bytes
 *   MISMATCH    a received byte differs from the pattern
 */
#include "unp.h"

#define PROGRESS_EVERY_S 5.0
#define MAX_FAILS        64

static struct {
    const char *host;
    int port, conns, children, requests, timeout;
    long nbytes;
    int hold;
    bool json, rst, holding;
    struct addrinfo *ai;        /* every address of -p, resolved once */
} opt = {.host = "127.0.0.1", .port = DEFAULT_PORT, .conns = 1, .children = 1,
         .requests = 1, .timeout = 30, .nbytes = 4000};

static void usage(FILE *f)
{
    fprintf(f,
"Usage: %s [-p address] [-P port] [-c connections] [-t children] [-n bytes]\n"
"                   [-r requests] [--json] [--hold SECONDS] [--rst] [-w|--timeout SECONDS]\n"
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
"                       keep them ALL open for SECONDS, then close them; up\n"
"                       to 128 connections of a child are in progress at\n"
"                       once, plus those stuck for over 0.5 s\n"
"      --rst            close with SO_LINGER {1,0}: send RST instead of FIN\n"
"  -w, --timeout SECS   longest wait for a connect or a read, 0 = none\n"
"                       (default 30); with --hold the connections that wait\n"
"                       wait together: about one timeout in all\n"
"      --json           print one JSON object line instead of the text summary\n"
"  -h, --help           show this help\n"
"Failures are counted by errno name, or TIMEOUT, SHORT_READ (server closed\n"
"early), MISMATCH (wrong byte); refused and timed out (ETIMEDOUT + TIMEOUT)\n"
"are also totalled.  Runs longer than %.0f s show progress on stderr.\n"
"Exit status: 0 all connections ok, 1 some failed, 2 usage error.\n", progname, DEFAULT_PORT, REQ_MAX, PROGRESS_EVERY_S);
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
        case 'w': opt.timeout = (int)parse_long_opt("--timeout", optarg, 0, 86400); break;
        case 'H':
            opt.hold = (int)parse_long_opt("--hold", optarg, 0, 86400);
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

static void send_record(struct load_conn *c, void *arg)
{
    if (writen(*(int *)arg, &c->rec, sizeof c->rec) != sizeof c->rec)
        err_sys("write to parent");
}

static void child_main(int pfd)
{
    struct load_params p = {.requests = opt.requests, .nbytes = opt.nbytes,
                            .timeout_ms = opt.timeout * 1000, .rst = opt.rst};
    p.ai = opt.ai;

    if (!opt.holding) {
        for (int i = 0; i < opt.conns; i++) {
            struct load_conn c;
            load_run(&c, 1, &p, send_record, &pfd);
            load_close(&c, opt.rst);
        }
        exit(0);
    }
    /* --hold: all connections of this child open at the same time */
    struct load_conn *c = Calloc((size_t)opt.conns, sizeof *c);
    load_run(c, opt.conns, &p, send_record, &pfd);
    struct timespec ts = {(time_t)opt.hold, 0};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
    for (int i = 0; i < opt.conns; i++)
        load_close(&c[i], opt.rst);
    exit(0);
}

/* ---- the parent: aggregate, show progress, summarise ---------------------- */

struct failcount {
    int code;
    long count;
};

static struct {
    long ok, failed, requests;
    uint64_t bytes;
    double *lat, *reply;        /* connect and reply latencies, ms */
    size_t nlat, nreply, total;
    struct failcount fails[MAX_FAILS];
    int nfails;
} sum;

static void count_failure(int code, long n)
{
    int k;
    for (k = 0; k < sum.nfails; k++)
        if (sum.fails[k].code == code)
            break;
    if (k == sum.nfails) {
        if (k == MAX_FAILS)
            return;
        sum.fails[sum.nfails++] = (struct failcount){code, 0};
    }
    sum.fails[k].count += n;
}

static void account(const struct load_record *rec)
{
    if (rec->connected && sum.nlat < sum.total)
        sum.lat[sum.nlat++] = rec->latency_ms;
    if (rec->requests > 0 && sum.nreply < sum.total)
        sum.reply[sum.nreply++] = rec->reply_ms;
    sum.requests += rec->requests;
    sum.bytes += rec->bytes;
    if (rec->fail == 0) {
        sum.ok++;
    } else {
        sum.failed++;
        count_failure(rec->fail, 1);
    }
}

static long failures_of(int code)
{
    for (int k = 0; k < sum.nfails; k++)
        if (sum.fails[k].code == code)
            return sum.fails[k].count;
    return 0;
}

static long refused(void) { return failures_of(ECONNREFUSED); }
static long timed_out(void) { return failures_of(ETIMEDOUT) + failures_of(LOAD_TIMEOUT); }

/* On stderr: stdout carries only the summary (the JSON line). */
static void progress(double elapsed)
{
    long done = sum.ok + sum.failed;
    if (done == (long)sum.total && opt.holding)
        err_msg("all %ld connections done after %.0f s (%ld ok, %ld refused, %ld timed out); "
                "holding them open", done, elapsed, sum.ok, refused(), timed_out());
    else
        err_msg("%ld/%zu connections done after %.0f s (%ld ok, %ld refused, %ld timed out)",
                done, sum.total, elapsed, sum.ok, refused(), timed_out());
}

/* Read the children's records until every child has closed the pipe. */
static void collect(int fd, double t0)
{
    char buf[64 * sizeof(struct load_record)];
    size_t have = 0;
    double next = t0 + PROGRESS_EVERY_S;
    bool said_holding = false;     /* "all done, holding": said once */

    for (;;) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        double now = now_seconds();
        int r = poll(&p, 1, now >= next ? 0 : (int)((next - now) * 1000.0) + 1);
        if (r < 0 && errno != EINTR)
            err_sys("poll");
        if (now_seconds() >= next) {
            if (!said_holding)
                progress(now_seconds() - t0);
            said_holding = opt.holding && sum.ok + sum.failed == (long)sum.total;
            next += PROGRESS_EVERY_S;
        }
        if (r <= 0)
            continue;
        ssize_t n = read(fd, buf + have, sizeof buf - have);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            err_sys("read from children");
        }
        if (n == 0)
            return;
        have += (size_t)n;
        size_t off = 0;
        for (; have - off >= sizeof(struct load_record); off += sizeof(struct load_record)) {
            struct load_record rec;
            memcpy(&rec, buf + off, sizeof rec);
            account(&rec);
        }
        memmove(buf, buf + off, have - off);
        have -= off;
    }
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

static const char *fail_name(int code)
{
    switch (code) {
    case LOAD_TIMEOUT:    return "TIMEOUT";
    case LOAD_SHORT_READ: return "SHORT_READ";
    case LOAD_MISMATCH:   return "MISMATCH";
    default:              return errno_name(code);
    }
}

static void print_summary(double elapsed)
{
    qsort(sum.lat, sum.nlat, sizeof *sum.lat, cmp_double);
    double p50 = percentile(sum.lat, sum.nlat, 50), p99 = percentile(sum.lat, sum.nlat, 99);
    qsort(sum.reply, sum.nreply, sizeof *sum.reply, cmp_double);
    double r50 = percentile(sum.reply, sum.nreply, 50), r99 = percentile(sum.reply, sum.nreply, 99);

    if (opt.json) {
        printf("{\"connections_ok\":%ld,\"connections_failed\":%ld,\"failures\":{", sum.ok, sum.failed);
        for (int k = 0; k < sum.nfails; k++)
            printf("%s\"%s\":%ld", k ? "," : "", fail_name(sum.fails[k].code), sum.fails[k].count);
        printf("},\"refused\":%ld,\"timed_out\":%ld,\"requests\":%ld,\"bytes\":%llu,\"elapsed_s\":%.6f,"
               "\"connect_latency_ms\":{\"p50\":%.3f,\"p99\":%.3f},"
               "\"reply_latency_ms\":{\"p50\":%.3f,\"p99\":%.3f}}\n", refused(), timed_out(),
               sum.requests, (unsigned long long)sum.bytes, elapsed, p50, p99, r50, r99);
    } else {
        printf("connections: %ld ok, %ld failed\n", sum.ok, sum.failed);
        printf("requests: %ld, bytes: %llu\n", sum.requests, (unsigned long long)sum.bytes);
        printf("elapsed: %.3f s\n", elapsed);
        printf("connect latency: p50 %.3f ms, p99 %.3f ms\n", p50, p99);
        if (sum.nreply > 0)
            printf("reply latency: p50 %.3f ms, p99 %.3f ms (first request written to last byte read)\n", r50, r99);
        if (sum.nfails > 0) {
            printf("failures:");
            for (int k = 0; k < sum.nfails; k++)
                printf(" %s=%ld", fail_name(sum.fails[k].code), sum.fails[k].count);
            printf(" (refused %ld, timed out %ld)\n", refused(), timed_out());
        }
    }
    fflush(stdout);
}

int main(int argc, char **argv)
{
    int pfd[2];

    set_progname(argv[0]);
    parse_args(argc, argv);
    opt.ai = Resolve_all(opt.host, opt.port);
    raise_nofile_limit();
    Signal(SIGPIPE, SIG_IGN);          /* a reset server gives EPIPE, counted */

    sum.total = (size_t)opt.conns * (size_t)opt.children;
    sum.lat = Malloc((sum.total ? sum.total : 1) * sizeof *sum.lat);
    sum.reply = Malloc((sum.total ? sum.total : 1) * sizeof *sum.reply);
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
    collect(pfd[0], t0);

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
    long missing = (long)sum.total - sum.ok - sum.failed;
    if (missing > 0) {
        sum.failed += missing;
        count_failure(ECHILD, missing);
    }
    if (crashed)
        err_msg("%d child(ren) exited abnormally", crashed);
    print_summary(elapsed);
    return sum.failed ? 1 : 0;
}
