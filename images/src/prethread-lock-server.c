/*
 * prethread-lock-server (alias server6) - UNP serv07, prethreaded server,
 * each thread calls accept() under a mutex.
 *
 * N threads are created at startup; each loops: lock a mutex, accept(),
 * unlock, serve the connection (UNP section 30.11, figures 30.27-30.29).
 * Like prefork-lock-server but with threads: no fork, no shared memory
 * needed, the mutex is an ordinary one.  The main thread creates the
 * workers with SIGINT/SIGTERM blocked and then only waits for those
 * signals in sigsuspend() - the process has main + exactly N threads.
 */
#include "unp.h"

static int listenfd;
static long *counts;
static pthread_mutex_t accept_lock = PTHREAD_MUTEX_INITIALIZER;

static void *thread_main(void *arg)
{
    int i = (int)(intptr_t)arg;
    for (;;) {
        Pthread_mutex_lock(&accept_lock);
        int connfd = server_accept(listenfd, 0);
        Pthread_mutex_unlock(&accept_lock);
        if (connfd < 0)
            continue;
        __atomic_fetch_add(&counts[i], 1, __ATOMIC_RELAXED);
        serve_connection(connfd);
        close(connfd);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    struct server_opts o;
    sigset_t waitmask;

    server_parse_args(argc, argv, SRV_WORKERS,
        "Prethreaded server (UNP serv07): N threads, each accept()s under a mutex.", &o);
    server_ignore_sigpipe();
    listenfd = server_listen(o.port);
    counts = Calloc((size_t)o.workers, sizeof *counts);

    server_block_stop(&waitmask);       /* inherited by the workers */
    for (int i = 0; i < o.workers; i++) {
        pthread_t tid;
        Pthread_create(&tid, NULL, thread_main, (void *)(intptr_t)i);
        Pthread_detach(tid);
    }
    server_catch_stop(-1);
    server_ready(&o, "prethreaded, mutex around accept");

    while (!stop_requested)
        sigsuspend(&waitmask);
    pr_cpu_time();
    long snap[MAX_WORKERS];
    for (int i = 0; i < o.workers; i++)
        snap[i] = __atomic_load_n(&counts[i], __ATOMIC_RELAXED);
    pr_worker_counts(snap, o.workers);
    return 0;
}
