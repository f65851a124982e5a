/*
 * limit-server - the cheapest server that still passes client_test: the
 * reference row of `lab bench`, the ceiling of this machine's kernel and
 * bridge rather than a design to copy.
 *
 * One process, blocking, no per-connection state and no getpeername():
 * TCP_DEFER_ACCEPT makes accept() return only once the request has arrived,
 * so the read of "<n>\n" does not wait on a slow client; then n bytes are
 * written from a static buffer and the socket is closed.  Unlike the designs
 * it answers ONE request per connection and closes first, so TIME_WAIT lands
 * on the server (client_test with the default -r 1 reads its n bytes and then
 * closes its side as usual).
 */
#include "unp.h"

static unsigned char reply[REQ_MAX];

/* One request, one reply; the caller closes. */
static void answer(int fd)
{
    struct linebuf lb = {0};
    char line[REQ_LINE_MAX + 1], peer[64];
    size_t len;
    uint32_t n;

    int r = readline_lb(fd, &lb, REQ_LINE_MAX, line, &len);
    if (r == 0 || stop_requested)
        return;                     /* closed before asking: nothing to say */
    if (r < 0) {
        conn_log_error(peer_name(fd, peer, sizeof peer), "read", errno);
        return;
    }
    if (r == LINE_TOO_LONG || !request_parse(line, len, &n)) {
        request_log_bad(peer_name(fd, peer, sizeof peer),
                        r == LINE_TOO_LONG ? lb.buf : line,
                        r == LINE_TOO_LONG ? lb.len : len, NULL);
        return;
    }
    if (writen(fd, reply, n) < 0 && !stop_requested)
        conn_log_error(peer_name(fd, peer, sizeof peer), "write", errno);
}

int main(int argc, char **argv)
{
    struct server_opts o;
    long handled = 0;
    const int defer_seconds = 5;
    int listenfd;

    server_parse_args(argc, argv, 0,
        "Reference server for benchmarks: accept (TCP_DEFER_ACCEPT), read one request,\n"
        "write n bytes from a static buffer, close. Unlike the protocol below, ONE\n"
        "request per connection, and the server closes first.", &o);
    server_ignore_sigpipe();
    pattern_fill(reply, sizeof reply, 0);
    listenfd = server_listen(o.port);
    Setsockopt(listenfd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &defer_seconds, sizeof defer_seconds);
    server_catch_stop(listenfd);
    server_ready(&o, "limit: one read, one write, close");

    while (!stop_requested) {
        int connfd = server_accept(listenfd, 0);
        if (connfd < 0)
            continue;
        handled++;
        server_wake_conn(connfd);
        if (!stop_requested)        /* checked after publishing connfd */
            answer(connfd);
        server_wake_conn(-1);
        close(connfd);
    }
    pr_cpu_time();
    pr_total_count(handled);
    return 0;
}
