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
 * sendmsg per connection, but the parent decides who gets what.  A child
 * that dies is reaped (SIGCHLD) and replaced by a new one with a new pipe.
 */
#include "unp.h"
#include <sys/prctl.h>

struct child {
    pid_t pid;
    int   pipefd;               /* parent's end of the socketpair, -1 if dead */
    bool  busy;
};

static struct child *kids;
static int nkids;
static int navail;              /* live children that are idle */
static long *counts;            /* shared memory, one slot per child */
static int listenfd;
static long accepted;           /* by the parent: the only process that calls accept() */

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

/* Fork child i with a new stream pipe; it starts idle. */
static void spawn_child(int i, const sigset_t *waitmask)
{
    int sockfd[2];
    pid_t parent = getpid();

    Socketpair(AF_LOCAL, SOCK_STREAM, 0, sockfd);
    if (sockfd[0] >= FD_SETSIZE)
        err_quit("too many children for select(): descriptor %d >= FD_SETSIZE", sockfd[0]);
    pid_t pid = Fork();
    if (pid == 0) {
        close(listenfd);
        close(sockfd[0]);
        for (int j = 0; j < nkids; j++)     /* siblings' pipes are not ours */
            if (j != i && kids[j].pipefd >= 0)
                close(kids[j].pipefd);
        Signal(SIGINT, SIG_DFL);
        Signal(SIGTERM, SIG_DFL);
        Signal(SIGCHLD, SIG_DFL);
        prctl(PR_SET_PDEATHSIG, SIGTERM);   /* parent SIGKILLed: do not linger */
        if (getppid() != parent)            /* ... or died before prctl() */
            exit(0);
        Sigprocmask(SIG_SETMASK, waitmask, NULL);
        child_main(i, (void *)(intptr_t)sockfd[1]);
        exit(0);
    }
    close(sockfd[1]);
    kids[i].pid = pid;
    kids[i].pipefd = sockfd[0];
    kids[i].busy = false;
    navail++;
}

/* Child i is gone (its pipe reached EOF, or it was reaped): stop using it. */
static void forget_pipe(int i)
{
    if (kids[i].pipefd < 0)
        return;
    close(kids[i].pipefd);
    kids[i].pipefd = -1;
    if (!kids[i].busy)
        navail--;
}

/* Reap every dead child and put a new one in its place. */
static void replace_dead(const sigset_t *waitmask)
{
    char how[32];
    pid_t pid;
    child_died = 0;
    while ((pid = prefork_reap_one(how, sizeof how)) > 0) {
        int i;
        for (i = 0; i < nkids && kids[i].pid != pid; i++)
            ;
        if (i == nkids)
            continue;
        forget_pipe(i);
        spawn_child(i, waitmask);
        err_msg("child %ld died (%s), replaced by pid %ld (worker %d)",
                (long)pid, how, (long)kids[i].pid, i);
    }
}

/* Hand a new connection to an idle child. */
static void dispatch(void)
{
    int connfd = server_accept(listenfd, 0);
    if (connfd < 0)
        return;
    accepted++;
    int i;
    for (i = 0; i < nkids; i++)
        if (kids[i].pipefd >= 0 && !kids[i].busy)
            break;
    if (i < nkids) {                    /* always: navail > 0 */
        kids[i].busy = true;
        navail--;
        if (write_fd(kids[i].pipefd, "", 1, connfd) < 0)
            err_ret("write_fd to child %d", i);
    }
    close(connfd);
}

/* Child i wrote its "ready" byte, or its pipe closed. */
static void child_readable(int i)
{
    char c;
    ssize_t n = read(kids[i].pipefd, &c, 1);
    if (n < 0 && errno == EINTR)
        return;
    if (n <= 0) {
        err_msg("child %d (pid %ld) terminated unexpectedly", i, (long)kids[i].pid);
        forget_pipe(i);                 /* replaced once SIGCHLD says it is reaped */
        return;
    }
    if (kids[i].busy) {
        kids[i].busy = false;
        navail++;
    }
}

int main(int argc, char **argv)
{
    struct server_opts o;
    sigset_t waitmask;
    pid_t *pids;

    server_parse_args(argc, argv, SRV_WORKERS | SRV_PREFORK,
        "Preforked server (UNP serv05): the parent accepts and passes each descriptor to an idle child.", &o);
    server_ignore_sigpipe();
    listenfd = server_listen(o.port);
    /* select() said readable, but the client may have reset meanwhile: a
     * non-blocking listener makes accept() fail with EAGAIN, not block. */
    if (set_nonblock(listenfd) < 0)
        err_sys("fcntl O_NONBLOCK");
    nkids = o.workers;
    counts = Mmap_shared((size_t)nkids * sizeof *counts);
    kids = Calloc((size_t)nkids, sizeof *kids);
    for (int i = 0; i < nkids; i++)
        kids[i].pipefd = -1;

    server_block_stop(&waitmask);
    prefork_watch_children(&waitmask);
    for (int i = 0; i < nkids; i++)
        spawn_child(i, &waitmask);
    server_catch_stop(-1);
    server_ready(&o, "preforked, descriptor passing");

    while (!stop_requested) {
        fd_set rset;
        int maxfd = -1;

        if (child_died)
            replace_dead(&waitmask);
        FD_ZERO(&rset);
        if (navail > 0) {       /* turn off accepting when no child is idle */
            FD_SET(listenfd, &rset);
            maxfd = listenfd;
        }
        for (int i = 0; i < nkids; i++)
            if (kids[i].pipefd >= 0) {
                FD_SET(kids[i].pipefd, &rset);
                if (kids[i].pipefd > maxfd)
                    maxfd = kids[i].pipefd;
            }
        /* pselect: SIGINT/SIGTERM/SIGCHLD are unblocked only while we sleep
         * here, so a signal cannot slip in between the checks and the call.
         * With every pipe closed we still sleep: SIGCHLD brings replacements. */
        int nsel = pselect(maxfd + 1, &rset, NULL, NULL, NULL, &waitmask);
        if (nsel < 0) {
            if (errno == EINTR)
                continue;
            err_sys("pselect");
        }
        if (FD_ISSET(listenfd, &rset)) {
            dispatch();
            nsel--;
        }
        for (int i = 0; i < nkids && nsel > 0; i++)
            if (kids[i].pipefd >= 0 && FD_ISSET(kids[i].pipefd, &rset)) {
                nsel--;
                child_readable(i);
            }
    }

    pids = Calloc((size_t)nkids, sizeof *pids);
    for (int i = 0; i < nkids; i++)
        pids[i] = kids[i].pid;
    prefork_kill_reap(pids, nkids);
    pr_cpu_time();
    pr_worker_counts(counts, nkids);
    err_msg("connections accepted by the parent: %ld", accepted);
    return 0;
}
