/*
 * readahead.c - UNP's readline (figure 3.18) with its buffer in the caller:
 * one read() fills up to 4096 bytes, and lines (or raw bytes) are then taken
 * from the buffer without further system calls.  The buffer belongs to one
 * connection, so it is thread-safe like UNP's readline_r, and `calls` counts
 * the read() calls it needed (the echo servers log it).
 */
#include "unp.h"

void ra_init(struct readahead *ra, int fd)
{
    ra->fd = fd;
    ra->calls = 0;
    ra->len = 0;
    ra->off = 0;
}

/* One read() into the empty buffer: >0 bytes, 0 EOF, -1 error. */
static ssize_t ra_fill(struct readahead *ra)
{
    for (;;) {
        ssize_t n = read(ra->fd, ra->buf, sizeof ra->buf);
        ra->calls++;
        if (n < 0 && errno == EINTR && !stop_requested)
            continue;
        ra->off = 0;
        ra->len = n > 0 ? (size_t)n : 0;
        return n;
    }
}

int ra_readline(struct readahead *ra, char *out, size_t max, size_t *outlen)
{
    size_t o = 0;

    for (;;) {
        if (ra->off == ra->len) {
            ssize_t n = ra_fill(ra);
            if (n < 0)
                return -1;
            if (n == 0) {
                *outlen = o;
                if (o == 0)
                    return 0;
                errno = EPROTO;         /* EOF in the middle of a line */
                return -1;
            }
        }
        while (ra->off < ra->len) {
            char c = ra->buf[ra->off++];
            if (o == max) {
                *outlen = o;
                errno = EMSGSIZE;       /* no newline within max bytes */
                return -1;
            }
            out[o++] = c;
            if (c == '\n') {
                *outlen = o;
                return 1;
            }
        }
    }
}

ssize_t ra_readn(struct readahead *ra, void *vbuf, size_t n)
{
    char *buf = vbuf;
    size_t got = 0;

    while (got < n) {
        if (ra->off == ra->len) {
            if (n - got >= sizeof ra->buf) {
                /* a large read goes straight to the caller's buffer */
                ssize_t r = readn_counted(ra->fd, buf + got, n - got, &ra->calls);
                if (r < 0)
                    return -1;
                return (ssize_t)(got + (size_t)r);
            }
            ssize_t r = ra_fill(ra);
            if (r < 0)
                return -1;
            if (r == 0)
                break;
        }
        size_t take = ra->len - ra->off;
        if (take > n - got)
            take = n - got;
        memcpy(buf + got, ra->buf + ra->off, take);
        ra->off += take;
        got += take;
    }
    return (ssize_t)got;
}
