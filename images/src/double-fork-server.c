/*
 * double-fork-server - no zombies without any SIGCHLD handling (APUE figure
 * 8.8, the trick daemons use): for each connection the parent forks a child,
 * the child forks a grandchild and exits at once, and the parent waits for
 * that child right away (a wait that returns immediately).  The grandchild
 * serves the connection; its parent is gone, so it is reparented to the init
 * process (PID 1 in the container, docker-init), which reaps it when it
 * ends.  The parent has no SIGCHLD handler and keeps no list of children.
 * Cost: two forks per connection, and the server can no longer count, kill
 * or wait for the processes that serve its clients.
 */
#include "unp.h"

int main(int argc, char **argv)
{
    struct server_opts o;
    long handled = 0;
    int listenfd;
    sigset_t stopset, before;

    server_parse_args(argc, argv, 0,
        "Double-fork server: a child forks the grandchild that serves the connection and exits\n"
        "at once; the parent waits for the child; the grandchild is reaped by init.", &o);
    server_ignore_sigpipe();
    listenfd = server_listen(o.port);
    sigemptyset(&stopset);
    sigaddset(&stopset, SIGINT);
    sigaddset(&stopset, SIGTERM);
    server_catch_stop(listenfd);
    server_ready(&o, "double fork, the grandchild serves");

    while (!stop_requested) {
        int connfd = server_accept(listenfd, 0);
        if (connfd < 0)
            continue;
        /* the child must not run the parent's stop handler before resetting it */
        Sigprocmask(SIG_BLOCK, &stopset, &before);
        pid_t pid = fork();
        if (pid == 0) {
            Signal(SIGINT, SIG_DFL);
            Signal(SIGTERM, SIG_DFL);
            Sigprocmask(SIG_SETMASK, &before, NULL);
            close(listenfd);
            pid_t grandchild = fork();
            if (grandchild != 0)        /* the child: done (fork failed or not) */
                _exit(grandchild < 0 ? 1 : 0);
            serve_connection(connfd);   /* the grandchild, soon a child of init */
            exit(0);
        }
        Sigprocmask(SIG_SETMASK, &before, NULL);
        close(connfd);
        if (pid < 0) {
            err_ret("fork (dropping connection)");
            continue;
        }
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;   /* the child exits at once: this wait is short */
        handled++;
    }
    pr_cpu_time();
    pr_total_count(handled);
    return 0;
}
