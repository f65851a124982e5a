/*
 * forkserve.c - the concurrent server skeleton of UNP figure 5.12 shared by
 * the demonstration servers (echo family, unix-echo-server, file-server):
 * accept, fork a child per connection, reap children with a SIGCHLD handler
 * that loops on waitpid(WNOHANG).  The accept loop sleeps in ppoll() with
 * SIGINT/SIGTERM unblocked only there, so a stop signal is never lost between
 * the check and the call, whatever the socket's family.
 */
#include "unp.h"
#include <sys/prctl.h>

static void sig_chld_reap(int signo)
{
    int saved = errno;
    (void)signo;
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    errno = saved;
}

long fork_per_connection(int listenfd, conn_fn *serve)
{
    sigset_t waitmask;
    long handled = 0;
    pid_t parent = getpid();

    if (set_nonblock(listenfd) < 0)     /* ppoll said readable; the client may be gone */
        err_sys("fcntl O_NONBLOCK");
    Signal(SIGCHLD, sig_chld_reap);
    server_block_stop(&waitmask);
    server_catch_stop(-1);

    while (!stop_requested) {
        struct pollfd p = {.fd = listenfd, .events = POLLIN};
        if (ppoll(&p, 1, NULL, &waitmask) < 0) {
            if (errno == EINTR)
                continue;
            err_sys("ppoll");
        }
        int connfd = accept(listenfd, NULL, NULL);  /* blocking descriptor */
        if (connfd < 0) {
            server_accept_failed(errno);
            continue;
        }
        pid_t pid = fork();
        if (pid == 0) {
            /* defaults before unblocking: the parent's handlers are not ours */
            Signal(SIGCHLD, SIG_DFL);
            Signal(SIGINT, SIG_DFL);
            Signal(SIGTERM, SIG_DFL);
            prctl(PR_SET_PDEATHSIG, SIGTERM);   /* the server stops: so do we */
            if (getppid() != parent)
                exit(0);
            Sigprocmask(SIG_SETMASK, &waitmask, NULL);
            close(listenfd);
            serve(connfd);
            exit(0);
        }
        if (pid < 0)
            err_ret("fork (dropping connection)");
        else
            handled++;
        close(connfd);
    }
    return handled;
}

void port_parse_args(int argc, char **argv, const char *what, int default_port, int *port)
{
    static const struct option longopts[] = {
        {"port", required_argument, NULL, 'P'},
        {"help", no_argument,       NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    int c;

    set_progname(argv[0]);
    *port = default_port;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":P:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'P':
            *port = (int)parse_long_opt("-P", optarg, 1, 65535);
            break;
        case 'h':
            printf("Usage: %s [-P port]\n%s\n"
                   "  -P, --port PORT      TCP port to listen on (default %d)\n"
                   "  -h, --help           show this help\n", progname, what, default_port);
            exit(0);
        default:
            err_getopt(c, argv);
        }
    }
    err_operands(argc, argv);
}
