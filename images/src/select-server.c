/*
 * select-server - one process, one thread, I/O multiplexing with select()
 * (UNP figures 6.21/6.22, the "single process TCP server using select").
 *
 * No process or thread per client: the server keeps per-connection state
 * (lib/conn.c: partial request line, response offset) and select() tells it
 * which sockets can make progress.  Sockets are non-blocking so one slow
 * reader of a 1 MiB response cannot stall everybody else: we write what the
 * send buffer takes and come back when select() reports it writable.
 * select()'s fd_set is a fixed bitmap of FD_SETSIZE (1024) bits, so a
 * connection whose descriptor is >= FD_SETSIZE cannot be watched at all: it
 * is logged and closed - the classic limitation that poll() removes.
 * pselect() unblocks SIGINT/SIGTERM only while sleeping (no lost wake-up).
 */
#include "unp.h"

static struct nbconn *conns[FD_SETSIZE];    /* indexed by descriptor */

int main(int argc, char **argv)
{
    struct server_opts o;
    sigset_t waitmask;
    long handled = 0;
    int listenfd, maxfd;

    server_parse_args(argc, argv, 0,
        "Single-process server using select() and non-blocking sockets.", &o);
    server_ignore_sigpipe();
    raise_nofile_limit();
    listenfd = server_listen(o.port);
    if (set_nonblock(listenfd) < 0)
        err_sys("fcntl O_NONBLOCK");
    server_block_stop(&waitmask);
    server_catch_stop(-1);
    server_ready(&o, "one process, select");

    while (!stop_requested) {
        fd_set rset, wset;
        FD_ZERO(&rset);
        FD_ZERO(&wset);
        FD_SET(listenfd, &rset);
        maxfd = listenfd;
        for (int fd = 0; fd < FD_SETSIZE; fd++) {
            if (conns[fd] == NULL)
                continue;
            if (nbconn_wants_write(conns[fd]))
                FD_SET(fd, &wset);
            else
                FD_SET(fd, &rset);
            if (fd > maxfd)
                maxfd = fd;
        }
        int nready = pselect(maxfd + 1, &rset, &wset, NULL, NULL, &waitmask);
        if (nready < 0) {
            if (errno == EINTR)
                continue;
            err_sys("pselect");
        }

        if (FD_ISSET(listenfd, &rset)) {
            nready--;
            for (int k = 0; k < 64; k++) {      /* a few per round, then serve */
                int connfd = server_accept(listenfd, SOCK_NONBLOCK);
                if (connfd < 0)
                    break;
                if (connfd >= FD_SETSIZE) {
                    char peer[64];
                    err_msg("refusing %s: descriptor %d >= FD_SETSIZE (%d)",
                            peer_name(connfd, peer, sizeof peer), connfd, FD_SETSIZE);
                    close(connfd);
                    continue;
                }
                handled++;
                conns[connfd] = Malloc(sizeof(struct nbconn));
                nbconn_init(conns[connfd], connfd);
            }
        }

        for (int fd = 0; fd <= maxfd && nready > 0; fd++) {
            struct nbconn *c = conns[fd];
            if (c == NULL || fd == listenfd)
                continue;
            if (!FD_ISSET(fd, &rset) && !FD_ISSET(fd, &wset))
                continue;
            nready--;
            if (nbconn_io(c, false) == NB_CLOSE) {
                close(fd);
                free(c);
                conns[fd] = NULL;
            }
        }
    }
    pr_cpu_time();
    pr_total_count(handled);
    return 0;
}
