/*
 * passfd-demo - descriptor passing in its smallest form (UNP section 15.7):
 * a socketpair, then fork.  The parent accepts TCP connections and sends
 * each connected descriptor to the child with sendmsg() and an SCM_RIGHTS
 * control message (write_fd, figure 15.13), then closes its own copy.  The
 * child receives a NEW descriptor number for the same open socket with
 * recvmsg() (read_fd, figure 15.11), serves the client with it (the load
 * protocol) and closes it.  Both sides log what they did, so the log shows
 * a connection accepted by one process and served by another that never
 * called accept().  prefork-passfd-server builds a pool on the same idea.
 */
#include "unp.h"
#include <sys/prctl.h>

static void child_main(int sockfd)
{
    for (;;) {
        char c, peer[64];
        int connfd = -1;
        ssize_t n = read_fd(sockfd, &c, 1, &connfd);
        if (n == 0)
            exit(0);                /* the parent closed its end */
        if (n < 0)
            err_sys("read_fd");
        if (connfd < 0)
            err_quit("read_fd: no descriptor received");
        peer_name(connfd, peer, sizeof peer);
        err_msg("pid %ld received descriptor %d for %s over the socketpair, serving it",
                (long)getpid(), connfd, peer);
        serve_connection(connfd);
        close(connfd);
        err_msg("pid %ld served %s with the passed descriptor and closed it", (long)getpid(), peer);
    }
}

int main(int argc, char **argv)
{
    struct server_opts o;
    sigset_t waitmask;
    long passed = 0;
    int sv[2];

    server_parse_args(argc, argv, 0,
        "Descriptor passing demo: the parent accepts and sends each connection over a\n"
        "socketpair with SCM_RIGHTS; the child receives it and serves the client.", &o);
    server_ignore_sigpipe();
    int listenfd = server_listen(o.port);
    Socketpair(AF_LOCAL, SOCK_STREAM, 0, sv);
    server_block_stop(&waitmask);
    pid_t parent = getpid();
    pid_t child = Fork();
    if (child == 0) {
        Signal(SIGINT, SIG_DFL);
        Signal(SIGTERM, SIG_DFL);
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
            exit(0);
        Sigprocmask(SIG_SETMASK, &waitmask, NULL);
        close(listenfd);
        close(sv[0]);
        child_main(sv[1]);
    }
    close(sv[1]);
    Sigprocmask(SIG_SETMASK, &waitmask, NULL);
    server_catch_stop(listenfd);
    server_ready(&o, "parent accepts, child serves the passed descriptor");

    while (!stop_requested) {
        char peer[64];
        int connfd = server_accept(listenfd, 0);
        if (connfd < 0)
            continue;
        err_msg("pid %ld accepted %s, passing descriptor %d to pid %ld", (long)getpid(),
                peer_name(connfd, peer, sizeof peer), connfd, (long)child);
        if (write_fd(sv[0], "", 1, connfd) < 0)
            err_ret("write_fd to pid %ld", (long)child);
        else
            passed++;
        close(connfd);              /* the child holds the socket open now */
    }
    kill(child, SIGTERM);
    while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
        ;
    pr_cpu_time();
    err_msg("descriptors passed: %ld", passed);
    return 0;
}
