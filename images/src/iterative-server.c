/*
 * iterative-server (alias server0) - UNP serv00, the iterative TCP server.
 *
 * One process, one thread, one connection at a time: accept, serve the
 * connection until the client closes, then accept the next one.  It is the
 * baseline every concurrent design is measured against (UNP section 30.4):
 * simplest possible code and the lowest CPU time per connection, but a second
 * client waits in the listen queue until the first one is done.
 */
#include "unp.h"

int main(int argc, char **argv)
{
    struct server_opts o;
    long handled = 0;
    int listenfd;

    server_parse_args(argc, argv, 0,
        "Iterative server (UNP serv00): one process serves one connection at a time.", &o);
    server_ignore_sigpipe();
    listenfd = server_listen(o.port);
    /* SIGINT/SIGTERM without SA_RESTART: a blocked accept() or read() returns
     * EINTR (the handler also shuts the listening socket down, so an accept()
     * entered just after the signal fails at once instead of blocking). */
    server_catch_stop(listenfd);
    server_ready(&o, "iterative");

    while (!stop_requested) {
        int connfd = server_accept(listenfd, 0);
        if (connfd < 0)
            continue;
        handled++;
        server_wake_conn(connfd);
        if (!stop_requested)        /* checked after publishing connfd */
            serve_connection(connfd);
        server_wake_conn(-1);
        close(connfd);
    }
    pr_cpu_time();
    pr_total_count(handled);
    return 0;
}
