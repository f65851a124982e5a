/*
 * prefork-passfd-server (alias server4) - UNP serv05, preforked children
 * with descriptor passing.
 *
 * Only the parent calls accept().  It select()s over the listening socket
 * and one stream pipe (socketpair) per child; for each new connection it
 * picks an idle child and passes the connected descriptor to it with
 * sendmsg(SCM_RIGHTS) (UNP section 30.9, figures 30.20-30.23), then closes
 * its own copy.  When a child has finished a connection it writes one byte
 * back on its pipe, which is how the parent learns it is idle again.  While
 * no child is idle the parent stops selecting on the listening socket, so
 * new connections wait in the kernel's queue.  More code and an extra
 * sendmsg per connection, but the parent decides who gets what.
 */
#include "unp.h"
#include <sys/prctl.h>

struct child {
    pid_t pid;
    int   pipefd;               /* parent's end of the socketpair, -1 if dead */
    bool  busy;
};

static struct child *kids;
static long *counts;            /* shared memory, one slot per child */
static int listenfd;

static void child_main(int i, void *arg)
{
    int fd = (int)(intptr_t)arg;
    char c;

    for (;;) {
        int connfd = -1;
        ssize_t n = read_fd(fd, &c, 1, &connfd);
        if (n == 0)
            exit(0);            /* parent went away */
        if (n < 0)
            err_sys("read_fd");
        if (connfd < 0)
            err_quit("read_fd: no descriptor received");
        __atomic_fetch_add(&counts[i], 1, __ATOMIC_RELAXED);
        serve_connection(connfd);
        close(connfd);
        Write(fd, "", 1);       /* tell the parent we are ready again */
    }
}

int main(int argc, char **argv)
{
    struct server_opts o;
    sigset_t waitmask;
    pid_t *pids;
    int navail;

    server_parse_args(argc, argv, SRV_WORKERS,
        "Preforked server (UNP serv05): the parent accepts and passes each descriptor to an idle child.", &o);
    server_ignore_sigpipe();
    listenfd = server_listen(o.port);
    /* select() said readable, but the client may have reset meanwhile: a
     * non-blocking listener makes accept() fail with EAGAIN, not block. */
    if (set_nonblock(listenfd) < 0)
        err_sys("fcntl O_NONBLOCK");
    counts = Mmap_shared((size_t)o.workers * sizeof *counts);
    kids = Calloc((size_t)o.workers, sizeof *kids);
    pids = Calloc((size_t)o.workers, sizeof *pids);

    server_block_stop(&waitmask);
    pid_t parent = getpid();
    for (int i = 0; i < o.workers; i++) {
        int sockfd[2];
        Socketpair(AF_LOCAL, SOCK_STREAM, 0, sockfd);
        if (sockfd[0] >= FD_SETSIZE)
            err_quit("too many children for select(): descriptor %d >= FD_SETSIZE", sockfd[0]);
        pid_t pid = Fork();
        if (pid == 0) {
            close(listenfd);
            close(sockfd[0]);
            for (int j = 0; j < i; j++)     /* siblings' pipes are not ours */
                close(kids[j].pipefd);
            Signal(SIGINT, SIG_DFL);
            Signal(SIGTERM, SIG_DFL);
            prctl(PR_SET_PDEATHSIG, SIGTERM);   /* parent SIGKILLed: do not linger */
            if (getppid() != parent)            /* ... or died before prctl() */
                exit(0);
            Sigprocmask(SIG_SETMASK, &waitmask, NULL);
            child_main(i, (void *)(intptr_t)sockfd[1]);
            exit(0);
        }
        close(sockfd[1]);
        kids[i].pid = pids[i] = pid;
        kids[i].pipefd = sockfd[0];
        kids[i].busy = false;
    }
    navail = o.workers;
    server_catch_stop(-1);
    server_ready(&o, "preforked, descriptor passing");

    while (!stop_requested) {
        fd_set rset;
        int maxfd = -1;

        FD_ZERO(&rset);
        if (navail > 0) {       /* turn off accepting when no child is idle */
            FD_SET(listenfd, &rset);
            maxfd = listenfd;
        }
        for (int i = 0; i < o.workers; i++)
            if (kids[i].pipefd >= 0) {
                FD_SET(kids[i].pipefd, &rset);
                if (kids[i].pipefd > maxfd)
                    maxfd = kids[i].pipefd;
            }
        if (maxfd < 0)
            err_quit("all children have died");
        /* pselect: SIGINT/SIGTERM are unblocked only while we sleep here,
         * so a signal cannot slip in between the stop check and the call. */
        int nsel = pselect(maxfd + 1, &rset, NULL, NULL, NULL, &waitmask);
        if (nsel < 0) {
            if (errno == EINTR)
                continue;
            err_sys("pselect");
        }

        if (FD_ISSET(listenfd, &rset)) {
            int connfd = server_accept(listenfd, 0);
            if (connfd >= 0) {
                int i;
                for (i = 0; i < o.workers; i++)
                    if (kids[i].pipefd >= 0 && !kids[i].busy)
                        break;
                if (i == o.workers) {           /* cannot happen: navail > 0 */
                    close(connfd);
                } else {
                    kids[i].busy = true;
                    navail--;
                    if (write_fd(kids[i].pipefd, "", 1, connfd) < 0)
                        err_ret("write_fd to child %d", i);
                    close(connfd);
                }
            }
            if (--nsel <= 0)
                continue;
        }

        for (int i = 0; i < o.workers && nsel > 0; i++) {
            if (kids[i].pipefd < 0 || !FD_ISSET(kids[i].pipefd, &rset))
                continue;
            nsel--;
            char c;
            ssize_t n = read(kids[i].pipefd, &c, 1);
            if (n <= 0) {
                if (n < 0 && errno == EINTR)
                    continue;
                err_msg("child %d (pid %ld) terminated unexpectedly", i, (long)kids[i].pid);
                close(kids[i].pipefd);
                kids[i].pipefd = -1;
                if (!kids[i].busy)
                    navail--;
                continue;
            }
            if (kids[i].busy) {
                kids[i].busy = false;
                navail++;
            }
        }
    }

    prefork_kill_reap(pids, o.workers);
    pr_cpu_time();
    pr_worker_counts(counts, o.workers);
    return 0;
}
