/*
 * probe.c - the scripted socket probes shared by probe-client and probe-server:
 * parse an ACTION script ("write:5", "read", "sleep:200", "close!"...), run it
 * on one socket, and report every system call as ONE JSON line on stdout:
 *
 *   {"t_ms":12.345,"conn":1,"call":"write","arg":5,"ret":-1,"errno":"EPIPE"}
 *
 * so that a test can assert on each call's result and errno (the wire
 * scenarios, issue 8).  Every blocking wait goes through probe_wait(), a
 * ppoll() whose mask lets SIGINT/SIGTERM in (UNP 20.5, pselect): a stop signal
 * can then only arrive while we wait, and we report the exit line and leave.
 * A program that does not call probe_catch_stop() keeps the default actions
 * (SIGPIPE kills probe-client on a write to a reset socket: that is the point).
 */
#include "unp.h"

#define PROBE_IO_MAX (16L * 1024 * 1024)    /* largest write:N / read:N */

static double t0;
static sigset_t waitmask;
static bool catching;
static volatile sig_atomic_t stop_signal;

void probe_init(void)
{
    t0 = now_seconds();
    setvbuf(stdout, NULL, _IOLBF, 0);       /* one line per call, at once */
    sigprocmask(SIG_SETMASK, NULL, &waitmask);
}

static double t_ms(void)
{
    return (now_seconds() - t0) * 1000.0;
}

const char *probe_num(long v, char *buf, size_t len)
{
    snprintf(buf, len, "%ld", v);
    return buf;
}

/* err: 0 on success (errno null), else the errno to name. */
void probe_report(int conn, const char *call, const char *arg, long long ret, int err)
{
    char e[40];
    if (err != 0)
        snprintf(e, sizeof e, "\"%s\"", errno_name(err));
    else
        snprintf(e, sizeof e, "null");
    printf("{\"t_ms\":%.3f,\"conn\":%d,\"call\":\"%s\",\"arg\":%s,\"ret\":%lld,\"errno\":%s}\n",
           t_ms(), conn, call, arg ? arg : "null", ret, e);
}

void probe_exit(int status)
{
    printf("{\"t_ms\":%.3f,\"exit\":%d}\n", t_ms(), status);
    fflush(stdout);
    exit(status);
}

static void stop_handler(int signo)
{
    stop_signal = signo;
}

void probe_catch_stop(void)
{
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    Signal_intr(SIGINT, stop_handler);
    Signal_intr(SIGTERM, stop_handler);
    Sigprocmask(SIG_BLOCK, &stop, &waitmask);   /* waitmask: the old mask */
    catching = true;
}

/* Wait until fd is ready for events (fd < 0: just sleep) or timeout_ms
 * passes (< 0: forever).  1 ready, 0 timed out, -1 error.  EINTR is retried
 * with the time left; a caught stop signal ends the program (exit 0). */
int probe_wait(int fd, short events, long timeout_ms)
{
    double deadline = now_seconds() + (double)timeout_ms / 1000.0;
    struct pollfd p = {.fd = fd, .events = events};

    for (;;) {
        struct timespec ts, *tsp = NULL;
        if (timeout_ms >= 0) {
            double left = deadline - now_seconds();
            if (left < 0)
                left = 0;
            ts.tv_sec = (time_t)left;
            ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
            tsp = &ts;
        }
        int r = ppoll(fd >= 0 ? &p : NULL, fd >= 0 ? 1 : 0, tsp, catching ? &waitmask : NULL);
        if (stop_signal)
            probe_exit(0);
        if (r >= 0)
            return r > 0 ? 1 : 0;
        if (errno != EINTR)
            return -1;
    }
}

void probe_ignore_sigpipe(void)
{
    int r = sigaction(SIGPIPE, &(struct sigaction){.sa_handler = SIG_IGN}, NULL);
    probe_report(0, "signal", "\"SIGPIPE\"", r, r < 0 ? errno : 0);
}

