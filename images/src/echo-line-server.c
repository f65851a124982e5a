/*
 * echo-line-server - echo with newline-delimited messages, read with UNP's
 * buffered readline (figure 3.18, lib/readahead.c): one read() takes up to
 * 4096 bytes and the lines are then cut out of the buffer, so several
 * messages merged by TCP cost one read() and still come back one by one.
 * Logs, per connection, the lines and the read() calls they took.  A line
 * longer than 4096 bytes, or EOF inside a line, is logged and closes only
 * that connection.  Port 8000, one child process per connection.
 */
#include "unp.h"

static void serve_lines(int fd)
{
    char peer[64], line[MAXLINE];
    struct readahead *ra = Malloc(sizeof *ra);
    long lines = 0, bytes = 0;
    size_t len;
    int r;

    peer_name(fd, peer, sizeof peer);
    ra_init(ra, fd);
    while ((r = ra_readline(ra, line, sizeof line, &len)) == 1) {
        lines++;
        bytes += (long)len;
        if (writen(fd, line, len) < 0) {
            conn_log_error(peer, "write", errno);
            break;
        }
    }
    if (r < 0 && errno == EMSGSIZE)
        err_msg("bad line from %s: no newline within %d bytes, closing", peer, MAXLINE);
    else if (r < 0 && errno == EPROTO)
        err_msg("bad line from %s: truncated (EOF inside a line), closing", peer);
    else if (r < 0)
        conn_log_error(peer, "read", errno);
    err_msg("%s: %ld lines (%ld bytes) in %ld read() calls", peer, lines, bytes, ra->calls);
    free(ra);
}

int main(int argc, char **argv)
{
    int port;

    port_parse_args(argc, argv,
        "Echo server for newline-terminated lines (at most 4096 bytes), read with UNP's\n"
        "buffered readline; logs the read() calls each connection needed.\n"
        "A malformed line closes only its connection.", 8000, &port);
    server_ignore_sigpipe();
    int listenfd = server_listen(port);
    err_msg("listening on port %d (echo, lines, buffered readline)", port);
    pr_total_count(fork_per_connection(listenfd, serve_lines));
    return 0;
}
