/*
 * slot-thread-server - a thread per connection, as thread-server, but with
 * the seed's fixed table of 100 connection slots: the main thread accepts,
 * takes a free slot and hands its index to a detached thread, which frees
 * the slot when its client leaves.  With every slot taken, connection 101 is
 * refused cleanly: it gets the one line "busy: all 100 slots are taken",
 * then our FIN, and the refusal is logged; the server goes on accepting and
 * serves again as soon as a slot is free.  A fixed table bounds memory and
 * threads (unlike thread-server, which makes a thread for any number of
 * clients) at the price of turning clients away.
 */
#include "unp.h"

#define SLOTS 100

static struct slot {
    bool used;
    int  fd;
} slots[SLOTS];
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

static void *doit(void *arg)
{
    int i = (int)(intptr_t)arg;
    serve_connection(slots[i].fd);
    close(slots[i].fd);
    Pthread_mutex_lock(&slots_lock);
    slots[i].used = false;
    Pthread_mutex_unlock(&slots_lock);
    return NULL;
}

/* A free slot's index, marked used, or -1 when the table is full. */
static int take_slot(int fd)
{
    int i;
    Pthread_mutex_lock(&slots_lock);
    for (i = 0; i < SLOTS && slots[i].used; i++)
        ;
    if (i < SLOTS) {
        slots[i].used = true;
        slots[i].fd = fd;
    }
    Pthread_mutex_unlock(&slots_lock);
    return i < SLOTS ? i : -1;
}

/* One line, then our FIN.  What the client already sent is read and dropped
 * first (without blocking): unread data at close() would send a RST, and the
 * RST could destroy the line before the client reads it. */
static void refuse(int fd, long conn_no)
{
    static const char busy[] = "busy: all 100 slots are taken\n";
    char peer[64], sink[4096];

    err_msg("connection %ld from %s refused: all %d slots busy", conn_no,
            peer_name(fd, peer, sizeof peer), SLOTS);
    if (writen(fd, busy, sizeof busy - 1) < 0)
        conn_log_error(peer, "write", errno);
    shutdown(fd, SHUT_WR);
    while (recv(fd, sink, sizeof sink, MSG_DONTWAIT) > 0)
        ;
    close(fd);
}

int main(int argc, char **argv)
{
    struct server_opts o;
    long accepted = 0, refused = 0;
    int listenfd;

    server_parse_args(argc, argv, 0,
        "Threaded server with a fixed table of 100 connection slots: connection 101\n"
        "gets the line \"busy: all 100 slots are taken\" and is closed.", &o);
    server_ignore_sigpipe();
    listenfd = server_listen(o.port);
    server_catch_stop(listenfd);
    server_ready(&o, "thread per connection, 100 slots");

    while (!stop_requested) {
        int connfd = server_accept(listenfd, 0);
        if (connfd < 0)
            continue;
        int i = take_slot(connfd);
        if (i < 0) {
            refuse(connfd, accepted + refused + 1);
            refused++;
            continue;
        }
        int n = thread_spawn_detached(doit, (void *)(intptr_t)i);
        if (n != 0) {
            errno = n;
            err_ret("pthread_create (dropping connection)");
            close(connfd);
            Pthread_mutex_lock(&slots_lock);
            slots[i].used = false;
            Pthread_mutex_unlock(&slots_lock);
            continue;
        }
        accepted++;
    }
    pr_cpu_time();
    pr_total_count(accepted);
    err_msg("connections refused (no free slot): %ld", refused);
    return 0;
}
