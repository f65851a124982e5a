/*
 * unp.h - shared header for the socklab programs, in the spirit of the
 * "unp.h" of UNIX Network Programming (Stevens, Fenner, Rudoff, 3rd ed.).
 *
 * Conventions:
 *   - lowercase helpers (readn, writen, read_frame, ...) return -1 with errno
 *     set on failure and never exit;
 *   - Capitalised wrappers (Socket, Bind, Fork, Writen, Pthread_create, ...)
 *     print ONE line "prog: what: strerror" to stderr and exit(1) on failure.
 */
#ifndef SOCKLAB_UNP_H
#define SOCKLAB_UNP_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/select.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- load protocol ------------------------------------------------------ */
#define REQ_MIN        1u
#define REQ_MAX        1048576u   /* largest n a client may ask for */
#define REQ_LINE_MAX   33u        /* "<n>\n": at most 32 bytes + newline */
#define PATTERN_MOD    251u       /* byte i of a response = i % 251 */

#define DEFAULT_PORT     1234
#define DEFAULT_WORKERS  4
#define MAX_WORKERS      1024
#define LISTENQ          1024

/* ---- chat framing ------------------------------------------------------- */
#define FRAME_MAX      65536u     /* 4-byte big-endian length, then payload */

/* ---- error.c ------------------------------------------------------------ */
extern const char *progname;
void  set_progname(const char *argv0);           /* also makes stderr line-buffered */
void  err_msg(const char *fmt, ...)  __attribute__((format(printf, 1, 2)));
void  err_ret(const char *fmt, ...)  __attribute__((format(printf, 1, 2)));
void  err_sys(const char *fmt, ...)  __attribute__((format(printf, 1, 2), noreturn));
void  err_quit(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void  err_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void  err_getopt(int c, char **argv) __attribute__((noreturn));
void  err_operands(int argc, char **argv);
const char *errno_name(int err);                  /* "ECONNRESET", ... */

/* ---- args.c: strict number parsing for getopt ---------------------------- */
/* Parse a decimal in [lo, hi]; on failure prints
 *   prog: bad -X value 'v': expected lo..hi
 *   Try 'prog -h' for more information.
 * and exits 2. */
long  parse_long_opt(const char *opt, const char *val, long lo, long hi);
/* Returns true and stores the value when s is a plain decimal in [lo, hi]. */
bool  parse_ulong_strict(const char *s, size_t len, unsigned long lo,
                         unsigned long hi, unsigned long *out);

/* ---- signal.c ----------------------------------------------------------- */
typedef void Sigfunc(int);
/* UNP Signal(): sigaction-based; SA_RESTART for everything but SIGALRM. */
Sigfunc *Signal(int signo, Sigfunc *func);
/* Same, but never SA_RESTART: slow system calls fail with EINTR. */
Sigfunc *Signal_intr(int signo, Sigfunc *func);
void     Sigprocmask(int how, const sigset_t *set, sigset_t *oset);
void     Pthread_sigmask(int how, const sigset_t *set, sigset_t *oset);

/* Set by the SIGINT/SIGTERM handler of a server (see server.c).  The retry
 * loops of readn/writen/linebuf_fill give up on EINTR once it is set. */
extern volatile sig_atomic_t stop_requested;

/* ---- wrapsock.c --------------------------------------------------------- */
int   Socket(int family, int type, int protocol);
void  Bind(int fd, const struct sockaddr *sa, socklen_t salen);
void  Listen(int fd, int backlog);
int   Accept(int fd, struct sockaddr *sa, socklen_t *salenptr);
void  Connect(int fd, const struct sockaddr *sa, socklen_t salen);
void  Setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen);
void  Shutdown(int fd, int how);
void  Socketpair(int family, int type, int protocol, int *fd);
int   Select(int nfds, fd_set *r, fd_set *w, fd_set *e, struct timeval *t);
/* "172.18.0.3:40512" / "[::1]:40512" */
char *sock_ntop(const struct sockaddr *sa, socklen_t salen, char *buf, size_t len);
char *peer_name(int fd, char *buf, size_t len);
int   set_nonblock(int fd);
/* UNP tcp_connect (figure 11.10): try every address getaddrinfo returns, in
 * order, until one connects.  A name that does not resolve exits with a clear
 * line; otherwise returns a connected fd, or -1 with the errno of the last
 * address tried. */
int   tcp_connect(const char *host, int port);
/* connect() that survives EINTR: an interrupted connect cannot be restarted
 * (the handshake goes on in the background, a second connect() would fail
 * with EALREADY), so wait for writability and read SO_ERROR (UNP 5.9, 16.3).
 * timeout_ms <= 0: no limit of our own.  0, or -1 with errno. */
