/*
 * thread-server (alias server5) - UNP serv06, one thread per connection.
 *
 * The threaded analogue of fork-server (UNP figures 26.3/26.4, section
 * 30.10): the main thread accepts and creates a detached thread per
 * connection; pthread_create is much cheaper than fork.  The connected
 * descriptor is handed over BY VALUE, cast through intptr_t (as UNP figure
 * 26.3 does; 26.4 mallocs a copy instead, for systems where an int does not
 * fit in a pointer): passing &connfd would race with the next accept()
 * overwriting connfd before the new thread has read it.  The threads run with SIGINT/SIGTERM
 * blocked so that the stop signal always lands on the main thread.
 */
#include "unp.h"

static void *doit(void *arg)
{
    int connfd = (int)(intptr_t)arg;
    serve_connection(connfd);
    close(connfd);
    return NULL;
}

int main(int argc, char **argv)
{
    struct server_opts o;
    long handled = 0;
    int listenfd;

    server_parse_args(argc, argv, 0,
        "Threaded server (UNP serv06): one detached thread per connection.", &o);
    server_ignore_sigpipe();
    listenfd = server_listen(o.port);
    server_catch_stop(listenfd);
    server_ready(&o, "thread per connection");

    while (!stop_requested) {
        int connfd = server_accept(listenfd, 0);
        if (connfd < 0)
            continue;
        int n = thread_spawn_detached(doit, (void *)(intptr_t)connfd);
        if (n != 0) {
            errno = n;
            err_ret("pthread_create (dropping connection)");
            close(connfd);
            continue;
        }
        handled++;
    }
    pr_cpu_time();
    pr_total_count(handled);
    return 0;
}
