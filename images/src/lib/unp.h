/*
 * unp.h - shared header for the socklab programs, in the spirit of the
 * "unp.h" of UNIX Network Programming (Stevens, Fenner, Rudoff, 3rd ed.).
 *
 * Conventions:
 *   - Capitalised wrappers (Socket, Bind, Fork, Writen, Pthread_create, ...)
 *     print ONE line "prog: what: strerror" to stderr and exit(1) on failure;
 *   - the lowercase I/O helpers that a connection's life goes through (readn,
 *     writen, read_frame, write_frame, read_fd, write_fd, connect_nointr,
 *     linebuf_fill, readline_lb, set_nonblock, serve_connection, nbconn_io,
 *     server_accept, chat_send_line) never exit: they return -1 with errno set
 *     (or a status), and the caller decides, as a server must for one client;
 *   - the lowercase start-up helpers a program calls before it serves anyone
 *     DO exit with one line, like the wrappers: the argument parsers
 *     (parse_long_opt, server_parse_args, chat_parse_args: bad usage exits 2;
 *     the last two print the usage for -h and exit 0), server_listen (a port
 *     that cannot be bound: exit 1) and tcp_connect (a name that does not
 *     resolve: exit 1; a refused connect returns -1);
 *   - the other lowercase helpers (server_*, prefork_*, pr_*, nbconn_init)
 *     are built on the wrappers and exit where those do.
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
/* Parse a decimal in [lo, hi]; on failure prints the one line
 *   prog: bad -X value 'v': expected lo..hi (see 'prog -h')
 * and exits 2. */
long  parse_long_opt(const char *opt, const char *val, long lo, long hi);
/* -p ADDR of the clients: any non-empty string (resolved later), else usage. */
const char *parse_host_opt(const char *val);
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
/* A detached thread that runs with SIGINT/SIGTERM blocked (so that they
 * always land on the main thread).  0, or the error number (not fatal). */
int  thread_spawn_detached(void *(*func)(void *), void *arg);

/* ---- readn.c / writen.c / readline.c ------------------------------------ */
ssize_t readn(int fd, void *vptr, size_t n);      /* < n only at EOF */
/* readn that adds the number of read() calls it made to *calls (if not NULL):
 * how the echo servers show that one message may take several reads. */
ssize_t readn_counted(int fd, void *vptr, size_t n, long *calls);
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

/* ---- readahead.c: UNP readline (figure 3.18), buffer per connection ---- */
#define MAXLINE 4096
struct readahead {
    int    fd;
    long   calls;           /* read() calls made so far */
    size_t len, off;        /* bytes in buf, bytes already taken */
    char   buf[MAXLINE];
};
void    ra_init(struct readahead *ra, int fd);
/* One line including its '\n' (not NUL-terminated) into out.  1 line, 0 EOF
 * before any byte, -1 error: errno EMSGSIZE (no newline within max bytes),
 * EPROTO (EOF inside a line; *outlen holds what came). */
int     ra_readline(struct readahead *ra, char *out, size_t max, size_t *outlen);
/* Exactly n bytes (buffered ones first); fewer only at EOF, -1 on error. */
ssize_t ra_readn(struct readahead *ra, void *buf, size_t n);

/* ---- framing.c ---------------------------------------------------------- */
int  write_frame(int fd, const void *buf, size_t len);               /* 0 / -1 */
/* 1 frame read (len in *lenp), 0 clean EOF before a header, -1 error:
 * errno EMSGSIZE (length > FRAME_MAX, *lenp holds it), EPROTO (EOF inside). */
int  read_frame(int fd, void *buf, size_t cap, uint32_t *lenp);
/* read_frame that adds its read() calls to *calls (if not NULL). */
int  read_frame_counted(int fd, void *buf, size_t cap, uint32_t *lenp, long *calls);

/* ---- pattern.c ---------------------------------------------------------- */
static inline unsigned char pattern_byte(uint64_t i) { return (unsigned char)(i % PATTERN_MOD); }
void   pattern_fill(unsigned char *buf, size_t len, uint64_t offset);
/* Index (relative to buf) of the first byte that differs, or -1 if all match. */
long   pattern_check(const unsigned char *buf, size_t len, uint64_t offset);
/* A read-only buffer holding the pattern; pattern_chunk(off, &len) returns a
 * pointer p with p[k] == pattern_byte(off + k) for k < *len (*len capped). */
const unsigned char *pattern_chunk(uint64_t offset, size_t *len);
/* Build that buffer now (pattern_chunk builds it on first use): a server
 * calls it before it forks, so children share it instead of rebuilding it. */
void   pattern_prepare(void);

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
    const char *sigchld;   /* fork-server --sigchld: none|ignore|handler|reaper-thread */
    bool no_restart;       /* fork-server --no-restart: EINTR from accept() is fatal */
    bool select_accept;    /* prefork-server --select: children sleep in select() */
};
enum server_flags {
    SRV_WORKERS = 1,    /* design accepts -t */
    SRV_LOCK    = 2,    /* accepts --lock */
    SRV_ET      = 4,    /* accepts --et */
    SRV_SIGCHLD = 8,    /* accepts --sigchld and --no-restart */
    SRV_SELECT  = 16,   /* accepts --select */
    SRV_PREFORK = 32    /* a prefork pool: -h says dead children are replaced */
};
/* getopt for every server; bad usage exits 2 with one line, -h exits 0. */
void server_parse_args(int argc, char **argv, int flags, const char *design,
                       struct server_opts *o);
