/*
 * prefork-server (alias server2) - UNP serv02, preforked children with no
 * accept locking.
 *
 * The parent creates the listening socket and forks N children up front;
 * each child blocks in accept() on the same listening socket and serves
 * the connections it gets (UNP section 30.6).  No fork per connection, and
 * the kernel picks which sleeping child wins each accept.  The parent waits
 * for SIGINT/SIGTERM, and reaps and replaces any child that dies.
 * Per-child counts live in MAP_SHARED|MAP_ANONYMOUS memory, so the parent
 * can show how evenly the kernel spread the connections.
 *
 * --select shows the "thundering herd" of UNP 30.6: each child sleeps in
 * select() on the listening socket instead of accept(), then calls accept()
 * on the (non-blocking) socket.  A connection makes the listening socket
 * readable for every child that sleeps on it: all of them may wake, one
 * wins the accept and the others get EAGAIN.  (A child blocked in accept()
 * is woken alone on Linux: its wakeups equal its connections.)  SIGTERM
 * prints, per child, the wakeups, the EAGAINs and the connections, and the
 * voluntary context switches read from /proc before the children are
 * killed: a child that select() wakes finds the socket already drained
 * more often than not and goes back to sleep inside the kernel, so only the
 * context switches show the whole herd.  So each child also counts the
 * times the kernel woke it inside accept() or select() (its voluntary
 * context switches during the call, from getrusage): in accept() that is
 * once per connection it gets, in select() once per connection anyone gets.
 */
#include "unp.h"

static long *counts;            /* shared with the children: connections */
static long *wakeups;           /* returns from accept() / select() */
static long *eagains;           /* accept() found nothing (--select only) */
static long *woken;             /* times the kernel woke the child inside accept() / select() */
static int listenfd;

/* Voluntary context switches of the calling thread so far: every time it slept. */
static long sleeps_so_far(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_THREAD, &ru) == 0 ? ru.ru_nvcsw : 0;
}

static void child_accept(int i, void *arg)
{
    (void)arg;
    for (;;) {
        long before = sleeps_so_far();
        int connfd = server_accept(listenfd, 0);
        __atomic_fetch_add(&woken[i], sleeps_so_far() - before, __ATOMIC_RELAXED);
        __atomic_fetch_add(&wakeups[i], 1, __ATOMIC_RELAXED);
        if (connfd < 0)
            continue;
        __atomic_fetch_add(&counts[i], 1, __ATOMIC_RELAXED);
        serve_connection(connfd);
        close(connfd);
    }
}

static void child_select(int i, void *arg)
{
    (void)arg;
    for (;;) {
        fd_set rset;
        FD_ZERO(&rset);
        FD_SET(listenfd, &rset);
        long before = sleeps_so_far();
        int n = select(listenfd + 1, &rset, NULL, NULL, NULL);
        __atomic_fetch_add(&woken[i], sleeps_so_far() - before, __ATOMIC_RELAXED);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            err_sys("select");
        }
        __atomic_fetch_add(&wakeups[i], 1, __ATOMIC_RELAXED);
        int connfd = accept(listenfd, NULL, NULL);
        if (connfd < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                __atomic_fetch_add(&eagains[i], 1, __ATOMIC_RELAXED);   /* another child won */
            else
                server_accept_failed(errno);
            continue;
        }
        __atomic_fetch_add(&counts[i], 1, __ATOMIC_RELAXED);
        serve_connection(connfd);
        close(connfd);
    }
}

/* Per child, /proc/PID/status's voluntary_ctxt_switches: every time it slept. */
static void pr_context_switches(const pid_t *pids, int n)
{
    long *sw = Calloc((size_t)n, sizeof *sw);
    for (int i = 0; i < n; i++) {
        char path[64], line[256];
        snprintf(path, sizeof path, "/proc/%ld/status", (long)pids[i]);
        FILE *f = fopen(path, "r");
        if (f == NULL)
            continue;
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "voluntary_ctxt_switches: %ld", &sw[i]) == 1)
                break;
        fclose(f);
    }
    pr_counts("voluntary context switches per worker", sw, n);
    free(sw);
}

int main(int argc, char **argv)
{
    struct server_opts o;
    sigset_t waitmask;
    pid_t *pids;

    server_parse_args(argc, argv, SRV_WORKERS | SRV_SELECT | SRV_PREFORK,
        "Preforked server (UNP serv02): N children each block in accept(), no locking.", &o);
    server_ignore_sigpipe();
    listenfd = server_listen(o.port);
    if (o.select_accept && set_nonblock(listenfd) < 0)   /* losers must not block in accept */
        err_sys("fcntl O_NONBLOCK");
    counts = Mmap_shared((size_t)o.workers * sizeof *counts);
    wakeups = Mmap_shared((size_t)o.workers * sizeof *wakeups);
    eagains = Mmap_shared((size_t)o.workers * sizeof *eagains);
    woken = Mmap_shared((size_t)o.workers * sizeof *woken);
    pids = Calloc((size_t)o.workers, sizeof *pids);
    prefork_fn *child_main = o.select_accept ? child_select : child_accept;

    server_block_stop(&waitmask);
    prefork_watch_children(&waitmask);
    for (int i = 0; i < o.workers; i++)
        pids[i] = prefork_child(i, child_main, NULL, &waitmask);
    server_catch_stop(-1);
    server_ready(&o, o.select_accept ? "preforked, children sleep in select()" : "preforked, no accept lock");

    prefork_supervise(pids, o.workers, child_main, NULL, &waitmask);
    pr_context_switches(pids, o.workers);   /* while the children still exist */
    prefork_kill_reap(pids, o.workers);
    pr_cpu_time();
    pr_worker_counts(counts, o.workers);
    pr_counts("wakeups per worker", wakeups, o.workers);
    pr_counts("EAGAIN per worker", eagains, o.workers);
    pr_counts("kernel wakeups per worker", woken, o.workers);
    return 0;
}
