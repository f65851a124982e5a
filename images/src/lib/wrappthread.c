/*
 * wrappthread.c - Pthread wrappers (UNP lib/wrappthread.c).  Pthread
 * functions return the error number instead of setting errno.
 */
#include "unp.h"

#define PCHECK(call, what)          \
    do {                            \
        int n_ = (call);            \
        if (n_ != 0) {              \
            errno = n_;             \
            err_sys("%s", what);    \
        }                           \
    } while (0)

void Pthread_create(pthread_t *tid, const pthread_attr_t *attr,
                    void *(*func)(void *), void *arg)
{
    PCHECK(pthread_create(tid, attr, func, arg), "pthread_create");
}

void Pthread_detach(pthread_t tid)
{
    PCHECK(pthread_detach(tid), "pthread_detach");
}

void Pthread_mutex_lock(pthread_mutex_t *m)
{
    PCHECK(pthread_mutex_lock(m), "pthread_mutex_lock");
}

void Pthread_mutex_unlock(pthread_mutex_t *m)
{
    PCHECK(pthread_mutex_unlock(m), "pthread_mutex_unlock");
}

void Pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
    PCHECK(pthread_cond_wait(c, m), "pthread_cond_wait");
}

void Pthread_cond_signal(pthread_cond_t *c)
{
    PCHECK(pthread_cond_signal(c), "pthread_cond_signal");
}
