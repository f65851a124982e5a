/*
 * fork-server (alias server1) - UNP serv01, one fork() per connection.
 *
 * The classic concurrent server (UNP figures 5.2 and 5.12, section 30.5):
 * the parent blocks in accept(), forks a child per connection and goes back
 * to accept; the child serves the connection and exits.  Finished children
 * are reaped by a SIGCHLD handler calling waitpid(-1, WNOHANG) in a loop
 * (one SIGCHLD may stand for several dead children - signals are not
 * queued).  The handler is installed WITHOUT SA_RESTART, so accept() is
 * interrupted with EINTR and the loop simply calls it again: exactly the
 * "handling interrupted system calls" lesson of UNP section 5.9.
 * Cost: one fork per connection, which dominates CPU time at high rates.
 */
#include "unp.h"

static pid_t *kids;             /* live children; 0 = free slot */
static size_t nkids_cap;

static void sig_chld(int signo)
{
    int saved = errno;
    pid_t pid;
    (void)signo;
    while ((pid = waitpid(-1, NULL, WNOHANG)) > 0) {
        for (size_t i = 0; i < nkids_cap; i++)
            if (kids[i] == pid) {
                kids[i] = 0;
                break;
            }
    }
    errno = saved;
}

/* Called with SIGCHLD blocked (the handler walks kids[]). */
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

int main(int argc, char **argv)
{
    struct server_opts o;
    long children = 0;
    int listenfd;
    sigset_t chld, none;

    server_parse_args(argc, argv, 0,
        "Concurrent server (UNP serv01): one child process forked per connection.", &o);
    server_ignore_sigpipe();
    listenfd = server_listen(o.port);
    /* Blocked around fork(): SIGCHLD so that the handler cannot reap the
     * child before remember_child() has recorded it, SIGINT/SIGTERM so that
     * the child cannot run the parent's sig_stop() (which would shutdown()
     * the listening socket shared with the parent) before it has reset its
     * dispositions to SIG_DFL. */
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigaddset(&chld, SIGINT);
    sigaddset(&chld, SIGTERM);
    Signal_intr(SIGCHLD, sig_chld);
    server_catch_stop(listenfd);
    server_ready(&o, "fork per connection");

    for (;;) {
        if (stop_requested)
            break;
        int connfd = accept(listenfd, NULL, NULL);
        if (connfd < 0) {
            if (errno == EINTR)
                continue;           /* SIGCHLD interrupted accept: restart */
            server_accept_failed(errno);   /* EMFILE: log, back off */
            continue;
        }
        Sigprocmask(SIG_BLOCK, &chld, &none);
        pid_t pid = fork();
        if (pid == 0) {
            Signal(SIGCHLD, SIG_DFL);
            Signal(SIGINT, SIG_DFL);
            Signal(SIGTERM, SIG_DFL);
            Sigprocmask(SIG_SETMASK, &none, NULL);
            close(listenfd);        /* child closes listening socket */
            serve_connection(connfd);
            exit(0);                /* closes connfd */
        }
        if (pid < 0)
            err_ret("fork (dropping connection)");
        else {
            remember_child(pid);
            children++;
        }
        Sigprocmask(SIG_SETMASK, &none, NULL);
        close(connfd);              /* parent closes connected socket */
    }

    /* Shutdown: kill the live children, reap them all, then report (the
     * children's CPU time only counts once they have been waited for). */
    Sigprocmask(SIG_BLOCK, &chld, NULL);
    for (size_t i = 0; i < nkids_cap; i++)
        if (kids[i] > 0)
            kill(kids[i], SIGTERM);
    while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
        ;
    pr_cpu_time();
    pr_total_count(children);
    return 0;
}