int   connect_nointr(int fd, const struct sockaddr *sa, socklen_t salen, int timeout_ms);
/* Resolve host:port (getaddrinfo, TCP, all families); exits with a clear
 * line on failure.  Free the list with freeaddrinfo(). */
struct addrinfo *Resolve_all(const char *host, int port);
/* Only the first address of Resolve_all(). */
void  Resolve(const char *host, int port, struct sockaddr_storage *ss, socklen_t *len);

/* ---- wrapunix.c --------------------------------------------------------- */
void  *Malloc(size_t size);
void  *Calloc(size_t n, size_t size);
void  *Mmap_shared(size_t size);                 /* MAP_SHARED|MAP_ANONYMOUS */
pid_t  Fork(void);
void   Pipe(int *fds);
void   Close(int fd);
void   Write(int fd, const void *buf, size_t n);
void   raise_nofile_limit(void);                 /* soft RLIMIT_NOFILE := hard */
double now_seconds(void);                        /* CLOCK_MONOTONIC */

/* ---- wrappthread.c ------------------------------------------------------ */
void Pthread_create(pthread_t *tid, const pthread_attr_t *attr,
                    void *(*func)(void *), void *arg);
void Pthread_detach(pthread_t tid);
void Pthread_mutex_lock(pthread_mutex_t *m);
void Pthread_mutex_unlock(pthread_mutex_t *m);
void Pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m);
void Pthread_cond_signal(pthread_cond_t *c);

/* ---- readn.c / writen.c / readline.c ------------------------------------ */
ssize_t readn(int fd, void *vptr, size_t n);      /* < n only at EOF */
ssize_t writen(int fd, const void *vptr, size_t n);
ssize_t Readn(int fd, void *vptr, size_t n);
void    Writen(int fd, const void *vptr, size_t n);

/* A small per-connection line buffer (thread-safe replacement for UNP's
 * static readline buffer).  It never holds more than `max` bytes, so at most
 * `max` bytes of one line are ever read from the socket. */
struct linebuf {
    size_t len;
    char   buf[64];
};
#define LINE_FOUND     1
#define LINE_NEED_MORE 0
#define LINE_TOO_LONG  (-2)
/* Look for a complete line in lb (at most max bytes including '\n').
 * LINE_FOUND: the line (without '\n', NUL-terminated) is copied to out
 * (size >= max + 1), *outlen set, and removed from lb. */
int     linebuf_take(struct linebuf *lb, size_t max, char *out, size_t *outlen);
/* One read() of at most (max - lb->len) bytes.  >0 bytes added, 0 EOF,
 * -1 error (EINTR retried unless stop_requested; EAGAIN passed through). */
ssize_t linebuf_fill(struct linebuf *lb, int fd, size_t max);
/* Blocking: read one line.  Returns LINE_FOUND, 0 on EOF (a partial line is
 * left in lb), LINE_TOO_LONG, or -1 with errno. */
int     readline_lb(int fd, struct linebuf *lb, size_t max, char *out, size_t *outlen);

/* ---- framing.c ---------------------------------------------------------- */
int  write_frame(int fd, const void *buf, size_t len);               /* 0 / -1 */
/* 1 frame read (len in *lenp), 0 clean EOF before a header, -1 error:
 * errno EMSGSIZE (length > FRAME_MAX, *lenp holds it), EPROTO (EOF inside). */
int  read_frame(int fd, void *buf, size_t cap, uint32_t *lenp);

/* ---- pattern.c ---------------------------------------------------------- */
static inline unsigned char pattern_byte(uint64_t i) { return (unsigned char)(i % PATTERN_MOD); }
void   pattern_fill(unsigned char *buf, size_t len, uint64_t offset);
/* Index (relative to buf) of the first byte that differs, or -1 if all match. */
long   pattern_check(const unsigned char *buf, size_t len, uint64_t offset);
/* A read-only buffer holding the pattern; pattern_chunk(off, &len) returns a
 * pointer p with p[k] == pattern_byte(off + k) for k < *len (*len capped). */
const unsigned char *pattern_chunk(uint64_t offset, size_t *len);

/* ---- request.c ---------------------------------------------------------- */
enum conn_end {
    END_CLOSED = 0,     /* client closed between requests (normal) */
    END_BAD_REQUEST,    /* malformed line: logged, server closes */
    END_RESET,          /* ECONNRESET / EPIPE while reading or writing: logged */
    END_ERROR,          /* other I/O error: logged */
    END_STOPPED         /* server shutting down */
};
/* Parse a request line (without '\n').  Returns true and n when valid. */
bool request_parse(const char *line, size_t len, uint32_t *n);
/* Log `prog: bad request from PEER: "sanitised"[ suffix]`. */
void request_log_bad(const char *peer, const char *line, size_t len, const char *suffix);
/* Blocking per-connection loop: read request lines, answer n pattern bytes,
 * until the client closes.  Does not close fd. */
