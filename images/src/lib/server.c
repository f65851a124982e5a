/*
 * server.c - scaffolding shared by every server design: option parsing,
 * listening socket, readiness line, SIGINT/SIGTERM handling, an accept()
 * that survives EMFILE, and the UNP pr_cpu_time() report.
 */
#include "unp.h"

static void server_usage(FILE *f, int flags, const char *design)
{
    fprintf(f, "Usage: %s [-P port]%s%s%s%s%s\n", progname,
            flags & SRV_WORKERS ? " [-t workers]" : "",
            flags & SRV_LOCK ? " [--lock pthread|fcntl]" : "",
            flags & SRV_ET ? " [--et]" : "",
            flags & SRV_SIGCHLD ? " [--sigchld none|ignore|handler|reaper-thread] [--no-restart]" : "",
            flags & SRV_SELECT ? " [--select]" : "");
    fprintf(f, "%s\n", design);
    fprintf(f, "Protocol: the client sends \"<n>\\n\" (1..%u); the server answers n bytes,\n"
               "byte i = i %% %u, and serves further requests until the client closes.\n",
            REQ_MAX, PATTERN_MOD);
    fprintf(f, "  -P, --port PORT      TCP port to listen on (default %d)\n", DEFAULT_PORT);
    if (flags & SRV_WORKERS)
        fprintf(f, "  -t, --workers N      number of workers, 1..%d (default %d)\n",
                MAX_WORKERS, DEFAULT_WORKERS);
    if (flags & SRV_LOCK)
        fprintf(f, "      --lock KIND      accept lock: pthread (process-shared mutex, default)\n"
                   "                       or fcntl (record lock on a file in /tmp)\n");
    if (flags & SRV_ET)
        fprintf(f, "      --et             edge-triggered epoll with non-blocking sockets\n"
                   "                       drained to EAGAIN (default: level-triggered)\n");
    if (flags & SRV_SIGCHLD)
        fprintf(f, "      --sigchld HOW    how finished children are reaped: none (they stay\n"
                   "                       zombies), ignore (SIGCHLD set to SIG_IGN: the kernel\n"
                   "                       reaps), handler (default: a handler loops on\n"
                   "                       waitpid(WNOHANG)), reaper-thread (SIGCHLD blocked, a\n"
                   "                       dedicated thread waits for it with sigwait)\n"
                   "      --no-restart     the naive server: an accept() interrupted by SIGCHLD\n"
                   "                       (EINTR) is fatal, so it exits when a child ends\n"
                   "                       (only with --sigchld handler)\n");
    if (flags & SRV_SELECT)
        fprintf(f, "      --select         children sleep in select() on the listening socket,\n"
                   "                       then accept() without blocking: every child wakes for\n"
                   "                       each connection (the thundering herd); SIGTERM prints\n"
                   "                       per-child wakeups and EAGAIN counts\n");
    if (flags & SRV_PREFORK)
        fprintf(f, "A child that dies is reaped and replaced (logged: \"child N (pid P) died\n"
                   "(signal S), replaced by pid M\").\n");
    fprintf(f, "  -h, --help           show this help\n"
               "SIGINT/SIGTERM print CPU times and per-worker connection counts, then exit 0.\n");
}

void server_parse_args(int argc, char **argv, int flags, const char *design,
                       struct server_opts *o)
{
    static const struct option longopts[] = {
        {"port",    required_argument, NULL, 'P'},
        {"workers", required_argument, NULL, 't'},
        {"threads", required_argument, NULL, 't'},
        {"lock",    required_argument, NULL, 'L'},
        {"et",      no_argument,       NULL, 'E'},
        {"sigchld", required_argument, NULL, 'C'},
        {"no-restart", no_argument,    NULL, 'R'},
        {"select",  no_argument,       NULL, 'S'},
        {"help",    no_argument,       NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    int c;

    set_progname(argv[0]);
    memset(o, 0, sizeof *o);
    o->port = DEFAULT_PORT;
    o->workers = (flags & SRV_WORKERS) ? DEFAULT_WORKERS : 0;
    o->lock = "pthread";
    o->sigchld = "handler";

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":P:t:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'P':
            o->port = (int)parse_long_opt("-P", optarg, 1, 65535);
            break;
        case 't':
            if (!(flags & SRV_WORKERS))
                err_usage("-t is not supported: %s has no workers", progname);
            o->workers = (int)parse_long_opt("-t", optarg, 1, MAX_WORKERS);
            o->workers_set = true;
            break;
        case 'L':
            if (!(flags & SRV_LOCK))
                err_usage("--lock is only supported by prefork-lock-server");
            if (strcmp(optarg, "pthread") != 0 && strcmp(optarg, "fcntl") != 0)
                err_usage("bad --lock value '%s': expected pthread or fcntl", optarg);
            o->lock = optarg;
            break;
        case 'E':
            if (!(flags & SRV_ET))
                err_usage("--et is only supported by epoll-server");
            o->edge = true;
            break;
        case 'C':
            if (!(flags & SRV_SIGCHLD))
                err_usage("--sigchld is only supported by fork-server");
            if (strcmp(optarg, "none") != 0 && strcmp(optarg, "ignore") != 0 &&
                strcmp(optarg, "handler") != 0 && strcmp(optarg, "reaper-thread") != 0)
                err_usage("bad --sigchld value '%s': expected none, ignore, handler or reaper-thread", optarg);
            o->sigchld = optarg;
            break;
        case 'R':
            if (!(flags & SRV_SIGCHLD))
                err_usage("--no-restart is only supported by fork-server");
            o->no_restart = true;
            break;
        case 'S':
            if (!(flags & SRV_SELECT))
                err_usage("--select is only supported by prefork-server");
            o->select_accept = true;
            break;
        case 'h':
            server_usage(stdout, flags, design);
            exit(0);
        default:
            err_getopt(c, argv);
        }
    }
    err_operands(argc, argv);
    if (o->no_restart && strcmp(o->sigchld, "handler") != 0)
        err_usage("--no-restart needs --sigchld handler: only a handler interrupts accept()");
}

