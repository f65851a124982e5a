/*
 * wrapunix.c - wrappers for UNIX system calls (UNP lib/wrapunix.c).
 */
#include "unp.h"

void *Malloc(size_t size)
{
    void *p = malloc(size);
    if (p == NULL)
        err_sys("malloc(%zu)", size);
    return p;
}

void *Calloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (p == NULL)
        err_sys("calloc(%zu, %zu)", n, size);
    return p;
}

/* Memory shared by a parent and all the children it forks afterwards. */
void *Mmap_shared(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        err_sys("mmap(%zu)", size);
    return p;
}

pid_t Fork(void)
{
    pid_t pid = fork();
    if (pid < 0)
        err_sys("fork");
    return pid;
}

void Pipe(int *fds)
{
    if (pipe(fds) < 0)
        err_sys("pipe");
}

void Close(int fd)
{
    if (close(fd) < 0 && errno != EINTR)
        err_sys("close");
}

void Write(int fd, const void *buf, size_t n)
{
    if (writen(fd, buf, n) != (ssize_t)n)
        err_sys("write");
}

void raise_nofile_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &rl);
    }
}

double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
