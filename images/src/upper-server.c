/*
 * upper-server - the seed's echo server with plain read()/write(): each read()
 * returns whatever bytes the kernel has queued, which the server uppercases
 * and writes back.  TCP is a byte stream: five quick writes by a client can
 * arrive in one read() ("sticky packets"), and one large write in several.
 * The server does not know where messages begin or end; it logs, per
 * connection, how many read() calls it made (the one that saw EOF included),
 * so the merge is visible.  Compare echo-framed-server and echo-line-server.
 * Port 8000, one child process per connection.
 */
#include "unp.h"
#include <ctype.h>

static void serve_upper(int fd)
{
    char peer[64], buf[4096];
    long calls = 0, bytes = 0;

    peer_name(fd, peer, sizeof peer);
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        calls++;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            conn_log_error(peer, "read", errno);
            break;
        }
        if (n == 0)
            break;
        for (ssize_t i = 0; i < n; i++)
            buf[i] = (char)toupper((unsigned char)buf[i]);
        bytes += n;
        if (writen(fd, buf, (size_t)n) < 0) {
            conn_log_error(peer, "write", errno);
            break;
        }
    }
    err_msg("%s: %ld bytes in %ld read() calls", peer, bytes, calls);
}

int main(int argc, char **argv)
{
    int port;

    port_parse_args(argc, argv,
        "Echo server with plain read()/write(): uppercases what each read() returns and\n"
        "writes it back; logs the read() calls each connection needed.", 8000, &port);
    server_ignore_sigpipe();
    int listenfd = server_listen(port);
    err_msg("listening on port %d (echo, uppercased, plain read/write)", port);
    pr_total_count(fork_per_connection(listenfd, serve_upper));
    return 0;
}
