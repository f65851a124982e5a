/*
 * prefork-server (alias server2) - UNP serv02, preforked children with no
 * accept locking.
 *
 * The parent creates the listening socket and forks N children up front;
 * each child blocks in accept() on the same listening socket and serves
 * the connections it gets (UNP section 30.6).  No fork per connection, and
 * the kernel picks which sleeping child wins each accept (the "thundering
 * herd" discussion of 30.6; modern Linux wakes only one).  The parent just
 * waits for SIGINT/SIGTERM.  Per-child connection counts live in a
 * MAP_SHARED|MAP_ANONYMOUS array, so the parent can show how evenly the
 * kernel spread the connections.
 */
#include "unp.h"

static long *counts;            /* shared with the children */
static int listenfd;

static void child_main(int i, void *arg)
{
    (void)arg;
    for (;;) {
        int connfd = server_accept(listenfd, 0);
        if (connfd < 0)
            continue;
        __atomic_fetch_add(&counts[i], 1, __ATOMIC_RELAXED);
        serve_connection(connfd);
        close(connfd);
    }
}

int main(int argc, char **argv)
{
    struct server_opts o;
    sigset_t waitmask;
    pid_t *pids;

    server_parse_args(argc, argv, SRV_WORKERS,
        "Preforked server (UNP serv02): N children each block in accept(), no locking.", &o);
    server_ignore_sigpipe();
    listenfd = server_listen(o.port);
    counts = Mmap_shared((size_t)o.workers * sizeof *counts);
    pids = Calloc((size_t)o.workers, sizeof *pids);

    server_block_stop(&waitmask);
    for (int i = 0; i < o.workers; i++)
        pids[i] = prefork_child(i, child_main, NULL, &waitmask);
    server_catch_stop(-1);
    server_ready(&o, "preforked, no accept lock");

    prefork_wait_stop(&waitmask);
    prefork_kill_reap(pids, o.workers);
    pr_cpu_time();
    pr_worker_counts(counts, o.workers);
    return 0;
}