int probe_setopt(int fd, int conn, int optname)
{
    int on = 1, r;
    struct linger ling = {1, 0};        /* close() sends RST: abortive release */
    if (optname == SO_LINGER)
        r = setsockopt(fd, SOL_SOCKET, SO_LINGER, &ling, sizeof ling);
    else
        r = setsockopt(fd, SOL_SOCKET, optname, &on, sizeof on);
    probe_report(conn, "setsockopt", optname == SO_LINGER ? "\"SO_LINGER\"" : "\"SO_REUSEADDR\"",
                 r, r < 0 ? errno : 0);
    return r;
}

/* ---- parsing ------------------------------------------------------------- */

static const struct {
    const char *name;
    enum probe_op op;
    long lo, hi, dflt;          /* dflt < 0: takes no argument */
    bool needs_arg;
} ops[] = {
    {"connect",     PR_CONNECT,     0, 0, -1, false},
    {"write",       PR_WRITE,       0, PROBE_IO_MAX, -1, true},
    {"read",        PR_READ,        1, PROBE_IO_MAX, 65536, false},
    {"readall",     PR_READALL,     0, 0, -1, false},
    {"shutdown-wr", PR_SHUTDOWN_WR, 0, 0, -1, false},
    {"close",       PR_CLOSE,       0, 0, -1, false},
    {"sleep",       PR_SLEEP,       0, 3600000, -1, true},
    {"send",        PR_SEND,        0, 65507, -1, true},
    {"recv",        PR_RECV,        1, 65536, 65536, false},
    {"linger0",     PR_LINGER0,     0, 0, -1, false},
};

static void parse_one(const char *text, unsigned allowed, struct probe_action *a)
{
    size_t len = strlen(text);
    a->must = len > 0 && text[len - 1] == '!';
    if (a->must)
        len--;
    const char *colon = memchr(text, ':', len);
    size_t namelen = colon ? (size_t)(colon - text) : len;

    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (strlen(ops[i].name) != namelen || strncmp(ops[i].name, text, namelen) != 0)
            continue;
        if (!(allowed & PR_BIT(ops[i].op)))
            err_usage("action '%s' is not one of %s's", ops[i].name, progname);
        a->op = ops[i].op;
        a->arg = ops[i].dflt;
        unsigned long v;
        if (colon) {
            if (ops[i].dflt < 0 && !ops[i].needs_arg)
                err_usage("action '%s' takes no argument", text);
            if (!parse_ulong_strict(colon + 1, len - namelen - 1, (unsigned long)ops[i].lo,
                                    (unsigned long)ops[i].hi, &v))
                err_usage("bad action '%s': expected %s:%ld..%ld", text, ops[i].name,
                          ops[i].lo, ops[i].hi);
            a->arg = (long)v;
        } else if (ops[i].needs_arg) {
            err_usage("action '%s' needs a value (%s:N)", text, ops[i].name);
        }
        return;
    }
    err_usage("unknown action '%s'", text);
}

struct probe_action *probe_parse(int argc, char **argv, int first, unsigned allowed, int *n)
{
    *n = argc - first;
    struct probe_action *acts = Calloc(*n > 0 ? (size_t)*n : 1, sizeof *acts);
    for (int i = 0; i < *n; i++)
        parse_one(argv[first + i], allowed, &acts[i]);
    return acts;
}

/* ---- running ------------------------------------------------------------- */

/* TCP connect bounded by timeout_ms: non-blocking connect, wait for
 * writability, read SO_ERROR (UNP 16.3).  A UDP connect() only records the
 * peer.  0, or -1 with errno. */
static int do_connect(struct probe_sock *s)
{
    if (s->udp)
        return connect(s->fd, (struct sockaddr *)&s->peer, s->peerlen);
    int fl = fcntl(s->fd, F_GETFL, 0), err = 0, r;
    socklen_t errlen = sizeof err;
    if (fl < 0 || fcntl(s->fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return -1;
    r = connect(s->fd, (struct sockaddr *)&s->peer, s->peerlen);
    if (r < 0 && (errno == EINPROGRESS || errno == EINTR)) {
        r = probe_wait(s->fd, POLLOUT, s->timeout_ms);
        if (r == 0)
            err = ETIMEDOUT;
        else if (r < 0)
            err = errno;
        else if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &errlen) < 0)
            err = errno;
        r = err ? -1 : 0;
    } else if (r < 0) {
        err = errno;
    }
    fcntl(s->fd, F_SETFL, fl);
    errno = err;
    return r;
}

