/*
 * sigio-server - the signal-driven I/O model of UNP section 6.2 (figure 6.4)
 * and chapter 25: every socket gets O_ASYNC and F_SETOWN (our pid), so the
 * kernel sends SIGIO when something happens on it.  The process sleeps in
 * sigsuspend() with SIGIO blocked everywhere else; the handler only sets a
 * flag.  On waking it accepts every pending connection and makes all the
 * progress it can on every connection, until each reports EAGAIN: SIGIO says
 * neither which descriptor nor what happened, and signals are not queued, so
 * one SIGIO may stand for many events (UNP 25.3: why SIGIO is of little use
 * for TCP).  Non-blocking sockets, the load protocol; SIGINT/SIGTERM print
 * the SIGIO signals taken and the CPU time.
 */
#include "unp.h"

static volatile sig_atomic_t sigio_pending;
static volatile sig_atomic_t sigio_count;

static void sig_io(int signo)
{
    (void)signo;
    sigio_pending = 1;
    sigio_count++;
}

/* Signal-driven I/O on fd: SIGIO to this process, no blocking. */
static void make_async(int fd)
{
    int fl;
    if (fcntl(fd, F_SETOWN, getpid()) < 0 || (fl = fcntl(fd, F_GETFL)) < 0 ||
        fcntl(fd, F_SETFL, fl | O_ASYNC | O_NONBLOCK) < 0)
        err_sys("fcntl O_ASYNC/F_SETOWN");
}

int main(int argc, char **argv)
{
    struct server_opts o;
    struct connset conns = {0};
    sigset_t waitmask, ioset;
    long handled = 0, wakeups = 0;
    int listenfd;

    server_parse_args(argc, argv, 0,
        "Signal-driven server: O_ASYNC + F_SETOWN on every socket, sleeps in sigsuspend()\n"
        "until SIGIO, then serves every socket until EAGAIN.", &o);
    server_ignore_sigpipe();
    raise_nofile_limit();
    listenfd = server_listen(o.port);
    Signal(SIGIO, sig_io);
    server_block_stop(&waitmask);           /* SIGINT/SIGTERM: only in sigsuspend */
    sigemptyset(&ioset);
    sigaddset(&ioset, SIGIO);
    Sigprocmask(SIG_BLOCK, &ioset, NULL);   /* SIGIO: only in sigsuspend, too */
    sigdelset(&waitmask, SIGIO);
    make_async(listenfd);
    server_catch_stop(-1);
    server_ready(&o, "one process, signal-driven I/O (SIGIO)");

    while (!stop_requested) {
        while (!sigio_pending && !stop_requested)
            sigsuspend(&waitmask);          /* no lost wake-up: SIGIO blocked until here */
        if (stop_requested)
            break;
        sigio_pending = 0;
        wakeups++;
        for (;;) {
            int connfd = accept(listenfd, NULL, NULL);
            if (connfd < 0) {
                server_accept_failed(errno);    /* EAGAIN: nothing more pending */
                break;
            }
            make_async(connfd);     /* before the first read: later data raises SIGIO */
            connset_add(&conns, connfd);
            handled++;
        }
        for (size_t i = 0; i < conns.n; ) {
            if (nbconn_io(conns.v[i], true) == NB_CLOSE)
                connset_close(&conns, i);
            else
                i++;
        }
    }
    err_msg("SIGIO signals: %ld, wakeups: %ld", (long)sigio_count, wakeups);
    pr_cpu_time();
    pr_total_count(handled);
    return 0;
}