/* socket+SO_REUSEADDR+bind+listen; exits with one line where that fails. */
int  server_listen(int port);
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
/* "<label>: c0 c1 ..." on stderr, e.g. pr_counts("wakeups per worker", ...). */
void pr_counts(const char *label, const long *counts, int n);
void pr_total_count(long total);
/* Block SIGINT/SIGTERM in the calling thread (threads created afterwards
 * inherit the mask); *waitmask is the mask to use with sigsuspend / pselect /
 * ppoll / epoll_pwait, i.e. the old one with SIGINT/SIGTERM unblocked. */
void server_block_stop(sigset_t *waitmask);

/* ---- forkserve.c: fork per connection (UNP figure 5.12) ----------------- */
typedef void conn_fn(int connfd);               /* serves one connection */
/* Accept until SIGINT/SIGTERM, one child per connection running serve(fd);
 * children are reaped by a SIGCHLD handler.  Returns the connections taken. */
long fork_per_connection(int listenfd, conn_fn *serve);
/* Options of a server with only a port: -P, -h (what = the description). */
void port_parse_args(int argc, char **argv, const char *what, int default_port, int *port);

/* ---- unixsock.c: options of the Unix domain programs -------------------- */
struct sockaddr_un;
/* -u PATH (default /tmp/socklab-echo.sock) and -h; returns the path. */
const char *unix_parse_args(int argc, char **argv, const char *what);
void unix_address(const char *path, struct sockaddr_un *sun);

/* ---- sha256.c ---------------------------------------------------------- */
struct sha256 {
    uint32_t h[8];
    uint64_t total;         /* bytes hashed */
    size_t   used;          /* bytes waiting in buf */
    unsigned char buf[64];
};
void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_hex(struct sha256 *s, char out[65]);   /* finishes: 64 hex digits + NUL */

/* ---- prefork.c ---------------------------------------------------------- */
typedef void prefork_fn(int index, void *arg);   /* must not return */
/* Set by the parent's SIGCHLD handler (installed by prefork_watch_children). */
extern volatile sig_atomic_t child_died;
/* Block SIGCHLD and catch it with a handler that sets child_died; SIGCHLD is
 * removed from *waitmask, the mask to sleep with (and the children's mask). */
void  prefork_watch_children(sigset_t *waitmask);
/* Reap one dead child without blocking: its pid and "signal 9" / "exit 1"
 * in how; 0 when none is left. */
pid_t prefork_reap_one(char *how, size_t len);
pid_t prefork_child(int index, prefork_fn *fn, void *arg, const sigset_t *waitmask);
/* Sleep until SIGINT/SIGTERM; meanwhile reap each child that dies and fork
 * its replacement into the same slot, logging "child P died (signal S),
 * replaced by pid M (worker I)". */
void  prefork_supervise(pid_t *pids, int n, prefork_fn *fn, void *arg, const sigset_t *waitmask);
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
    char     peer[64];      /* "" until nbconn_peer() needs it */
};
/* NB_AGAIN: like NB_OK, but the last read or write failed with EAGAIN (the
 * non-blocking server counts these; the others treat it as NB_OK). */
enum nb_status { NB_OK = 0, NB_CLOSE = 1, NB_AGAIN = 2 };
/* Initialise for a freshly accepted descriptor, already non-blocking
 * (accept4 with SOCK_NONBLOCK); makes no system call. */
void nbconn_init(struct nbconn *c, int fd);
/* The peer's address for a log message, looked up on first use. */
const char *nbconn_peer(struct nbconn *c);
/* Make progress after a readiness event.  edge=false: at most one read per
 * call (level-triggered fairness); edge=true: loop until the socket reports
 * EAGAIN for whatever we are waiting on.  NB_CLOSE: the caller closes c->fd
 * (already logged when abnormal). */
enum nb_status nbconn_io(struct nbconn *c, bool edge);
/* What to wait for next: write while a response is pending, else read. */
static inline bool nbconn_wants_write(const struct nbconn *c) { return c->out_off < c->out_total; }
/* A growable array of connections, for the servers that visit them all in turn. */
struct connset {
    struct nbconn **v;
    size_t n, cap;
};
struct nbconn *connset_add(struct connset *s, int fd);     /* nbconn_init'ed */
/* Close v[i] and free it; the last connection takes its index. */
void connset_close(struct connset *s, size_t i);

/* ---- chat.c ------------------------------------------------------------- */
/* getopt for the chat programs; bad usage exits 2 with one line, -h exits 0. */
/* no_reap: where --no-reap is stored (p2pserver), NULL where it is refused. */
void chat_parse_args(int argc, char **argv, bool need_addr, const char *what,
                     const char **host, int *port, bool *no_reap);
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
    double   reply_ms;          /* first request written -> last byte of its reply */
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
    double t_connect;           /* when connect() was called */
    double t_request;           /* when the first request began to be written */
    double since, deadline;     /* last progress; when it times out */
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
