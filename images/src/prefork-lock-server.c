/*
 * prefork-lock-server (alias server3) - UNP serv03 / serv04, preforked
 * children that call accept() only while holding a lock.
 *
 * Same as prefork-server, but only one child at a time sleeps in accept():
 * the others sleep on the lock.  UNP section 30.7 needed this because
 * some kernels (and select()-based children) broke or stampeded when many
 * processes blocked in accept() on one socket.  Two locks, as in the book:
 *   --lock pthread (default, serv04): a PTHREAD_PROCESS_SHARED mutex placed
 *        in MAP_SHARED memory (section 30.8), made robust so a child killed
 *        while holding it does not wedge the others;
 *   --lock fcntl (serv03): a POSIX record lock (F_SETLKW) on a temporary
 *        file created with mkstemp() in /tmp and unlinked at once; all
 *        children inherit the one descriptor, but record locks belong to
 *        processes (they are not inherited across fork), so each child
 *        still locks and unlocks on its own behalf.
 * A child that dies (even holding the lock) is reaped and replaced.
 */
#include "unp.h"

static long *counts;
static int listenfd;
static bool use_fcntl;
static pthread_mutex_t *mptr;   /* in shared memory */
static int lock_fd = -1;

static void my_lock_init(void)
{
    if (use_fcntl) {
        char path[] = "/tmp/socklab-lock.XXXXXX";
        if ((lock_fd = mkstemp(path)) < 0)
            err_sys("mkstemp %s", path);
        unlink(path);           /* the descriptor keeps it alive */
    } else {
        pthread_mutexattr_t mattr;
        int n;
        mptr = Mmap_shared(sizeof(pthread_mutex_t));
        pthread_mutexattr_init(&mattr);
        pthread_mutexattr_setpshared(&mattr, PTHREAD_PROCESS_SHARED);
        pthread_mutexattr_setrobust(&mattr, PTHREAD_MUTEX_ROBUST);
        if ((n = pthread_mutex_init(mptr, &mattr)) != 0) {
            errno = n;
            err_sys("pthread_mutex_init");
        }
        pthread_mutexattr_destroy(&mattr);
    }
}

static void my_lock_wait(void)
{
    if (use_fcntl) {
        struct flock lock = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
        while (fcntl(lock_fd, F_SETLKW, &lock) < 0) {
            if (errno == EINTR)
                continue;
            err_sys("fcntl F_SETLKW");
        }
    } else {
        int n = pthread_mutex_lock(mptr);
        if (n == EOWNERDEAD)        /* previous owner died: take it over */
            pthread_mutex_consistent(mptr);
        else if (n != 0) {
            errno = n;
            err_sys("pthread_mutex_lock");
        }
    }
}

static void my_lock_release(void)
{
    if (use_fcntl) {
        struct flock unlock = {.l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
        if (fcntl(lock_fd, F_SETLK, &unlock) < 0)
            err_sys("fcntl F_UNLCK");
    } else {
        Pthread_mutex_unlock(mptr);
    }
}

static void child_main(int i, void *arg)
{
    (void)arg;
    for (;;) {
        my_lock_wait();
        int connfd = server_accept(listenfd, 0);
        my_lock_release();
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
    char words[64];

    server_parse_args(argc, argv, SRV_WORKERS | SRV_LOCK | SRV_PREFORK,
        "Preforked server (UNP serv03/serv04): N children, accept() under a lock.", &o);
    use_fcntl = strcmp(o.lock, "fcntl") == 0;
    server_ignore_sigpipe();
    listenfd = server_listen(o.port);
    counts = Mmap_shared((size_t)o.workers * sizeof *counts);
    pids = Calloc((size_t)o.workers, sizeof *pids);
    my_lock_init();

    server_block_stop(&waitmask);
    prefork_watch_children(&waitmask);
    for (int i = 0; i < o.workers; i++)
        pids[i] = prefork_child(i, child_main, NULL, &waitmask);
    server_catch_stop(-1);
    snprintf(words, sizeof words, "preforked, %s accept lock", use_fcntl ? "fcntl" : "pthread");
    server_ready(&o, words);

    prefork_supervise(pids, o.workers, child_main, NULL, &waitmask);
    prefork_kill_reap(pids, o.workers);
    pr_cpu_time();
    pr_worker_counts(counts, o.workers);
    return 0;
}
