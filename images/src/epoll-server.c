/*
 * epoll-server - one process, one thread, I/O multiplexing with Linux epoll.
 *
 * Not in UNP (which predates it), but the natural end of its chapter 6
 * story: the interest set lives in the kernel, so each epoll_wait() returns
 * only the ready descriptors instead of scanning all of them.
 *   default (level-triggered): like poll - a socket is reported as long as it
 *     is readable/writable; we switch the interest between EPOLLIN and
 *     EPOLLOUT with EPOLL_CTL_MOD as the connection's state changes, and do
 *     at most one read per event for fairness;
 *   --et (edge-triggered): each socket is registered once for
 *     EPOLLIN|EPOLLOUT|EPOLLET and reported only on CHANGES, so every event
 *     must drain the socket until EAGAIN (reads, writes and accepts) or the
 *     data already queued would never be reported again.
 * Same per-connection state machine as select/poll-server (lib/conn.c).
 * epoll_pwait() unblocks SIGINT/SIGTERM only while sleeping.
 */
#include "unp.h"
#include <sys/epoll.h>

#define MAXEVENTS 256

struct econn {
    struct nbconn c;
    uint32_t interest;          /* level-triggered: current event mask */
};

int main(int argc, char **argv)
{
    struct server_opts o;
    sigset_t waitmask;
    struct epoll_event ev, events[MAXEVENTS];
    long handled = 0;
    int listenfd, epfd;
    bool accept_backlog = false;    /* ET: stopped accepting before EAGAIN */

    server_parse_args(argc, argv, SRV_ET,
        "Single-process server using epoll (level-triggered; --et for edge-triggered).", &o);
    server_ignore_sigpipe();
    raise_nofile_limit();
    listenfd = server_listen(o.port);
    if (set_nonblock(listenfd) < 0)
        err_sys("fcntl O_NONBLOCK");
    if ((epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
        err_sys("epoll_create1");
    ev.events = EPOLLIN | (o.edge ? EPOLLET : 0);
    ev.data.ptr = NULL;             /* NULL means the listening socket */
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, listenfd, &ev) < 0)
        err_sys("epoll_ctl ADD listen");
    server_block_stop(&waitmask);
    server_catch_stop(-1);
    server_ready(&o, o.edge ? "one process, epoll edge-triggered"
                            : "one process, epoll level-triggered");

    while (!stop_requested) {
        /* ET + EMFILE: the listener will not report the queued connections
         * again, so poll for them every 50 ms until the queue is drained. */
        int n = epoll_pwait(epfd, events, MAXEVENTS, accept_backlog ? 50 : -1, &waitmask);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            err_sys("epoll_pwait");
        }
        bool do_accept = accept_backlog;
        for (int i = 0; i < n; i++) {
            struct econn *e = events[i].data.ptr;
            if (e == NULL) {
                do_accept = true;
                continue;
            }
            if (nbconn_io(&e->c, o.edge) == NB_CLOSE) {
                close(e->c.fd);     /* also removes it from the epoll set */
                free(e);
                continue;
            }
            if (!o.edge) {
                uint32_t want = nbconn_wants_write(&e->c) ? EPOLLOUT : EPOLLIN;
                if (want != e->interest) {
                    ev.events = want;
                    ev.data.ptr = e;
                    if (epoll_ctl(epfd, EPOLL_CTL_MOD, e->c.fd, &ev) < 0)
                        err_sys("epoll_ctl MOD");
                    e->interest = want;
                }
            }
        }
        if (!do_accept)
            continue;
        accept_backlog = false;
        for (int k = 0; o.edge || k < 64; k++) {
            int connfd = accept4(listenfd, NULL, NULL, SOCK_NONBLOCK);
            if (connfd < 0) {
                int err = errno;
                if (err == EAGAIN || err == EWOULDBLOCK)
                    break;
                if (err == EINTR || err == ECONNABORTED || err == EPROTO)
                    continue;
                server_accept_failed(err);  /* EMFILE: log (1/s), sleep 50 ms */
                accept_backlog = o.edge;
                break;
            }
            handled++;
            struct econn *e = Malloc(sizeof *e);
            nbconn_init(&e->c, connfd);
            e->interest = EPOLLIN;
            ev.events = o.edge ? (EPOLLIN | EPOLLOUT | EPOLLET) : EPOLLIN;
            ev.data.ptr = e;
            if (epoll_ctl(epfd, EPOLL_CTL_ADD, connfd, &ev) < 0) {
                err_ret("epoll_ctl ADD %s", nbconn_peer(&e->c));
                close(connfd);
                free(e);
            }
        }
    }
    pr_cpu_time();
    pr_total_count(handled);
    return 0;
}
