/*
 * conn.c - per-connection state machine for the single-process multiplexing
 * servers (select-server, poll-server, epoll-server).  Like redis' ae, the
 * event back ends only report readiness; everything protocol-related is here.
 *
 * State: an input buffer holding at most one request line (33 bytes), and
 * the response in progress (total size and bytes already written).  The
 * socket is non-blocking, so a 1 MiB response is written as far as the send
 * buffer takes it and resumed when the socket becomes writable again; other
 * clients are served meanwhile.  While a response is pending we do not read
 * further requests (back-pressure instead of unbounded buffering).
 */
#include "unp.h"

/* No system call here: every caller accepted with SOCK_NONBLOCK (or set
 * O_NONBLOCK itself), and the peer's name is looked up only when a message
 * needs it (a getpeername per connection cost the event loops ~10% of their
 * calls; bench/README.md). */
void nbconn_init(struct nbconn *c, int fd)
{
    c->fd = fd;
    c->in.len = 0;
    c->out_total = 0;
    c->out_off = 0;
    c->peer[0] = '\0';
}

const char *nbconn_peer(struct nbconn *c)
{
    if (c->peer[0] == '\0') {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        if (getpeername(c->fd, (struct sockaddr *)&ss, &sl) < 0)   /* reset: ENOTCONN */
            snprintf(c->peer, sizeof c->peer, "descriptor %d (peer gone)", c->fd);
        else
            sock_ntop((struct sockaddr *)&ss, sl, c->peer, sizeof c->peer);
    }
    return c->peer;
}

/* Returns 1 when the response is complete, 0 on EAGAIN, -1 on error. */
static int write_pending(struct nbconn *c)
{
    while (c->out_off < c->out_total) {
        size_t len = c->out_total - c->out_off;
        const unsigned char *p = pattern_chunk(c->out_off, &len);
        ssize_t n = write(c->fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return 0;
            conn_log_error(nbconn_peer(c), "write", errno);
            return -1;
        }
        c->out_off += (uint32_t)n;
    }
    c->out_total = c->out_off = 0;
    return 1;
}

enum nb_status nbconn_io(struct nbconn *c, bool edge)
{
    char line[REQ_LINE_MAX + 1];
    size_t len;
    uint32_t n;
    int reads = 0;

    for (;;) {
        if (nbconn_wants_write(c)) {
            int r = write_pending(c);
            if (r < 0)
                return NB_CLOSE;
            if (r == 0)
                return NB_AGAIN;        /* wait for writability */
            continue;
        }
        int t = linebuf_take(&c->in, REQ_LINE_MAX, line, &len);
        if (t == LINE_FOUND) {
            if (!request_parse(line, len, &n)) {
                request_log_bad(nbconn_peer(c), line, len, NULL);
                return NB_CLOSE;
            }
            c->out_total = n;
            c->out_off = 0;
            continue;
        }
        if (t == LINE_TOO_LONG) {
            request_log_bad(nbconn_peer(c), c->in.buf, c->in.len, "(no newline within 33 bytes)");
            return NB_CLOSE;
        }
        /* Need more input.  Level-triggered: one read per readiness event,
         * so a chatty client cannot monopolise the loop; we will be told
         * again if more is there.  Edge-triggered: read until EAGAIN,
         * because no new edge will come for data already queued. */
        if (!edge && reads > 0)
            return NB_OK;
        ssize_t r = linebuf_fill(&c->in, c->fd, REQ_LINE_MAX);
        if (r == 0) {
            if (c->in.len > 0)
                request_log_bad(nbconn_peer(c), c->in.buf, c->in.len, "(EOF before newline)");
            return NB_CLOSE;            /* the client closed: normal end */
        }
        if (r < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return NB_AGAIN;
            if (errno == EINTR)
                return NB_OK;           /* stop_requested: loop will notice */
            conn_log_error(nbconn_peer(c), "read", errno);
            return NB_CLOSE;
        }
        reads++;
    }
}

struct nbconn *connset_add(struct connset *s, int fd)
{
    if (s->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 64;
        struct nbconn **nv = realloc(s->v, ncap * sizeof *nv);
        if (nv == NULL)
            err_sys("realloc");
        s->v = nv;
        s->cap = ncap;
    }
    struct nbconn *c = Malloc(sizeof *c);
    nbconn_init(c, fd);
    s->v[s->n++] = c;
    return c;
}

void connset_close(struct connset *s, size_t i)
{
    close(s->v[i]->fd);
    free(s->v[i]);
    s->v[i] = s->v[--s->n];     /* order does not matter: the last one moves here */
}
