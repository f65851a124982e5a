/*
 * loadconn.c - client_test's connections as non-blocking state machines,
 * driven together by one poll() loop (UNP 16.2 str_cli, 16.5 web client):
 * connect, send "<n>\n", read and verify n bytes of the pattern, -r times.
 *
 * Why not one blocking connection after another: against a server at its
 * descriptor limit, every connection it never accepts waits out the whole
 * timeout, and waited in turn those timeouts add up (400 connections x 30 s).
 * Here each connection has its own deadline and they wait at the same time.
 * Not all of them at once, though: thousands of SYNs in one burst overflow
 * the server's accept queue, and each dropped SYN costs a 1 s retransmission
 * (10,000 started at once: p99 connect latency 3 s, against 50 ms with the
 * window).  So at most WINDOW connections
 * are in progress, as a window; one that has made no progress for STALL_S
 * no longer counts (it is stuck in a queue or in a server that does not
 * answer), so a dead or saturated server still costs about one timeout.
 */
#include "unp.h"

#define NO_DEADLINE 1e300
#define WINDOW      128     /* connections in progress at once, per process */
#define STALL_S     0.5     /* no progress for this long: out of the window */

static unsigned char rbuf[65536];

/* Progress: the timeout starts again (a per-read timeout, as SO_RCVTIMEO). */
static void progressed(struct load_conn *c, const struct load_params *p)
{
    c->since = now_seconds();
    c->deadline = p->timeout_ms > 0 ? c->since + p->timeout_ms / 1000.0 : NO_DEADLINE;
}

void load_close(struct load_conn *c, bool rst)
{
    if (c->fd < 0)
        return;
    if (rst) {
        struct linger ling = {1, 0};    /* abortive close: RST, no TIME_WAIT */
        setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &ling, sizeof ling);
    }
    close(c->fd);
    c->fd = -1;
}

static void fail(struct load_conn *c, const struct load_params *p, int code)
{
    c->rec.fail = (code == EAGAIN || code == EWOULDBLOCK) ? LOAD_TIMEOUT : code;
    load_close(c, p->rst && c->rec.connected);
    c->state = LOAD_DONE;
}

static struct addrinfo *next_addr(const struct load_params *p, struct addrinfo *ai)
{
    return ai->ai_next ? ai->ai_next : p->ai;
}

/* Start connect() on c->ai, then on the following addresses until one is in
 * progress or connected, or every address has failed (UNP tcp_connect). */
static void start_connect(struct load_conn *c, struct load_params *p)
{
    int err = EADDRNOTAVAIL;
    do {
        struct addrinfo *ai = c->ai;
        c->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK, ai->ai_protocol);
        if (c->fd < 0) {
            err = errno;
        } else {
            progressed(c, p);
            c->t_connect = c->since;
            if (connect(c->fd, ai->ai_addr, ai->ai_addrlen) == 0 || errno == EINPROGRESS) {
                c->state = LOAD_CONNECTING;
                return;
            }
            err = errno;
            close(c->fd);
            c->fd = -1;
        }
        c->ai = next_addr(p, ai);
    } while (c->ai != c->start);
    fail(c, p, err);
}

static void load_start(struct load_conn *c, struct load_params *p)
{
    memset(c, 0, sizeof *c);
    c->fd = -1;
    c->ai = c->start = p->good ? p->good : p->ai;   /* the address that worked last */
    start_connect(c, p);
}

/* The connect finished (writable): check SO_ERROR, then begin the requests. */
static void connected(struct load_conn *c, struct load_params *p)
{
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
        err = errno;
    if (err != 0) {
        close(c->fd);
        c->fd = -1;
        c->ai = next_addr(p, c->ai);
        if (c->ai == c->start)
            fail(c, p, err);
        else
            start_connect(c, p);
        return;
    }
    c->rec.latency_ms = (now_seconds() - c->t_connect) * 1000.0;
    c->rec.connected = 1;
    p->good = c->ai;
    c->state = p->requests > 0 ? LOAD_SENDING : LOAD_DONE;
    c->sent = 0;
}

/* Write what is left of the request line; false when it must wait. */
static bool send_request(struct load_conn *c, struct load_params *p)
{
    char line[32];
    size_t len = (size_t)snprintf(line, sizeof line, "%ld\n", p->nbytes);
    if (c->rec.requests == 0 && c->sent == 0 && c->t_request == 0)
        c->t_request = now_seconds();
    while (c->sent < len) {
        ssize_t n = write(c->fd, line + c->sent, len - c->sent);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN)
                return false;
            fail(c, p, errno);
            return true;
        }
        c->sent += (size_t)n;
    }
    c->state = LOAD_READING;
    c->got = 0;
    progressed(c, p);
    return true;
}

