/*
 * prefork.c - child management shared by the preforked designs (UNP
 * serv02..serv05): make N children, wait for SIGINT/SIGTERM, kill and reap.
 */
#include "unp.h"
#include <sys/prctl.h>

pid_t prefork_child(int index, prefork_fn *fn, void *arg, const sigset_t *waitmask)
{
    pid_t parent = getpid();
    pid_t pid = Fork();
    if (pid > 0)
        return pid;
    /* child: default SIGINT/SIGTERM (the parent kills us with SIGTERM),
     * signals unblocked, then the design's child_main() which never returns */
    Signal(SIGINT, SIG_DFL);
    Signal(SIGTERM, SIG_DFL);
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

void prefork_wait_stop(const sigset_t *waitmask)
{
    while (!stop_requested)
        sigsuspend(waitmask);   /* returns after any caught signal */
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