int server_listen(int port)
{
    struct sockaddr_in servaddr;
    const int on = 1;
    int fd = Socket(AF_INET, SOCK_STREAM, 0);

    Setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    memset(&servaddr, 0, sizeof servaddr);
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons((uint16_t)port);
    if (bind(fd, (struct sockaddr *)&servaddr, sizeof servaddr) < 0)
        err_sys("bind port %d", port);
    Listen(fd, LISTENQ);
    /* Built once here, before any fork: a fork-per-connection child that
     * built it itself spent ~13% of its CPU on it (perf, bench/README.md). */
    pattern_prepare();
    return fd;
}

void server_ready(const struct server_opts *o, const char *design_words)
{
    err_msg("listening on port %d (%s, %d workers)", o->port, design_words, o->workers);
}

static volatile sig_atomic_t stop_wake_fd = -1;
static volatile sig_atomic_t stop_conn_fd = -1;

static void sig_stop(int signo)
{
    int saved = errno;
    (void)signo;
    stop_requested = 1;
    /* shutdown() is async-signal-safe.  On the listening socket it makes a
     * blocked (or about to be entered) accept() fail at once; on the
     * connection being served, a blocked read()/write() returns. */
    if (stop_wake_fd >= 0)
        shutdown(stop_wake_fd, SHUT_RDWR);
    if (stop_conn_fd >= 0)
        shutdown(stop_conn_fd, SHUT_RDWR);
    errno = saved;
}

void server_wake_conn(int fd)
{
    stop_conn_fd = fd;
}

void server_catch_stop(int wake_fd)
{
    stop_wake_fd = wake_fd;
    Signal_intr(SIGINT, sig_stop);
    Signal_intr(SIGTERM, sig_stop);
}

void server_ignore_sigpipe(void)
{
    /* A peer that reset must not kill the server: write() then fails with
     * EPIPE, which serve_connection logs once for that connection. */
    Signal(SIGPIPE, SIG_IGN);
}

static time_t last_accept_log;

void server_accept_failed(int err)
{
    if (stop_requested || err == EINTR || err == EAGAIN || err == EWOULDBLOCK)
        return;

    time_t now = time(NULL);
    time_t last = __atomic_load_n(&last_accept_log, __ATOMIC_RELAXED);
    if (now != last &&
        __atomic_compare_exchange_n(&last_accept_log, &last, now, false,
                                    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        err_msg("accept: %s (%s)", strerror(err), errno_name(err));

    if (err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM ||
        err == EINVAL || err == EBADF) {
        /* Out of descriptors: the pending connection stays in the queue and
         * the listening socket stays readable; back off instead of spinning. */
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    errno = err;
}

int server_accept(int listenfd, int flags)
{
    int fd;

    if (stop_requested)
        return -1;
    fd = accept4(listenfd, NULL, NULL, flags);
    if (fd >= 0)
        return fd;
    server_accept_failed(errno);
    return -1;
}

void pr_cpu_time(void)
{
    struct rusage myusage, childusage;
    double user, sys;

    if (getrusage(RUSAGE_SELF, &myusage) < 0)
        err_sys("getrusage");
    if (getrusage(RUSAGE_CHILDREN, &childusage) < 0)
        err_sys("getrusage");
    user = (double)myusage.ru_utime.tv_sec + myusage.ru_utime.tv_usec / 1e6;
    user += (double)childusage.ru_utime.tv_sec + childusage.ru_utime.tv_usec / 1e6;
    sys = (double)myusage.ru_stime.tv_sec + myusage.ru_stime.tv_usec / 1e6;
    sys += (double)childusage.ru_stime.tv_sec + childusage.ru_stime.tv_usec / 1e6;
    fprintf(stderr, "user time = %g, sys time = %g\n", user, sys);
}

void pr_counts(const char *label, const long *counts, int n)
{
    char buf[16 * MAX_WORKERS + 64];
    size_t o = 0;
    for (int i = 0; i < n && o < sizeof buf - 24; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, " %ld", counts[i]);
    buf[o] = '\0';
    fprintf(stderr, "%s:%s\n", label, buf);
}

void pr_worker_counts(const long *counts, int n)
{
    pr_counts("connections per worker", counts, n);
}

void pr_total_count(long total)
{
    fprintf(stderr, "connections handled: %ld\n", total);
}

void server_block_stop(sigset_t *waitmask)
{
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    Pthread_sigmask(SIG_BLOCK, &set, &old);
    *waitmask = old;
    sigdelset(waitmask, SIGINT);
    sigdelset(waitmask, SIGTERM);
}