enum conn_end serve_connection(int fd);
/* Log an I/O failure on a connection: `prog: PEER: what: strerror`. */
void conn_log_error(const char *peer, const char *what, int err);

/* ---- server.c: common server scaffolding -------------------------------- */
struct server_opts {
    int port;
    int workers;        /* -t; 0 when the design has none */
    bool workers_set;
    const char *lock;   /* prefork-lock-server: "pthread" / "fcntl" */
    bool edge;          /* epoll-server --et */
};
enum server_flags {
    SRV_WORKERS = 1,    /* design accepts -t */
    SRV_LOCK    = 2,    /* accepts --lock */
    SRV_ET      = 4     /* accepts --et */
};
void server_parse_args(int argc, char **argv, int flags, const char *design,
                       struct server_opts *o);
int  server_listen(int port);            /* socket+SO_REUSEADDR+bind+listen */
void server_ready(const struct server_opts *o, const char *design_words);
/* Install SIGINT/SIGTERM handlers (no SA_RESTART) that set stop_requested and
 * shutdown(wake_fd) (if >= 0) so a blocked accept() returns at once. */
void server_catch_stop(int wake_fd);
/* For a server that serves connections in the thread that takes the signal
 * (iterative-server): while fd >= 0 the handler also shuts that connection
 * down.  EINTR alone is not enough: a signal that lands between two system
 * calls sets stop_requested, and the next read() would then block until the
 * client speaks.  Pass -1 before closing the descriptor. */
void server_wake_conn(int fd);
void server_ignore_sigpipe(void);
/* accept() for servers.  Returns a descriptor, or -1 when the caller should
 * just loop (EINTR, ECONNABORTED, EMFILE/ENFILE after logging at most once a
 * second and sleeping 50 ms, EAGAIN, ...).  With stop_requested set it returns
 * -1 at once. */
int  server_accept(int listenfd, int flags);
/* The error half of server_accept(), for loops that call accept() themselves. */
void server_accept_failed(int err);
/* "user time = %g, sys time = %g" for self + reaped children. */
void pr_cpu_time(void);
void pr_worker_counts(const long *counts, int n);
void pr_total_count(long total);
/* Block SIGINT/SIGTERM in the calling thread (threads created afterwards
 * inherit the mask); *waitmask is the mask to use with sigsuspend / pselect /
 * ppoll / epoll_pwait, i.e. the old one with SIGINT/SIGTERM unblocked. */
void server_block_stop(sigset_t *waitmask);

/* ---- prefork.c ---------------------------------------------------------- */
typedef void prefork_fn(int index, void *arg);   /* must not return */
pid_t prefork_child(int index, prefork_fn *fn, void *arg, const sigset_t *waitmask);
void  prefork_wait_stop(const sigset_t *waitmask);
void  prefork_kill_reap(const pid_t *pids, int n);

/* ---- passfd.c (UNP 15.7 / 15.8) ----------------------------------------- */
ssize_t write_fd(int fd, void *ptr, size_t nbytes, int sendfd);
ssize_t read_fd(int fd, void *ptr, size_t nbytes, int *recvfd);

/* ---- conn.c: non-blocking connection state for select/poll/epoll -------- */
struct nbconn {
    int      fd;
    struct linebuf in;      /* unparsed input, never more than a line */
    uint32_t out_total;     /* size of the response being written */
    uint32_t out_off;       /* bytes of it already written */
    char     peer[64];
};
enum nb_status { NB_OK = 0, NB_CLOSE = 1 };
/* Initialise for a freshly accepted descriptor (made non-blocking). */
void nbconn_init(struct nbconn *c, int fd);
/* Make progress after a readiness event.  edge=false: at most one read per
 * call (level-triggered fairness); edge=true: loop until the socket reports
 * EAGAIN for whatever we are waiting on.  NB_CLOSE: the caller closes c->fd
 * (already logged when abnormal). */
enum nb_status nbconn_io(struct nbconn *c, bool edge);
/* What to wait for next: write while a response is pending, else read. */
static inline bool nbconn_wants_write(const struct nbconn *c) { return c->out_off < c->out_total; }

/* ---- chat.c ------------------------------------------------------------- */
void chat_parse_args(int argc, char **argv, bool need_addr, const char *what,
                     const char **host, int *port);
