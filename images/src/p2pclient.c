/*
 * p2pclient - the connecting half of the two-process chat (see p2pserver).
 *
 * The parent sends stdin lines as frames; a child prints the frames that
 * arrive.  Whichever side sees the end tells the other:
 *   - stdin EOF: the parent half-closes (shutdown SHUT_WR, our FIN), kills
 *     the child, reaps it and exits 0;
 *   - the server closes (EOF/reset): the child sends SIGTERM to the parent
 *     and exits; the parent's handler reaps the child and exits 0.
 */
#include "unp.h"

static volatile sig_atomic_t child_pid;    /* a pid_t; written with SIGTERM blocked */
static pid_t parent_pid;

static void sig_term(int signo)
{
    (void)signo;
    /* only async-signal-safe calls: waitpid and _exit */
    if (child_pid > 0)
        waitpid(child_pid, NULL, 0);
    _exit(0);
}

static void reader_child(int sockfd)
{
    char *buf = Malloc(FRAME_MAX);
    uint32_t len;
    int r;

    while ((r = read_frame(sockfd, buf, FRAME_MAX, &len)) == 1)
        chat_print(buf, len);
    if (r == 0)
        err_msg("server closed the connection");
    else
        chat_log_read_end(r, len, "server");
    /* Only if our parent is still the process that forked us: once it has
     * gone we are reparented (to pid 1, or a subreaper such as docker-init)
     * and getppid() names a process we must not SIGTERM. */
    if (getppid() == parent_pid)
        kill(parent_pid, SIGTERM);
    exit(0);
}

int main(int argc, char **argv)
{
    const char *host;
    int port, sockfd;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    sigset_t term, old;

    chat_parse_args(argc, argv, true, "Chat client (two processes: parent sends stdin, child prints).",
                    &host, &port, NULL);
    Signal(SIGPIPE, SIG_IGN);
    if ((sockfd = tcp_connect(host, port)) < 0)
        err_sys("connect to %s port %d", host, port);

    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    Sigprocmask(SIG_BLOCK, &term, &old);   /* child_pid set before the handler can run */
    Signal(SIGTERM, sig_term);
    fflush(stdout);
    parent_pid = getpid();
    pid_t pid = Fork();
    if (pid == 0) {
        Signal(SIGTERM, SIG_DFL);       /* before unblocking: not the parent's handler */
        Sigprocmask(SIG_SETMASK, &old, NULL);
        reader_child(sockfd);
    }
    child_pid = pid;
    Sigprocmask(SIG_SETMASK, &old, NULL);

    while ((len = getline(&line, &cap, stdin)) >= 0) {
        if (len > 0 && line[len - 1] == '\n')
            len--;
        if (chat_send_line(sockfd, line, (size_t)len) < 0) {
            err_ret("write to server");
            break;
        }
    }
    shutdown(sockfd, SHUT_WR);
    Sigprocmask(SIG_BLOCK, &term, NULL);   /* we are ending anyway */
    kill(pid, SIGTERM);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
    return 0;
}
