/*
 * poll-server - one process, one thread, I/O multiplexing with poll()
 * (UNP figures 6.25-6.27).
 *
 * Same state machine as select-server (lib/conn.c), but poll() takes an
 * array of struct pollfd instead of fixed-size bitmaps, so there is no
 * FD_SETSIZE limit: the array grows with the number of clients.  Each round
 * still hands the whole array to the kernel, so the cost per call grows with
 * the number of connections (what epoll fixes).  ppoll() unblocks
 * SIGINT/SIGTERM only while sleeping.
 */
#include "unp.h"

static struct pollfd *pfds;     /* pfds[0] is the listening socket */
static struct nbconn **conns;   /* conns[i] belongs to pfds[i] */
static size_t nfds, capfds;

static void add_conn(int fd)
{
    if (nfds == capfds) {
        capfds = capfds ? capfds * 2 : 256;
        struct pollfd *np = realloc(pfds, capfds * sizeof *np);
        struct nbconn **nc = realloc(conns, capfds * sizeof *nc);
        if (np == NULL || nc == NULL)
            err_sys("realloc");
        pfds = np;
        conns = nc;
    }
    pfds[nfds].fd = fd;
    pfds[nfds].events = POLLIN;
    pfds[nfds].revents = 0;
    conns[nfds] = NULL;
    if (nfds > 0) {
        conns[nfds] = Malloc(sizeof(struct nbconn));
        nbconn_init(conns[nfds], fd);
    }
    nfds++;
}

int main(int argc, char **argv)
{
    struct server_opts o;
    sigset_t waitmask;
    long handled = 0;
    int listenfd;

    server_parse_args(argc, argv, 0,
        "Single-process server using poll() and non-blocking sockets.", &o);
    server_ignore_sigpipe();
    raise_nofile_limit();
    listenfd = server_listen(o.port);
    if (set_nonblock(listenfd) < 0)
        err_sys("fcntl O_NONBLOCK");
    add_conn(listenfd);
    server_block_stop(&waitmask);
    server_catch_stop(-1);
    server_ready(&o, "one process, poll");

    while (!stop_requested) {
        for (size_t i = 1; i < nfds; i++)
            pfds[i].events = nbconn_wants_write(conns[i]) ? POLLOUT : POLLIN;
        int nready = ppoll(pfds, nfds, NULL, &waitmask);
        if (nready < 0) {
            if (errno == EINTR)
                continue;
            err_sys("ppoll");
        }

        /* Serve existing connections first (indexes are stable until we
         * compact the array below), then accept. */
        for (size_t i = 1; i < nfds; i++) {
            if (pfds[i].revents == 0)
                continue;
            if (nbconn_io(conns[i], false) == NB_CLOSE) {
                close(pfds[i].fd);
                free(conns[i]);
                conns[i] = NULL;
                pfds[i].fd = -1;
            }
        }
        size_t j = 1;                       /* compact closed slots away */
        for (size_t i = 1; i < nfds; i++)
            if (conns[i] != NULL) {
                pfds[j] = pfds[i];
                conns[j] = conns[i];
                j++;
            }
        nfds = j;

        if (pfds[0].revents & POLLIN) {
            for (int k = 0; k < 64; k++) {
                int connfd = server_accept(listenfd, SOCK_NONBLOCK);
                if (connfd < 0)
                    break;
                handled++;
                add_conn(connfd);
            }
        }
    }
    pr_cpu_time();
    pr_total_count(handled);
    return 0;
}