/* One read of the response; false when it must wait. */
static bool read_response(struct load_conn *c, struct load_params *p)
{
    size_t want = (size_t)((uint64_t)p->nbytes - c->got);
    if (want > sizeof rbuf)
        want = sizeof rbuf;
    ssize_t n = read(c->fd, rbuf, want);
    if (n < 0) {
        if (errno == EINTR)
            return true;
        if (errno == EAGAIN)
            return false;
        fail(c, p, errno);
    } else if (n == 0) {
        fail(c, p, LOAD_SHORT_READ);
    } else if (pattern_check(rbuf, (size_t)n, c->got) >= 0) {
        fail(c, p, LOAD_MISMATCH);
    } else {
        c->got += (uint64_t)n;
        c->rec.bytes += (uint64_t)n;
        progressed(c, p);
        if (c->got == (uint64_t)p->nbytes) {
            if (c->rec.requests == 0)
                c->rec.reply_ms = (now_seconds() - c->t_request) * 1000.0;
            c->rec.requests++;
            c->state = (int)c->rec.requests < p->requests ? LOAD_SENDING : LOAD_DONE;
            c->sent = 0;
        }
    }
    return true;
}

/* Make all the progress that does not block; returns the poll events that
 * c waits for, or 0 when it is done. */
static short advance(struct load_conn *c, struct load_params *p, short revents)
{
    if (c->state == LOAD_CONNECTING) {
        if (!revents)
            return POLLOUT;
        connected(c, p);
    }
    for (;;) {
        switch (c->state) {
        case LOAD_CONNECTING: return POLLOUT;      /* the next address */
        case LOAD_SENDING:    if (!send_request(c, p)) return POLLOUT; break;
        case LOAD_READING:    if (!read_response(c, p)) return POLLIN; break;
        case LOAD_DONE:       return 0;
        }
    }
}

/* Start connections while fewer than WINDOW of the active ones progress. */
static void start_more(struct load_conn *c, int n, int *next, struct load_params *p,
                       struct pollfd *pfd, int *active, int *nactive, load_done_fn *done, void *arg)
{
    double now = now_seconds();
    int moving = 0;
    for (int k = 0; k < *nactive; k++)
        moving += now - c[active[k]].since < STALL_S;
    for (; *next < n && moving < WINDOW; (*next)++) {
        struct load_conn *lc = &c[*next];
        load_start(lc, p);
        if ((pfd[*nactive].events = advance(lc, p, 0)) == 0) {
            done(lc, arg);
            continue;
        }
        moving++;
        active[(*nactive)++] = *next;
    }
}

void load_run(struct load_conn *c, int n, struct load_params *p, load_done_fn *done, void *arg)
{
    struct pollfd *pfd = Calloc((size_t)n, sizeof *pfd);
    int *active = Calloc((size_t)n, sizeof *active), nactive = 0, next = 0;

    for (;;) {
        start_more(c, n, &next, p, pfd, active, &nactive, done, arg);
        if (nactive == 0)
            break;
        /* wake for the first deadline, or soon when some are still to start */
        double now = now_seconds(), first = next < n ? now + STALL_S / 4 : NO_DEADLINE;
        for (int k = 0; k < nactive; k++) {
            pfd[k].fd = c[active[k]].fd;
            if (c[active[k]].deadline < first)
                first = c[active[k]].deadline;
        }
        int ms = first >= NO_DEADLINE ? -1 : first <= now ? 0 : (int)((first - now) * 1000.0) + 1;
        if (poll(pfd, (nfds_t)nactive, ms) < 0) {
            if (errno == EINTR)
                continue;
            err_sys("poll");
        }
        now = now_seconds();
        for (int k = 0; k < nactive; ) {
            struct load_conn *lc = &c[active[k]];
            short ev = 0;
            if (pfd[k].revents)
                ev = advance(lc, p, pfd[k].revents);
            else if (lc->deadline <= now)
                fail(lc, p, lc->state == LOAD_CONNECTING ? ETIMEDOUT : LOAD_TIMEOUT);
            else
                ev = pfd[k].events;
            if (ev == 0) {                  /* done: swap the last one in */
                done(lc, arg);
                active[k] = active[--nactive];
                pfd[k] = pfd[nactive];
                continue;
            }
            pfd[k].events = ev;
            pfd[k].revents = 0;
            k++;
        }
    }
    free(pfd);
    free(active);
}
