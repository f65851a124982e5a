/*
 * echo-framed-server - echo with message boundaries made explicit: each
 * message is a 4-byte big-endian length then that many bytes (lib/framing.c).
 * The server reads the header with readn(), then exactly the payload with
 * readn(), and writes the frame back with writen(): whatever way TCP cut or
 * merged the bytes, every message comes back whole.  It logs, per
 * connection, the frames and the read() calls they took (at least two per
 * frame: readn asks for exactly the bytes it needs).  A malformed frame - a
 * length above 65536, or EOF inside a frame - is logged and closes only that
 * connection.  Port 8000, one child process per connection.
 */
#include "unp.h"

static void serve_framed(int fd)
{
    char peer[64];
    char *buf = Malloc(FRAME_MAX);
    long calls = 0, frames = 0, bytes = 0;
    uint32_t len = 0;
    int r;

    peer_name(fd, peer, sizeof peer);
    while ((r = read_frame_counted(fd, buf, FRAME_MAX, &len, &calls)) == 1) {
        frames++;
        bytes += len;
        if (write_frame(fd, buf, len) < 0) {
            conn_log_error(peer, "write", errno);
            break;
        }
    }
    if (r < 0 && errno == EMSGSIZE)
        err_msg("bad frame from %s: length %u > %u, closing", peer, len, FRAME_MAX);
    else if (r < 0 && errno == EPROTO)
        err_msg("bad frame from %s: truncated (EOF inside a frame), closing", peer);
    else if (r < 0)
        conn_log_error(peer, "read", errno);
    err_msg("%s: %ld frames (%ld bytes) in %ld read() calls", peer, frames, bytes, calls);
    free(buf);
}

int main(int argc, char **argv)
{
    int port;

    port_parse_args(argc, argv,
        "Echo server for framed messages (4-byte big-endian length <= 65536, then the\n"
        "bytes), read with readn(); logs the read() calls each connection needed.\n"
        "A malformed frame closes only its connection.", 8000, &port);
    server_ignore_sigpipe();
    int listenfd = server_listen(port);
    err_msg("listening on port %d (echo, length-prefixed frames, readn/writen)", port);
    pr_total_count(fork_per_connection(listenfd, serve_framed));
    return 0;
}
