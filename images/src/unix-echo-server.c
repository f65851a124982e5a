/*
 * unix-echo-server - the echo server over a Unix domain stream socket (UNP
 * chapter 15, figure 15.3): the same socket/bind/listen/accept calls as TCP,
 * with a path in the file system instead of an address and port.  The
 * kernel knows the process at the other end: each connection is logged with
 * the client's pid and uid from SO_PEERCRED, something TCP cannot tell.
 * One child process per connection; bytes are echoed back unchanged.
 */
#include "unp.h"
#include <sys/un.h>

static void serve_echo(int fd)
{
    struct ucred cred;
    socklen_t len = sizeof cred;
    char peer[64], buf[4096];
    long bytes = 0;
    ssize_t n;

    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0)
        snprintf(peer, sizeof peer, "pid %ld uid %ld", (long)cred.pid, (long)cred.uid);
    else
        snprintf(peer, sizeof peer, "unknown peer");
    err_msg("connection from %s", peer);
    while ((n = read(fd, buf, sizeof buf)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            conn_log_error(peer, "read", errno);
            break;
        }
        if (writen(fd, buf, (size_t)n) < 0) {
            conn_log_error(peer, "write", errno);
            break;
        }
        bytes += n;
    }
    err_msg("%s: %ld bytes echoed", peer, bytes);
}

int main(int argc, char **argv)
{
    struct sockaddr_un addr;
    const char *path = unix_parse_args(argc, argv,
        "Echo server on a Unix domain stream socket; logs each client's pid and uid.");
    int listenfd = Socket(AF_LOCAL, SOCK_STREAM, 0);

    server_ignore_sigpipe();
    unix_address(path, &addr);
    unlink(path);                   /* a socket file left by an earlier run */
    if (bind(listenfd, (struct sockaddr *)&addr, sizeof addr) < 0)
        err_sys("bind %s", path);
    Listen(listenfd, LISTENQ);
    err_msg("listening on %s (Unix domain stream echo)", path);
    pr_total_count(fork_per_connection(listenfd, serve_echo));
    unlink(path);
    return 0;
}
