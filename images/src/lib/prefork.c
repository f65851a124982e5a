/*
 * prefork.c - child management shared by the preforked designs (UNP
 * serv02..serv05): make N children, wait for SIGINT/SIGTERM, kill and reap.
 * UNP's parents never noticed a child dying; ours reap every dead child at
 * once (no zombie) and fork a replacement for it, with one log line.
 * SIGCHLD is blocked except while the parent sleeps, and its handler only
 * sets a flag: the reaping and forking happen in the parent's main loop.
 */
#include "unp.h"
#include <sys/prctl.h>

volatile sig_atomic_t child_died;

static void sig_chld_flag(int signo)
{
    (void)signo;
    child_died = 1;
}

void prefork_watch_children(sigset_t *waitmask)
{
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    Sigprocmask(SIG_BLOCK, &chld, NULL);
    Signal(SIGCHLD, sig_chld_flag);
    sigdelset(waitmask, SIGCHLD);       /* delivered only while we sleep */
}

pid_t prefork_reap_one(char *how, size_t len)
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) < 0 && errno == EINTR)
        ;
    if (pid <= 0)
        return 0;
    if (WIFSIGNALED(status))
        snprintf(how, len, "signal %d", WTERMSIG(status));
    else
        snprintf(how, len, "exit %d", WEXITSTATUS(status));
    return pid;
}

pid_t prefork_child(int index, prefork_fn *fn, void *arg, const sigset_t *waitmask)
{
    pid_t parent = getpid();
    pid_t pid = Fork();
    if (pid > 0)
        return pid;
    /* child: default SIGINT/SIGTERM (the parent kills us with SIGTERM) and
     * SIGCHLD, signals unblocked, then the design's child_main() which
     * never returns */
    Signal(SIGINT, SIG_DFL);
    Signal(SIGTERM, SIG_DFL);
    Signal(SIGCHLD, SIG_DFL);
    prctl(PR_SET_PDEATHSIG, SIGTERM);   /* parent SIGKILLed: do not linger */
    /* The parent may have died before prctl(): then we have been reparented
     * already.  Compare with the pid we were forked from, NOT with 1: in a
     * container without --init the server itself is pid 1, and under a
     * subreaper the orphan's new parent is not 1 either. */
    if (getppid() != parent)
        exit(0);
    Sigprocmask(SIG_SETMASK, waitmask, NULL);
    fn(index, arg);
    exit(0);
}

void prefork_supervise(pid_t *pids, int n, prefork_fn *fn, void *arg, const sigset_t *waitmask)
{
    while (!stop_requested) {
        sigsuspend(waitmask);   /* returns after any caught signal */
        if (!child_died || stop_requested)
            continue;
        child_died = 0;
        char how[32];
        pid_t pid;
        while ((pid = prefork_reap_one(how, sizeof how)) > 0) {
            int i;
            for (i = 0; i < n && pids[i] != pid; i++)
                ;
            if (i == n)
                continue;
            pids[i] = prefork_child(i, fn, arg, waitmask);
            err_msg("child %ld died (%s), replaced by pid %ld (worker %d)",
                    (long)pid, how, (long)pids[i], i);
        }
    }
}

void prefork_kill_reap(const pid_t *pids, int n)
{
    for (int i = 0; i < n; i++)
        if (pids[i] > 0)
            kill(pids[i], SIGTERM);
    for (int i = 0; i < n; i++) {
        if (pids[i] <= 0)
            continue;
        while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
            ;
    }
}
