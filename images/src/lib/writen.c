/*
 * writen.c - write exactly n bytes (UNP figure 3.16), retrying on EINTR
 * unless a server asked to stop.
 */
#include "unp.h"

ssize_t writen(int fd, const void *vptr, size_t n)
{
    size_t nleft = n;
    const char *ptr = vptr;

    while (nleft > 0) {
        ssize_t nwritten = write(fd, ptr, nleft);
        if (nwritten <= 0) {
            if (nwritten < 0 && errno == EINTR && !stop_requested)
                continue;           /* call write() again */
            return -1;
        }
        nleft -= (size_t)nwritten;
        ptr += nwritten;
    }
    return (ssize_t)n;
}

void Writen(int fd, const void *vptr, size_t n)
{
    if (writen(fd, vptr, n) != (ssize_t)n)
        err_sys("writen");
}
