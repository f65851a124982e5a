/*
 * fork-server (alias server1) - UNP serv01, one fork() per connection.
 *
 * The classic concurrent server (UNP figures 5.2 and 5.12, section 30.5):
 * the parent blocks in accept(), forks a child per connection and goes back
 * to accept; the child serves the connection and exits.  How finished
 * children are reaped is chosen with --sigchld (UNP section 5.9/5.10):
 *   handler (default)  a SIGCHLD handler calls waitpid(-1, WNOHANG) in a loop
 *                      (one SIGCHLD may stand for several dead children -
 *                      signals are not queued).  It is installed WITHOUT
 *                      SA_RESTART, so accept() fails with EINTR and the loop
 *                      calls it again: "handling interrupted system calls";
 *   none               nobody waits: every finished child stays a zombie (Z
 *                      in ps) until the server exits;
 *   ignore             SIGCHLD set to SIG_IGN: POSIX lets the kernel discard
 *                      the children's status, so no zombie is ever made;
 *   reaper-thread      SIGCHLD blocked in every thread; a dedicated thread
 *                      waits for it with sigwait() and reaps - no code runs
 *                      in signal context and accept() is never interrupted.
 * --no-restart is the naive server of UNP figure 5.2 with a handler added:
 * EINTR from accept() is treated as an error, so the server exits when its
 * first child ends.
 * Cost: one fork per connection, which dominates CPU time at high rates.
 */
#include "unp.h"
#include <sys/prctl.h>

enum reaping { R_NONE, R_IGNORE, R_HANDLER, R_THREAD };

static pid_t *kids;             /* live children; 0 = free slot */
static size_t nkids_cap;
static volatile sig_atomic_t reaped;    /* children waited for while running */
static long restarted;                  /* accept() calls interrupted (EINTR) and made again */
static pthread_mutex_t kids_lock = PTHREAD_MUTEX_INITIALIZER;   /* reaper-thread */

static void forget_child(pid_t pid)
{
    reaped++;
    for (size_t i = 0; i < nkids_cap; i++)
        if (kids[i] == pid) {
            kids[i] = 0;
            return;
        }
}

static void sig_chld(int signo)
{
    int saved = errno;
    pid_t pid;
    (void)signo;
    while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
        forget_child(pid);
    errno = saved;
}

/* The reaper thread: SIGCHLD is blocked everywhere, so it stays pending
 * until sigwait() takes it here; then reap every child that has ended. */
static void *reaper(void *arg)
{
    const sigset_t *set = arg;
    for (;;) {
        int sig;
        if (sigwait(set, &sig) != 0)
            continue;
        Pthread_mutex_lock(&kids_lock);
        pid_t pid;
        while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
            forget_child(pid);
        Pthread_mutex_unlock(&kids_lock);
    }
    return NULL;
}

/* Called with SIGCHLD blocked, or kids_lock held (the reapers walk kids[]). */
static void remember_child(pid_t pid)
{
    for (size_t i = 0; i < nkids_cap; i++)
        if (kids[i] == 0) {
            kids[i] = pid;
            return;
        }
    size_t ncap = nkids_cap ? nkids_cap * 2 : 64;
    pid_t *n = realloc(kids, ncap * sizeof *n);
    if (n == NULL) {
        err_ret("realloc");         /* not fatal: we just cannot kill it at exit */
        return;
    }
    memset(n + nkids_cap, 0, (ncap - nkids_cap) * sizeof *n);
    n[nkids_cap] = pid;
    kids = n;
    nkids_cap = ncap;
}

static enum reaping setup_reaping(const char *how, sigset_t *chldset)
{
    sigemptyset(chldset);
    sigaddset(chldset, SIGCHLD);
    if (strcmp(how, "none") == 0) {
        Signal(SIGCHLD, SIG_DFL);       /* default: ignored, but NOT reaped */
        return R_NONE;
    }
    if (strcmp(how, "ignore") == 0) {
        Signal(SIGCHLD, SIG_IGN);       /* explicit SIG_IGN: no zombies at all */
        return R_IGNORE;
    }
    if (strcmp(how, "handler") == 0) {
        Signal_intr(SIGCHLD, sig_chld);
        return R_HANDLER;
    }
    /* blocked before the thread exists, so every thread inherits the mask */
    pthread_t tid;
    sigset_t stopset;
    Pthread_sigmask(SIG_BLOCK, chldset, NULL);
    sigemptyset(&stopset);
    sigaddset(&stopset, SIGINT);
    sigaddset(&stopset, SIGTERM);
    Pthread_sigmask(SIG_BLOCK, &stopset, NULL);     /* stop signals go to main */
    Pthread_create(&tid, NULL, reaper, chldset);
    Pthread_sigmask(SIG_UNBLOCK, &stopset, NULL);
    return R_THREAD;
}

