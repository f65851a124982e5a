/*
 * readn.c - read exactly n bytes (UNP figure 3.15).  EINTR is retried
 * explicitly, unless a server asked to stop (stop_requested).
 */
#include "unp.h"

ssize_t readn_counted(int fd, void *vptr, size_t n, long *calls)
{
    size_t nleft = n;
    char *ptr = vptr;

    while (nleft > 0) {
        ssize_t nread = read(fd, ptr, nleft);
        if (calls)
            (*calls)++;
        if (nread < 0) {
            if (errno == EINTR && !stop_requested)
                continue;           /* call read() again */
            return -1;
        } else if (nread == 0) {
            break;                  /* EOF */
        }
        nleft -= (size_t)nread;
        ptr += nread;
    }
    return (ssize_t)(n - nleft);
}

ssize_t readn(int fd, void *vptr, size_t n)
{
    return readn_counted(fd, vptr, n, NULL);
}

ssize_t Readn(int fd, void *vptr, size_t n)
{
    ssize_t r = readn(fd, vptr, n);
    if (r < 0)
        err_sys("readn");
    return r;
}
