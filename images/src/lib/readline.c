/*
 * readline.c - bounded line reading.
 *
 * UNP's readline (figure 3.18) reads ahead into a static 4096-byte buffer.
 * Here the buffer lives in the caller (one per connection, so it is
 * thread-safe like UNP's readline_r) and holds at most `max` bytes: we never
 * read more than `max` bytes of a line from the socket, so an attacker
 * sending a megabyte without a newline costs us 33 bytes, not a megabyte.
 */
#include "unp.h"

int linebuf_take(struct linebuf *lb, size_t max, char *out, size_t *outlen)
{
    char *nl = memchr(lb->buf, '\n', lb->len);
    if (nl == NULL) {
        if (lb->len >= max)
            return LINE_TOO_LONG;
        return LINE_NEED_MORE;
    }
    size_t linelen = (size_t)(nl - lb->buf);
    if (linelen + 1 > max)
        return LINE_TOO_LONG;
    memcpy(out, lb->buf, linelen);
    out[linelen] = '\0';
    *outlen = linelen;
    lb->len -= linelen + 1;
    memmove(lb->buf, nl + 1, lb->len);
    return LINE_FOUND;
}

ssize_t linebuf_fill(struct linebuf *lb, int fd, size_t max)
{
    if (max > sizeof lb->buf)
        max = sizeof lb->buf;
    if (lb->len >= max) {
        errno = ENOBUFS;
        return -1;
    }
    for (;;) {
        ssize_t n = read(fd, lb->buf + lb->len, max - lb->len);
        if (n < 0 && errno == EINTR && !stop_requested)
            continue;
        if (n > 0)
            lb->len += (size_t)n;
        return n;
    }
}

int readline_lb(int fd, struct linebuf *lb, size_t max, char *out, size_t *outlen)
{
    for (;;) {
        int r = linebuf_take(lb, max, out, outlen);
        if (r != LINE_NEED_MORE)
            return r;
        ssize_t n = linebuf_fill(lb, fd, max);
        if (n <= 0)
            return (int)n;          /* 0: EOF, -1: error */
    }
}
