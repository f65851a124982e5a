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

static pthread_attr_t detached_attr;
static pthread_once_t detached_once = PTHREAD_ONCE_INIT;

static void detached_attr_init(void)
{
    pthread_attr_init(&detached_attr);
    pthread_attr_setdetachstate(&detached_attr, PTHREAD_CREATE_DETACHED);
}

int thread_spawn_detached(void *(*func)(void *), void *arg)
{
    sigset_t stopset, old;
    pthread_t tid;

    pthread_once(&detached_once, detached_attr_init);
    /* new threads inherit the creator's mask: block, create, restore */
    sigemptyset(&stopset);
    sigaddset(&stopset, SIGINT);
    sigaddset(&stopset, SIGTERM);
    Pthread_sigmask(SIG_BLOCK, &stopset, &old);
    int n = pthread_create(&tid, &detached_attr, func, arg);
    Pthread_sigmask(SIG_SETMASK, &old, NULL);
    return n;
}
