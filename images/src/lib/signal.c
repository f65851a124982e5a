/*
 * signal.c - UNP's sigaction-based Signal() (figure 5.6), plus Signal_intr()
 * for the places where the design WANTS slow system calls to fail with EINTR
 * (a server's SIGINT/SIGTERM handler must interrupt a blocked read/accept).
 */
#include "unp.h"

volatile sig_atomic_t stop_requested = 0;

static Sigfunc *signal_common(int signo, Sigfunc *func, bool restart)
{
    struct sigaction act, oact;

    act.sa_handler = func;
    sigemptyset(&act.sa_mask);
    act.sa_flags = 0;
    if (restart && signo != SIGALRM)
        act.sa_flags |= SA_RESTART;
    if (sigaction(signo, &act, &oact) < 0)
        return SIG_ERR;
    return oact.sa_handler;
}

Sigfunc *Signal(int signo, Sigfunc *func)
{
    Sigfunc *f = signal_common(signo, func, true);
    if (f == SIG_ERR)
        err_sys("sigaction(%d)", signo);
    return f;
}

Sigfunc *Signal_intr(int signo, Sigfunc *func)
{
    Sigfunc *f = signal_common(signo, func, false);
    if (f == SIG_ERR)
        err_sys("sigaction(%d)", signo);
    return f;
}

void Sigprocmask(int how, const sigset_t *set, sigset_t *oset)
{
    if (sigprocmask(how, set, oset) < 0)
        err_sys("sigprocmask");
}

void Pthread_sigmask(int how, const sigset_t *set, sigset_t *oset)
{
    int n = pthread_sigmask(how, set, oset);
    if (n != 0) {
        errno = n;
        err_sys("pthread_sigmask");
    }
}
