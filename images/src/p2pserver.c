/*
 * p2pserver - the listening half of a two-process chat (the classic
 * "fork a reader and a writer" exercise built on UNP chapter 5's
 * concurrent server skeleton).
 *
 * After accept(), the parent forks a child that reads stdin lines and sends
 * them as frames; the parent reads frames from the socket and prints them.
 * Two processes because each side blocks in its own read() - no select()
 * needed (compare `client`, which multiplexes in one process).  When the
 * peer leaves (EOF or reset), the parent SIGTERMs the child, reaps it, and
 * goes back to accept().  --no-reap keeps the seed's original behaviour:
 * the child is signalled but never waited for, so each peer that leaves
 * leaves a zombie (Z in ps) until the server exits.  If the child reaches EOF on stdin it half-closes
 * the socket (shutdown SHUT_WR) so the peer sees our FIN.
 */
#include "unp.h"

static volatile sig_atomic_t child_pid;    /* a pid_t; written with SIGINT/SIGTERM blocked */

/* SIGINT/SIGTERM: do not leave the stdin-reading child behind. */
static void sig_stop(int signo)
{
    (void)signo;
    if (child_pid > 0) {            /* only async-signal-safe calls */
        kill(child_pid, SIGTERM);
        waitpid(child_pid, NULL, 0);
    }
    _exit(0);
}

static void writer_child(int connfd)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;

    while ((len = getline(&line, &cap, stdin)) >= 0) {
        if (len > 0 && line[len - 1] == '\n')
            len--;
        if (chat_send_line(connfd, line, (size_t)len) < 0) {
            if (errno != EPIPE && errno != ECONNRESET)
                err_ret("write");
            exit(1);
        }
    }
    shutdown(connfd, SHUT_WR);      /* stdin EOF: tell the peer with a FIN */
    exit(0);
}

int main(int argc, char **argv)
{
    const char *host;
    int port, listenfd;
    bool no_reap = false;
    char *buf = Malloc(FRAME_MAX);

    chat_parse_args(argc, argv, false, "Chat server: one peer at a time; stdin lines are sent, received messages printed.",
                    &host, &port, &no_reap);
    Signal(SIGPIPE, SIG_IGN);
    Signal(SIGTERM, sig_stop);
    Signal(SIGINT, sig_stop);
    listenfd = server_listen(port);
    err_msg("listening on port %d", port);

    for (;;) {
        struct sockaddr_storage cli;
        socklen_t clilen = sizeof cli;
        char peer[64];
        int connfd = Accept(listenfd, (struct sockaddr *)&cli, &clilen);

        err_msg("connection from %s", sock_ntop((struct sockaddr *)&cli, clilen, peer, sizeof peer));
        fflush(stdout);
        sigset_t stopset, old;
        sigemptyset(&stopset);
        sigaddset(&stopset, SIGTERM);
        sigaddset(&stopset, SIGINT);
        Sigprocmask(SIG_BLOCK, &stopset, &old);
        pid_t pid = Fork();
        if (pid == 0) {
            /* default dispositions BEFORE unblocking: the parent's sig_stop
             * must never run in the child */
            Signal(SIGTERM, SIG_DFL);
            Signal(SIGINT, SIG_DFL);
            Sigprocmask(SIG_SETMASK, &old, NULL);
            close(listenfd);
            writer_child(connfd);
        }
        child_pid = pid;
        Sigprocmask(SIG_SETMASK, &old, NULL);

        uint32_t len;
        int r;
        while ((r = read_frame(connfd, buf, FRAME_MAX, &len)) == 1)
            chat_print(buf, len);
        if (!(r < 0 && errno == ECONNRESET))
            chat_log_read_end(r, len, peer);
        err_msg("peer left");
        Sigprocmask(SIG_BLOCK, &stopset, NULL);
        kill(pid, SIGTERM);
        if (no_reap)
            err_msg("child %ld signalled, not reaped (--no-reap): it stays a zombie", (long)pid);
        else
            while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
                ;
        child_pid = 0;
        Sigprocmask(SIG_SETMASK, &old, NULL);
        close(connfd);
    }
}