void chat_print(const char *buf, size_t len);        /* text + '\n', flushed */
int  chat_send_line(int fd, const char *line, size_t len);
void chat_log_read_end(int r, uint32_t len, const char *who);

/* ---- loadconn.c: client_test's connections, driven together by poll() -- */
#define LOAD_TIMEOUT    (-1)    /* no data for the timeout ("TIMEOUT") */
#define LOAD_SHORT_READ (-2)    /* the server closed before n bytes */
#define LOAD_MISMATCH   (-3)    /* a byte differs from the pattern */
struct load_record {            /* one per connection, child -> parent */
    int32_t  fail;              /* 0 ok, errno (>0) or LOAD_* (<0) */
    int32_t  connected;         /* connect() succeeded: latency is valid */
    uint32_t requests;          /* requests fully verified */
    uint32_t pad;
    uint64_t bytes;             /* verified bytes received */
    double   latency_ms;        /* connect() duration */
};
struct load_params {
    struct addrinfo *ai;        /* every address of the server, in order */
    struct addrinfo *good;      /* the one that connected last (tried first) */
    int  requests;              /* per connection; 0: connect only */
    long nbytes;                /* asked for per request */
    int  timeout_ms;            /* longest wait for a connect or a read; 0 none */
    bool rst;                   /* close with SO_LINGER {1, 0} */
};
enum load_state { LOAD_CONNECTING, LOAD_SENDING, LOAD_READING, LOAD_DONE };
struct load_conn {
    int fd;                     /* -1 once closed */
    enum load_state state;
    struct addrinfo *ai, *start;    /* address being tried; the first tried */
    double t_connect, deadline;
    size_t sent;                /* bytes of the request line written */
    uint64_t got;               /* bytes of the current response */
    struct load_record rec;
};
typedef void load_done_fn(struct load_conn *c, void *arg);
/* Run c[0..n-1] from connect to the end of their requests, all at the same
 * time; done() is called as each one ends: rec.fail == 0 with fd still open,
 * or failed with fd closed. */
void load_run(struct load_conn *c, int n, struct load_params *p, load_done_fn *done, void *arg);
void load_close(struct load_conn *c, bool rst);

/* ---- probe.c: the scripted probes (probe-client, probe-server) ---------- */
enum probe_op { PR_CONNECT, PR_WRITE, PR_READ, PR_READALL, PR_SHUTDOWN_WR,
                PR_CLOSE, PR_SLEEP, PR_SEND, PR_RECV, PR_LINGER0 };
#define PR_BIT(op) (1u << (op))
struct probe_action {
    enum probe_op op;
    long arg;                   /* N of "write:N"...; -1 when the action has none */
    bool must;                  /* "close!": exit 1 if the call fails */
};
struct probe_sock {
    int  fd, conn;              /* conn: 1, 2... on the server; 0 on the client */
    long timeout_ms;            /* read/recv/connect wait; < 0 forever */
    bool udp, connected;
    struct sockaddr_storage peer;   /* where connect/send go */
    socklen_t peerlen;
};
void  probe_init(void);         /* t_ms origin; stdout line-buffered */
/* {"t_ms":..,"conn":..,"call":..,"arg":ARG,"ret":..,"errno":..}; arg is a JSON
 * literal or NULL (null); err 0 prints errno null. */
void  probe_report(int conn, const char *call, const char *arg, long long ret, int err);
const char *probe_num(long v, char *buf, size_t len);
void  probe_exit(int status) __attribute__((noreturn));   /* {"t_ms":..,"exit":N} */
/* SIGINT/SIGTERM: blocked except inside probe_wait, where they end the
 * program with its exit line (exit 0). */
void  probe_catch_stop(void);
/* 1 ready, 0 timed out (timeout_ms < 0: never), -1 error; fd < 0 just sleeps. */
int   probe_wait(int fd, short events, long timeout_ms);
/* SIGPIPE ignored (a write to a reset socket fails EPIPE); a "signal" line. */
void  probe_ignore_sigpipe(void);
/* SO_REUSEADDR on, or SO_LINGER {1, 0}; reported as a "setsockopt" line. */
int   probe_setopt(int fd, int conn, int optname);
/* Parse argv[first..argc-1] as actions; usage error (exit 2) for one that is
 * unknown, malformed, or not in `allowed` (PR_BIT mask). */
struct probe_action *probe_parse(int argc, char **argv, int first, unsigned allowed, int *n);
/* Run the script; exits 1 (with its exit line) when a "!" action fails. */
void  probe_run(struct probe_sock *s, const struct probe_action *acts, int n);

#endif /* SOCKLAB_UNP_H */
