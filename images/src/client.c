/*
 * client - the one-process chat client: select() over stdin and the socket
 * (UNP str_cli, figures 6.9 and 6.13).
 *
 * Instead of a process per direction (p2pclient), one process waits for
 * whichever descriptor is readable.  stdin is read with read(), not stdio:
 * stdio's buffer would hide lines from select() (UNP 6.5).  On stdin EOF
 * we shutdown(SHUT_WR) - not close() - and keep reading until the server
 * closes too, so nothing in flight is lost (UNP 6.6/6.7).
 */
#include "unp.h"

int main(int argc, char **argv)
{
    const char *host;
    int port, sockfd;
    bool stdineof = false;
    char *buf = Malloc(FRAME_MAX);
    size_t lcap = FRAME_MAX, llen = 0;
    char *lbuf = Malloc(lcap);      /* partial stdin line */

    chat_parse_args(argc, argv, true, "Chat client (one process, select over stdin and the socket).",
                    &host, &port, NULL);
    Signal(SIGPIPE, SIG_IGN);
    if ((sockfd = tcp_connect(host, port)) < 0)
        err_sys("connect to %s port %d", host, port);

    for (;;) {
        fd_set rset;
        FD_ZERO(&rset);
        if (!stdineof)
            FD_SET(STDIN_FILENO, &rset);
        FD_SET(sockfd, &rset);
        if (Select(sockfd + 1, &rset, NULL, NULL, NULL) < 0)
            continue;                       /* EINTR */

        if (FD_ISSET(sockfd, &rset)) {
            uint32_t len;
            int r = read_frame(sockfd, buf, FRAME_MAX, &len);
            if (r == 1) {
                chat_print(buf, len);
            } else {
                if (r == 0) {
                    if (!stdineof)
                        err_msg("server closed the connection");
                } else {
                    chat_log_read_end(r, len, "server");
                }
                int status = (r == 0 || errno == ECONNRESET) ? 0 : 1;
                close(sockfd);
                free(buf);
                free(lbuf);
                return status;
            }
        }

        if (FD_ISSET(STDIN_FILENO, &rset)) {
            if (llen == lcap) {             /* flush an over-long line as one frame */
                if (chat_send_line(sockfd, lbuf, llen) < 0)
                    err_sys("write to server");
                llen = 0;
            }
            ssize_t n = read(STDIN_FILENO, lbuf + llen, lcap - llen);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                err_sys("read stdin");
            }
            if (n == 0) {
                if (llen > 0 && chat_send_line(sockfd, lbuf, llen) < 0)
                    err_sys("write to server");
                llen = 0;
                stdineof = true;
                shutdown(sockfd, SHUT_WR);  /* send FIN, keep reading */
                continue;
            }
            llen += (size_t)n;
            char *start = lbuf, *nl;
            while ((nl = memchr(start, '\n', llen - (size_t)(start - lbuf))) != NULL) {
                if (chat_send_line(sockfd, start, (size_t)(nl - start)) < 0)
                    err_sys("write to server");
                start = nl + 1;
            }
            llen -= (size_t)(start - lbuf);
            memmove(lbuf, start, llen);
        }
    }
}