/* One read()/recv() after waiting up to timeout_ms; a timeout is -1 with
 * errno = on_timeout. */
static ssize_t timed_read(struct probe_sock *s, char *buf, size_t len, int on_timeout)
{
    if (s->fd >= 0) {
        int r = probe_wait(s->fd, POLLIN, s->timeout_ms);
        if (r <= 0) {
            errno = r == 0 ? on_timeout : errno;
            return -1;
        }
    }
    for (;;) {
        ssize_t n = s->udp && !s->connected ? recvfrom(s->fd, buf, len, 0, NULL, NULL)
                                            : read(s->fd, buf, len);
        if (n >= 0 || errno != EINTR)
            return n;
    }
}

static ssize_t write_pattern(struct probe_sock *s, size_t len, bool udp_send)
{
    unsigned char *buf = Malloc(len ? len : 1);
    ssize_t n;
    pattern_fill(buf, len, 0);
    do {
        if (udp_send && !s->connected)
            n = sendto(s->fd, buf, len, 0, (struct sockaddr *)&s->peer, s->peerlen);
        else
            n = udp_send ? send(s->fd, buf, len, 0) : write(s->fd, buf, len);
    } while (n < 0 && errno == EINTR);
    int saved = errno;
    free(buf);
    errno = saved;
    return n;
}

static ssize_t read_all(struct probe_sock *s, char *buf, size_t len, long *total)
{
    ssize_t n;
    *total = 0;
    while ((n = timed_read(s, buf, len, ETIMEDOUT)) > 0)
        *total += n;
    return n;
}

static int err_of(long long r)
{
    return r < 0 ? errno : 0;
}

/* Run one action and report it; false when its call failed. */
static bool run_one(struct probe_sock *s, const struct probe_action *a, char *buf)
{
    char num[24];
    const char *arg = a->arg >= 0 ? probe_num(a->arg, num, sizeof num) : NULL;
    long long r = -1;
    long total;

    switch (a->op) {
    case PR_CONNECT:
        r = do_connect(s);
        s->connected = s->connected || r == 0;
        probe_report(s->conn, "connect", NULL, r, err_of(r));
        break;
    case PR_WRITE:
    case PR_SEND:
        r = write_pattern(s, (size_t)a->arg, a->op == PR_SEND);
        probe_report(s->conn, a->op == PR_SEND ? "send" : "write", arg, r, err_of(r));
        break;
    case PR_READ:
    case PR_RECV:
        r = timed_read(s, buf, (size_t)a->arg, a->op == PR_RECV ? EAGAIN : ETIMEDOUT);
        probe_report(s->conn, a->op == PR_RECV ? "recv" : "read", arg, r, err_of(r));
        break;
    case PR_READALL:            /* one line: the total bytes and the last errno */
        r = read_all(s, buf, 65536, &total);
        probe_report(s->conn, "readall", NULL, total, err_of(r));
        break;
    case PR_SHUTDOWN_WR:
        r = shutdown(s->fd, SHUT_WR);
        probe_report(s->conn, "shutdown", "\"SHUT_WR\"", r, err_of(r));
        break;
    case PR_CLOSE:
        r = close(s->fd);
        if (r < 0 && errno == EINTR)
            r = 0;              /* Linux: the descriptor is gone anyway */
        probe_report(s->conn, "close", NULL, r, err_of(r));
        s->fd = -1;
        break;
    case PR_SLEEP:
        r = probe_wait(-1, 0, a->arg);
        probe_report(s->conn, "sleep", arg, r, err_of(r));
        break;
    case PR_LINGER0:
        r = probe_setopt(s->fd, s->conn, SO_LINGER);
        break;
    }
    return r >= 0;
}

void probe_run(struct probe_sock *s, const struct probe_action *acts, int n)
{
    static char buf[PROBE_IO_MAX];
    for (int i = 0; i < n; i++)
        if (!run_one(s, &acts[i], buf) && acts[i].must)
            probe_exit(1);
}
