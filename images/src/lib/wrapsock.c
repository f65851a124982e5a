/*
 * wrapsock.c - socket wrappers (UNP lib/wrapsock.c) and address helpers.
 */
#include "unp.h"

int Socket(int family, int type, int protocol)
{
    int n = socket(family, type, protocol);
    if (n < 0)
        err_sys("socket");
    return n;
}

void Bind(int fd, const struct sockaddr *sa, socklen_t salen)
{
    if (bind(fd, sa, salen) < 0)
        err_sys("bind");
}

void Listen(int fd, int backlog)
{
    if (listen(fd, backlog) < 0)
        err_sys("listen");
}

int Accept(int fd, struct sockaddr *sa, socklen_t *salenptr)
{
    int n;
again:
    if ((n = accept(fd, sa, salenptr)) < 0) {
        if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
            goto again;
        err_sys("accept");
    }
    return n;
}

void Connect(int fd, const struct sockaddr *sa, socklen_t salen)
{
    if (connect(fd, sa, salen) < 0)
        err_sys("connect");
}

void Setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen)
{
    if (setsockopt(fd, level, optname, optval, optlen) < 0)
        err_sys("setsockopt");
}

void Shutdown(int fd, int how)
{
    if (shutdown(fd, how) < 0)
        err_sys("shutdown");
}

void Socketpair(int family, int type, int protocol, int *fd)
{
    if (socketpair(family, type, protocol, fd) < 0)
        err_sys("socketpair");
}

int Select(int nfds, fd_set *r, fd_set *w, fd_set *e, struct timeval *t)
{
    int n = select(nfds, r, w, e, t);
    if (n < 0 && errno != EINTR)
        err_sys("select");
    return n;
}

char *sock_ntop(const struct sockaddr *sa, socklen_t salen, char *buf, size_t len)
{
    char host[INET6_ADDRSTRLEN];
    (void)salen;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
        snprintf(buf, len, "%s:%u", host, ntohs(sin->sin_port));
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host);
        snprintf(buf, len, "[%s]:%u", host, ntohs(sin6->sin6_port));
    } else if (sa->sa_family == AF_UNIX) {
        snprintf(buf, len, "unix");
    } else {
        snprintf(buf, len, "?family=%d", sa->sa_family);
    }
    return buf;
}

char *peer_name(int fd, char *buf, size_t len)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getpeername(fd, (struct sockaddr *)&ss, &sl) < 0) {
        snprintf(buf, len, "?");
        return buf;
    }
    return sock_ntop((struct sockaddr *)&ss, sl, buf, len);
}

int set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL, 0);
    if (fl < 0)
        return -1;
    return fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

struct addrinfo *Resolve_all(const char *host, int port)
{
    struct addrinfo hints, *res;
    char serv[16];
    int n;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(serv, sizeof serv, "%d", port);
    if ((n = getaddrinfo(host, serv, &hints, &res)) != 0) {
        if (n == EAI_SYSTEM)
            fprintf(stderr, "%s: cannot resolve '%s': %s\n", progname, host, strerror(errno));
        else
            fprintf(stderr, "%s: cannot resolve '%s': %s\n", progname, host, gai_strerror(n));
        exit(1);
    }
    return res;
}

void Resolve(const char *host, int port, struct sockaddr_storage *ss, socklen_t *len)
{
    struct addrinfo *res = Resolve_all(host, port);
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
}

int connect_nointr(int fd, const struct sockaddr *sa, socklen_t salen, int timeout_ms)
{
    struct pollfd p;
    int r, err;
    socklen_t errlen = sizeof err;

    if (connect(fd, sa, salen) == 0)
        return 0;
    if (errno != EINTR)
        return -1;
    p.fd = fd;
    p.events = POLLOUT;
    do {
        r = poll(&p, 1, timeout_ms > 0 ? timeout_ms : -1);
    } while (r < 0 && errno == EINTR);
    if (r < 0)
        return -1;
    if (r == 0) {
        errno = ETIMEDOUT;
        return -1;
    }
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) < 0)
        return -1;
    if (err != 0) {
        errno = err;
        return -1;
    }
    return 0;
}

int tcp_connect(const char *host, int port)
{
    struct addrinfo *res = Resolve_all(host, port), *ai;
    int fd = -1, err = EADDRNOTAVAIL;

    /* "localhost" usually yields ::1 first; a server bound to 0.0.0.0 only
     * refuses that one, and the next address (127.0.0.1) must be tried. */
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        if ((fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol)) < 0) {
            err = errno;
            continue;
        }
        if (connect_nointr(fd, ai->ai_addr, ai->ai_addrlen, 0) == 0)
            break;
        err = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0)
        errno = err;
    return fd;
}
