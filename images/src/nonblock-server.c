/*
 * nonblock-server - the non-blocking I/O model of UNP section 6.2 (figure
 * 6.2) in its raw form: every socket is O_NONBLOCK and the one process never
 * sleeps.  It loops forever: try accept(), then try read() or write() on
 * every connection; each call that has nothing to do fails with EAGAIN and
 * the loop goes round again ("polling").  It serves the load protocol
 * correctly, but burns a whole CPU while idle: the EAGAIN count grows by
 * millions per second with no client at all.  SIGUSR1 prints the counts
 * (accept, read, write) and the passes made; so does SIGINT/SIGTERM, with
 * the CPU time.  Compare select/poll/epoll-server, which sleep until the
 * kernel says a socket is ready.
 */
#include "unp.h"

static volatile sig_atomic_t report_requested;

static struct {
    unsigned long accept, read, write, passes;
} eagain;

static void sig_usr1(int signo)
{
    (void)signo;
    report_requested = 1;
}

static void report(void)
{
    err_msg("EAGAIN: %lu (accept %lu, read %lu, write %lu) in %lu polling passes",
            eagain.accept + eagain.read + eagain.write, eagain.accept, eagain.read,
            eagain.write, eagain.passes);
}

int main(int argc, char **argv)
{
    struct server_opts o;
    struct connset conns = {0};
    long handled = 0;
    int listenfd;

    server_parse_args(argc, argv, 0,
        "Non-blocking server that never sleeps: it polls accept/read/write in a loop and\n"
        "counts EAGAIN; SIGUSR1 prints the counts.", &o);
    server_ignore_sigpipe();
    raise_nofile_limit();
    listenfd = server_listen(o.port);
    if (set_nonblock(listenfd) < 0)
        err_sys("fcntl O_NONBLOCK");
    Signal(SIGUSR1, sig_usr1);
    server_catch_stop(-1);
    server_ready(&o, "one process, non-blocking, busy polling");

    while (!stop_requested) {
        int connfd = accept4(listenfd, NULL, NULL, SOCK_NONBLOCK);
        if (connfd >= 0) {
            connset_add(&conns, connfd);
            handled++;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            eagain.accept++;
        } else {
            server_accept_failed(errno);
        }
        for (size_t i = 0; i < conns.n; ) {
            struct nbconn *c = conns.v[i];
            enum nb_status st = nbconn_io(c, false);
            if (st == NB_CLOSE) {
                connset_close(&conns, i);
                continue;
            }
            if (st == NB_AGAIN) {
                if (nbconn_wants_write(c))
                    eagain.write++;
                else
                    eagain.read++;
            }
            i++;
        }
        eagain.passes++;
        if (report_requested) {
            report_requested = 0;
            report();
        }
    }
    report();
    pr_cpu_time();
    pr_total_count(handled);
    return 0;
}
