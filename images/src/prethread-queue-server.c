/*
 * prethread-queue-server (alias server7) - UNP serv08, prethreaded server,
 * the main thread accepts and hands descriptors to the workers.
 *
 * The main thread is the only one calling accept(); it puts each connected
 * descriptor into a bounded queue protected by a mutex and signals a
 * condition variable; N worker threads sleep on the condition and take the
 * next descriptor (UNP section 30.12, figures 30.30-30.32, where the queue
 * is the clifd[] array).  When the queue is full the main thread waits for
 * room (a bounded queue turns overload into back-pressure on the listen
 * queue instead of unbounded memory).  Workers run with SIGINT/SIGTERM
 * blocked; the process has main + exactly N threads.
 */
#include "unp.h"

#define QCAP 32

static int queue[QCAP];
static int qhead, qlen;
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t  qnonempty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t  qnonfull = PTHREAD_COND_INITIALIZER;
static long *counts;

static void *thread_main(void *arg)
{
    int i = (int)(intptr_t)arg;
    for (;;) {
        Pthread_mutex_lock(&qlock);
        while (qlen == 0)
            Pthread_cond_wait(&qnonempty, &qlock);
        int connfd = queue[qhead];
        qhead = (qhead + 1) % QCAP;
        qlen--;
        Pthread_cond_signal(&qnonfull);
        Pthread_mutex_unlock(&qlock);

        __atomic_fetch_add(&counts[i], 1, __ATOMIC_RELAXED);
        serve_connection(connfd);
        close(connfd);
    }
    return NULL;
}

/* Returns false when asked to stop while waiting for room. */
static bool enqueue(int connfd)
{
    Pthread_mutex_lock(&qlock);
    while (qlen == QCAP && !stop_requested) {
        /* timed wait: a signal does not wake a condition variable */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 100 * 1000 * 1000;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&qnonfull, &qlock, &ts);
    }
    if (qlen == QCAP) {
        Pthread_mutex_unlock(&qlock);
        return false;
    }
    queue[(qhead + qlen) % QCAP] = connfd;
    qlen++;
    Pthread_cond_signal(&qnonempty);
    Pthread_mutex_unlock(&qlock);
    return true;
}

int main(int argc, char **argv)
{
    struct server_opts o;
    sigset_t stopset, mainmask;
    int listenfd;

    server_parse_args(argc, argv, SRV_WORKERS,
        "Prethreaded server (UNP serv08): main thread accepts into a queue, N workers serve.", &o);
    server_ignore_sigpipe();
    listenfd = server_listen(o.port);
    counts = Calloc((size_t)o.workers, sizeof *counts);

    sigemptyset(&stopset);
    sigaddset(&stopset, SIGINT);
    sigaddset(&stopset, SIGTERM);
    Pthread_sigmask(SIG_BLOCK, &stopset, &mainmask);
    for (int i = 0; i < o.workers; i++) {
        pthread_t tid;
        Pthread_create(&tid, NULL, thread_main, (void *)(intptr_t)i);
        Pthread_detach(tid);
    }
    Pthread_sigmask(SIG_SETMASK, &mainmask, NULL);
    server_catch_stop(listenfd);
    server_ready(&o, "prethreaded, main thread accepts into a queue");

    while (!stop_requested) {
        int connfd = server_accept(listenfd, 0);
        if (connfd < 0)
            continue;
        if (!enqueue(connfd))
            close(connfd);
    }
    pr_cpu_time();
    long snap[MAX_WORKERS];
    for (int i = 0; i < o.workers; i++)
        snap[i] = __atomic_load_n(&counts[i], __ATOMIC_RELAXED);
    pr_worker_counts(snap, o.workers);
    return 0;
}
