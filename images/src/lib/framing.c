/*
 * framing.c - message framing for the chat programs: a 4-byte big-endian
 * length (<= FRAME_MAX) followed by that many bytes.  TCP is a byte stream;
 * the framing is how the receiver finds message boundaries again.
 */
#include "unp.h"

int write_frame(int fd, const void *buf, size_t len)
{
    uint32_t hdr;
    struct iovec iov[2];
    size_t total = 4 + len;

    if (len > FRAME_MAX) {
        errno = EMSGSIZE;
        return -1;
    }
    hdr = htonl((uint32_t)len);
    iov[0].iov_base = &hdr;
    iov[0].iov_len = 4;
    iov[1].iov_base = (void *)buf;
    iov[1].iov_len = len;
    /* One writev for the common case (one segment on the wire); finish any
     * short write with writen. */
    ssize_t n;
    do {
        n = writev(fd, iov, 2);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return -1;
    if ((size_t)n < total) {
        size_t done = (size_t)n;
        if (done < 4) {
            if (writen(fd, (char *)&hdr + done, 4 - done) < 0)
                return -1;
            done = 4;
        }
        if (writen(fd, (const char *)buf + (done - 4), len - (done - 4)) < 0)
            return -1;
    }
    return 0;
}

int read_frame(int fd, void *buf, size_t cap, uint32_t *lenp)
{
    return read_frame_counted(fd, buf, cap, lenp, NULL);
}

int read_frame_counted(int fd, void *buf, size_t cap, uint32_t *lenp, long *calls)
{
    unsigned char hdr[4];
    ssize_t n = readn_counted(fd, hdr, 4, calls);
    uint32_t len;

    if (n < 0)
        return -1;
    if (n == 0)
        return 0;
    if (n < 4) {
        errno = EPROTO;
        return -1;
    }
    len = ((uint32_t)hdr[0] << 24) | ((uint32_t)hdr[1] << 16) |
          ((uint32_t)hdr[2] << 8) | (uint32_t)hdr[3];
    *lenp = len;
    if (len > FRAME_MAX || len > cap) {
        errno = EMSGSIZE;
        return -1;
    }
    n = readn_counted(fd, buf, len, calls);
    if (n < 0)
        return -1;
    if ((size_t)n < len) {
        errno = EPROTO;
        return -1;
    }
    return 1;
}