static const char *const reaping_words[] = {
    "fork per connection, SIGCHLD not handled (zombies)",
    "fork per connection, SIGCHLD ignored (SIG_IGN)",
    "fork per connection, SIGCHLD handler with waitpid(WNOHANG)",
    "fork per connection, reaper thread with sigwait",
};

/* Fork the child for connfd; returns its pid (or -1). */
static pid_t spawn(int listenfd, int connfd, const sigset_t *childmask)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    Signal(SIGCHLD, SIG_DFL);
    Signal(SIGINT, SIG_DFL);
    Signal(SIGTERM, SIG_DFL);
    prctl(PR_SET_PDEATHSIG, SIGTERM);   /* a SIGKILLed server leaves no child */
    if (getppid() != parent)
        exit(0);
    Sigprocmask(SIG_SETMASK, childmask, NULL);
    close(listenfd);                    /* child closes listening socket */
    serve_connection(connfd);
    exit(0);                            /* closes connfd */
}

int main(int argc, char **argv)
{
    struct server_opts o;
    long children = 0;
    int listenfd;
    sigset_t chldset, forkset, startmask, before;

    server_parse_args(argc, argv, SRV_SIGCHLD,
        "Concurrent server (UNP serv01): one child process forked per connection.", &o);
    server_ignore_sigpipe();
    listenfd = server_listen(o.port);
    Sigprocmask(SIG_SETMASK, NULL, &startmask);     /* what a child starts with */
    enum reaping how = setup_reaping(o.sigchld, &chldset);
    /* Blocked around fork(): SIGCHLD so that the handler cannot reap the
     * child before remember_child() has recorded it, SIGINT/SIGTERM so that
     * the child cannot run the parent's sig_stop() (which would shutdown()
     * the listening socket shared with the parent) before it has reset its
     * dispositions to SIG_DFL. */
    forkset = chldset;
    sigaddset(&forkset, SIGINT);
    sigaddset(&forkset, SIGTERM);
    server_catch_stop(listenfd);
    server_ready(&o, o.no_restart ? "fork per connection, naive: EINTR from accept is fatal"
                                  : reaping_words[how]);

    for (;;) {
        if (stop_requested)
            break;
        int connfd = accept(listenfd, NULL, NULL);
        if (connfd < 0) {
            if (errno == EINTR && o.no_restart && !stop_requested)
                err_sys("accept");  /* the naive server: dies of its child's SIGCHLD */
            if (errno == EINTR) {
                if (!stop_requested)
                    restarted++;
                continue;           /* SIGCHLD interrupted accept: restart */
            }
            server_accept_failed(errno);   /* EMFILE: log, back off */
            continue;
        }
        Sigprocmask(SIG_BLOCK, &forkset, &before);
        if (how == R_THREAD)
            Pthread_mutex_lock(&kids_lock);
        pid_t pid = spawn(listenfd, connfd, &startmask);
        if (pid < 0)
            err_ret("fork (dropping connection)");
        else {
            if (how != R_IGNORE)    /* an ignored child's pid may be reused at once */
                remember_child(pid);
            children++;
        }
        if (how == R_THREAD)
            Pthread_mutex_unlock(&kids_lock);
        Sigprocmask(SIG_SETMASK, &before, NULL);
        close(connfd);              /* parent closes connected socket */
    }

    /* Shutdown: kill the live children, reap them all, then report (the
     * children's CPU time only counts once they have been waited for).
     * Ignored children cannot be waited for: PDEATHSIG ends them. */
    Sigprocmask(SIG_BLOCK, &chldset, NULL);
    long reaped_running = reaped;
    if (how == R_THREAD)
        Pthread_mutex_lock(&kids_lock);
    for (size_t i = 0; i < nkids_cap; i++)
        if (kids[i] > 0)
            kill(kids[i], SIGTERM);
    if (how != R_IGNORE)
        while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
            ;
    pr_cpu_time();
    pr_total_count(children);
    err_msg("children reaped while running: %ld", reaped_running);
    err_msg("accept interrupted by a signal (EINTR) and restarted: %ld times", restarted);
    return 0;
}
