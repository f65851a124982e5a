/*
 * unix-echo-client - UNP's str_cli over a Unix domain stream socket: each
 * line of stdin is written to unix-echo-server, the same number of bytes is
 * read back with readn and printed.  Exit 0 when every line came back
 * unchanged, 1 otherwise.
 */
#include "unp.h"
#include <sys/un.h>

int main(int argc, char **argv)
{
    struct sockaddr_un addr;
    const char *path = unix_parse_args(argc, argv,
        "Sends each stdin line to unix-echo-server and prints what comes back.");
    int fd = Socket(AF_LOCAL, SOCK_STREAM, 0);
    char *line = NULL, *back;
    size_t cap = 0;
    ssize_t len;
    int status = 0;

    Signal(SIGPIPE, SIG_IGN);
    unix_address(path, &addr);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0)
        err_sys("connect %s", path);
    while ((len = getline(&line, &cap, stdin)) > 0) {
        if (writen(fd, line, (size_t)len) < 0)
            err_sys("write");
        back = Malloc((size_t)len);
        ssize_t n = readn(fd, back, (size_t)len);
        if (n < 0)
            err_sys("read");
        if (n < len || memcmp(back, line, (size_t)len) != 0) {
            err_msg("echo differs from what was sent (%zd of %zd bytes came back)", n, len);
            status = 1;
        }
        fwrite(back, 1, (size_t)n, stdout);
        free(back);
        if (n < len)
            break;
    }
    fflush(stdout);
    close(fd);
    return status;
}
