/*
 * check-client - the grader's client: drives a server in one of four
 * protocols and verifies every byte it gets back, or misbehaves on purpose
 * (a client that resets mid-reply, closes early, stalls on half a request,
 * or sends malformed requests), and prints what happened as one JSON line.
 *
 * Protocols (--proto):
 *   echo   the server sends back every byte it receives
 *   upper  the same bytes in upper case (the seed's exercise)
 *   line   lines: each complete line comes back as it was sent
 *   load   the lab's protocol: "<n>\n" -> n bytes, byte i = i % 251
 * For echo/upper/line a request is -n bytes of lower-case text in lines of
 * 40 bytes; its content depends on the connection and request number, so a
 * server that mixes up its clients is caught.
 *
 * Connections are made one after the other (each: connect, -r requests,
 * close, as UNP's client loop), or with --concurrent all at once: every
 * request round is sent on all of them before any reply is awaited, and the
 * replies are awaited together with poll() within -w seconds (an iterative
 * server answers only the first).  The client is the active closer.
 */
#include "unp.h"

#define F_TIMEOUT    (-1)   /* no progress within -w seconds */
#define F_SHORT_READ (-2)   /* the server closed before the whole reply */
#define F_MISMATCH   (-3)   /* a byte differs from what was expected */
#define F_NO_REPLY   (-4)   /* reset/close-early: nothing came back */
#define MAX_REPORTED 20     /* failed connections listed in the JSON */

enum proto { P_ECHO, P_UPPER, P_LINE, P_LOAD };
enum act { A_NORMAL, A_SLOW, A_RESET, A_CLOSE_EARLY, A_BAD };
static const char *proto_names[] = {"echo", "upper", "line", "load"};
static const char *act_names[] = {"normal", "slow", "reset", "close-early", "bad"};

struct conn {
    int fd;
    int id;
    int fail;               /* 0, errno (> 0) or F_* */
    int requests;           /* requests fully verified */
    uint64_t got;           /* bytes of the current reply received */
    uint64_t bytes;         /* verified bytes over all requests */
};

static struct {
    const char *host;
    int port, conns, requests, timeout;
    long nbytes;
    double hold;
    bool concurrent, json;
    enum proto proto;
    enum act act;
} opt = {.host = "127.0.0.1", .port = DEFAULT_PORT, .conns = 1, .requests = 1,
         .timeout = 10, .nbytes = 100, .proto = P_ECHO, .act = A_NORMAL};

static struct sockaddr_storage server_addr;
static socklen_t server_len;

static void usage(FILE *f)
{
    fprintf(f,
"Usage: %s [-p address] [-P port] [--proto echo|upper|line|load] [-c connections]\n"
"                    [--concurrent] [-r requests] [-n bytes] [--hold SECONDS]\n"
"                    [--act normal|slow|reset|close-early|bad] [-w SECONDS] [--json]\n"
"The grader's client: drives a server and verifies every byte of its replies.\n"
"  -p, --address ADDR   server address or host name (default 127.0.0.1)\n"
"  -P, --port PORT      server port (default %d)\n"
"      --proto P        echo (bytes back), upper (bytes back in upper case),\n"
"                       line (lines back), load (\"<n>\\n\" -> n pattern bytes)\n"
"  -c, --connections N  connections, 1..100000 (default 1)\n"
"      --concurrent     all connections open at once, replies awaited together\n"
"  -r, --requests N     requests per connection, 1..10000 (default 1)\n"
"  -n, --bytes N        bytes per request (load: bytes asked for), 1..%u (default 100)\n"
"      --hold SECONDS   with --concurrent: keep them all open this long after the requests\n"
"      --act ACT        normal; slow (first one connection sends half a request and\n"
"                       stalls while the others are served, then completes it);\n"
"                       reset (ask a large reply, read 1 KiB, close with RST);\n"
"                       close-early (send a request, close at once); bad (one\n"
"                       malformed or partial request per connection, read to EOF)\n"
"  -w, --timeout SECS   per connect and per reply, 1..3600 (default 10)\n"
"      --json           print one JSON object line instead of text\n"
"  -h, --help           show this help\n"
"Exit status: 0 every connection did what it should, 1 some failed, 2 usage error.\n",
            progname, DEFAULT_PORT, REQ_MAX);
}

static int name_index(const char *opt_name, const char *val, const char **names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(val, names[i]) == 0)
            return i;
    err_usage("bad %s value '%s'", opt_name, val);
}

static void parse_args(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"address", required_argument, NULL, 'p'}, {"port", required_argument, NULL, 'P'},
        {"connections", required_argument, NULL, 'c'}, {"requests", required_argument, NULL, 'r'},
        {"bytes", required_argument, NULL, 'n'}, {"timeout", required_argument, NULL, 'w'},
        {"proto", required_argument, NULL, 'O'}, {"act", required_argument, NULL, 'A'},
        {"hold", required_argument, NULL, 'H'}, {"concurrent", no_argument, NULL, 'C'},
        {"json", no_argument, NULL, 'J'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    int c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":p:P:c:r:n:w:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if (*optarg == '\0')
                err_usage("bad -p value '': expected an address or host name");
            opt.host = optarg;
            break;
        case 'P': opt.port = (int)parse_long_opt("-P", optarg, 1, 65535); break;
        case 'c': opt.conns = (int)parse_long_opt("-c", optarg, 1, 100000); break;
        case 'r': opt.requests = (int)parse_long_opt("-r", optarg, 1, 10000); break;
        case 'n': opt.nbytes = parse_long_opt("-n", optarg, REQ_MIN, REQ_MAX); break;
        case 'w': opt.timeout = (int)parse_long_opt("-w", optarg, 1, 3600); break;
        case 'H': opt.hold = (double)parse_long_opt("--hold", optarg, 0, 86400); break;
        case 'O': opt.proto = (enum proto)name_index("--proto", optarg, proto_names, 4); break;
        case 'A': opt.act = (enum act)name_index("--act", optarg, act_names, 5); break;
        case 'C': opt.concurrent = true; break;
        case 'J': opt.json = true; break;
        case 'h': usage(stdout); exit(0);
        default:  err_getopt(c, argv);
        }
    }
    err_operands(argc, argv);
    if (opt.hold > 0 && !opt.concurrent)
        err_usage("--hold needs --concurrent");
}

/* ---- what is sent and what must come back ------------------------------ */

static unsigned char text_byte(int conn, int req, uint64_t k, uint64_t n)
{
    if (k == n - 1 || k % 40 == 39)
        return '\n';
    return (unsigned char)('a' + ((uint64_t)conn * 7 + (uint64_t)req * 13 + k) % 26);
}

/* The request bytes of (conn, req) into buf (size >= REQ_LINE_MAX and >= n). */
static size_t make_request(int conn, int req, long n, unsigned char *buf)
{
    if (opt.proto == P_LOAD)
        return (size_t)snprintf((char *)buf, REQ_LINE_MAX, "%ld\n", n);
    for (long k = 0; k < n; k++)
        buf[k] = text_byte(conn, req, (uint64_t)k, (uint64_t)n);
    return (size_t)n;
}

static unsigned char expected_byte(int conn, int req, uint64_t k, uint64_t n)
{
    if (opt.proto == P_LOAD)
        return pattern_byte(k);
    unsigned char b = text_byte(conn, req, k, n);
    return opt.proto == P_UPPER && b >= 'a' && b <= 'z' ? (unsigned char)(b - 'a' + 'A') : b;
}

/* ---- one connection ----------------------------------------------------- */

static int timed_connect(struct conn *c, int rcvbuf)
{
    struct timeval tv = {opt.timeout, 0};
    c->fd = socket(server_addr.ss_family, SOCK_STREAM, 0);
    if (c->fd < 0)
        return c->fail = errno, -1;
    setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (rcvbuf > 0)     /* a small window: the server blocks in write() early */
        setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    if (connect_nointr(c->fd, (struct sockaddr *)&server_addr, server_len, opt.timeout * 1000) < 0) {
        c->fail = errno == EINPROGRESS ? ETIMEDOUT : errno;
        close(c->fd);
        c->fd = -1;
        return -1;
    }
    return 0;
}

static int fail_code(int err)
{
    return (err == EAGAIN || err == EWOULDBLOCK) ? F_TIMEOUT : err;
}

static void end_conn(struct conn *c, bool reset)
{
    if (c->fd < 0)
        return;
    if (reset) {
        struct linger ling = {1, 0};    /* abortive close: RST */
        setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &ling, sizeof ling);
    }
    close(c->fd);
    c->fd = -1;
}

/* Sends bytes [from, to) of request req; false with c->fail set on error. */
static bool send_part(struct conn *c, int req, size_t from, size_t to)
{
    static unsigned char buf[REQ_MAX + REQ_LINE_MAX];
    size_t len = make_request(c->id, req, opt.nbytes, buf);
    if (to > len)
        to = len;
    if (from < to && writen(c->fd, buf + from, to - from) < 0) {
        c->fail = fail_code(errno);
        return false;
    }
    return true;
}

/* Reads what is there of the reply to req (one read()); verifies it. 1 reply
 * complete, 0 more to come, -1 failed (c->fail set). */
static int read_reply(struct conn *c, int req)
{
    static unsigned char buf[65536];
    uint64_t want = (uint64_t)opt.nbytes - c->got;
    ssize_t n = read(c->fd, buf, want < sizeof buf ? want : sizeof buf);
    if (n < 0) {
        if (errno == EINTR)
            return 0;
        c->fail = fail_code(errno);
        return -1;
    }
    if (n == 0) {
        c->fail = F_SHORT_READ;
        return -1;
    }
    for (ssize_t i = 0; i < n; i++)
        if (buf[i] != expected_byte(c->id, req, c->got + (uint64_t)i, (uint64_t)opt.nbytes)) {
            c->fail = F_MISMATCH;
            return -1;
        }
    c->got += (uint64_t)n;
    c->bytes += (uint64_t)n;
    if (c->got < (uint64_t)opt.nbytes)
        return 0;
    c->got = 0;
    c->requests++;
    return 1;
}

/* Waits for the reply to req on every live connection of g[0..n), together,
 * within -w seconds; a connection without a whole reply by then fails. */
static void await_replies(struct conn *g, int n, int req)
{
    struct pollfd *pfd = Calloc((size_t)n, sizeof *pfd);
    double deadline = now_seconds() + opt.timeout;
    for (;;) {
        int live = 0;
        for (int i = 0; i < n; i++) {
            bool waiting = g[i].fd >= 0 && g[i].fail == 0 && g[i].requests == req;
            pfd[i].fd = waiting ? g[i].fd : -1;
            pfd[i].events = POLLIN;
            live += waiting;
        }
        int left_ms = (int)((deadline - now_seconds()) * 1000);
        if (live == 0 || left_ms <= 0)
            break;
        int r = poll(pfd, (nfds_t)n, left_ms);
        if (r < 0 && errno != EINTR)
            err_sys("poll");
        for (int i = 0; r > 0 && i < n; i++)
            if (pfd[i].fd >= 0 && pfd[i].revents)
                read_reply(&g[i], req);
    }
    for (int i = 0; i < n; i++)
        if (g[i].fd >= 0 && g[i].fail == 0 && g[i].requests == req)
            g[i].fail = F_TIMEOUT;
    free(pfd);
}

/* A group of connections: all connected, then each request round sent on all
 * and awaited together, then (--hold) kept open, then closed by us. */
static void run_group(struct conn *g, int n)
{
    for (int i = 0; i < n; i++)
        timed_connect(&g[i], 0);
    for (int q = 0; q < opt.requests; q++) {
        for (int i = 0; i < n; i++)
            if (g[i].fd >= 0 && g[i].fail == 0)
                send_part(&g[i], q, 0, SIZE_MAX);
        await_replies(g, n, q);
    }
    if (opt.hold > 0) {
        struct timespec ts = {(time_t)opt.hold, 0};
        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
            ;
    }
    for (int i = 0; i < n; i++)
        end_conn(&g[i], false);
}

/* ---- the misbehaving clients ------------------------------------------- */

static const char *bad_load[] = {"abc\n", "0\n", "99999999\n", "7777777777777777777777777777777777777777", "12", ""};
static const char *bad_text[] = {"", "\x01\x02\xfe\xff\n", "a partial line without its newline"};

/* reset / close-early / bad on one connection; ok when it could do its part. */
static void misbehave(struct conn *c)
{
    long big = opt.proto == P_LOAD ? (long)REQ_MAX : 32768;
    if (timed_connect(c, opt.act == A_RESET ? 4096 : 0) < 0)
        return;
    if (opt.act == A_BAD) {
        const char **list = opt.proto == P_LOAD ? bad_load : bad_text;
        size_t nlist = opt.proto == P_LOAD ? 6 : 3;
        const char *req = list[(size_t)c->id % nlist];
        char buf[4096];
        ssize_t n;
        if (writen(c->fd, req, strlen(req)) < 0)
            c->fail = fail_code(errno);
        shutdown(c->fd, SHUT_WR);       /* the server sees EOF after it */
        while ((n = read(c->fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
            c->bytes += n > 0 ? (uint64_t)n : 0;
        if (n < 0 && errno != ECONNRESET)
            c->fail = fail_code(errno);
        end_conn(c, false);
        return;
    }
    long saved = opt.nbytes;
    opt.nbytes = big;
    if (send_part(c, 0, 0, SIZE_MAX) && opt.act == A_RESET) {
        shutdown(c->fd, SHUT_WR);
        while (c->bytes < 1024 && c->fail == 0)
            read_reply(c, 0);
        if (c->bytes == 0 && c->fail == 0)
            c->fail = F_NO_REPLY;
        else if (c->bytes > 0)
            c->fail = 0;               /* a reply was under way: that is all we wanted */
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);           /* let the server block in write() */
    }
    opt.nbytes = saved;
    end_conn(c, opt.act == A_RESET);
}

static size_t request_len(void)
{
    unsigned char buf[REQ_LINE_MAX];
    return opt.proto == P_LOAD ? make_request(0, 0, opt.nbytes, buf) : (size_t)opt.nbytes;
}

/* --act slow: one connection sends half of its first request and stalls while
 * the others are served; then it sends the rest and checks the whole reply. */
static void slow_begin(struct conn *s)
{
    if (timed_connect(s, 0) == 0 && send_part(s, 0, 0, request_len() / 2)) {
        struct timespec ts = {0, 300 * 1000 * 1000};
        nanosleep(&ts, NULL);           /* the server has read the half by now */
    }
}

static void slow_end(struct conn *s)
{
    if (s->fd >= 0 && s->fail == 0 && send_part(s, 0, request_len() / 2, SIZE_MAX))
        await_replies(s, 1, 0);
    end_conn(s, false);
}

/* ---- the summary -------------------------------------------------------- */

static const char *fail_name(int code)
{
    switch (code) {
    case F_TIMEOUT:    return "TIMEOUT";
    case F_SHORT_READ: return "SHORT_READ";
    case F_MISMATCH:   return "MISMATCH";
    case F_NO_REPLY:   return "NO_REPLY";
    default:           return errno_name(code);
    }
}

struct tally {
    long ok, failed, requests;
    uint64_t bytes;
    int codes[16];
    long counts[16];
    int ncodes;
};

static void tally_add(struct tally *t, const struct conn *c)
{
    t->requests += c->requests;
    t->bytes += c->bytes;
    if (c->fail == 0) {
        t->ok++;
        return;
    }
    t->failed++;
    int k = 0;
    while (k < t->ncodes && t->codes[k] != c->fail)
        k++;
    if (k == t->ncodes && t->ncodes < 16)
        t->codes[t->ncodes++] = c->fail;
    if (k < t->ncodes)
        t->counts[k]++;
}

static void print_json(const struct tally *t, const struct conn *all, const struct conn *slow, double elapsed)
{
    printf("{\"proto\":\"%s\",\"act\":\"%s\",\"concurrent\":%s,\"connections\":%d,"
           "\"connections_ok\":%ld,\"connections_failed\":%ld,\"failures\":{",
           proto_names[opt.proto], act_names[opt.act], opt.concurrent ? "true" : "false",
           opt.conns, t->ok, t->failed);
    for (int k = 0; k < t->ncodes; k++)
        printf("%s\"%s\":%ld", k ? "," : "", fail_name(t->codes[k]), t->counts[k]);
    printf("},\"requests\":%ld,\"bytes\":%llu,\"elapsed_s\":%.6f,\"failed\":[",
           t->requests, (unsigned long long)t->bytes, elapsed);
    for (int i = 0, listed = 0; i < opt.conns && listed < MAX_REPORTED; i++) {
        if (all[i].fail == 0)
            continue;
        printf("%s{\"conn\":%d,\"error\":\"%s\",\"requests\":%d,\"bytes\":%llu}", listed++ ? "," : "",
               i, fail_name(all[i].fail), all[i].requests, (unsigned long long)all[i].bytes);
    }
    printf("]");
    if (opt.act == A_SLOW)
        printf(",\"slow\":{\"ok\":%s,\"error\":\"%s\",\"bytes\":%llu}", slow->fail ? "false" : "true",
               slow->fail ? fail_name(slow->fail) : "", (unsigned long long)slow->bytes);
    printf("}\n");
}

static void print_text(const struct tally *t, const struct conn *slow, double elapsed)
{
    printf("%s, %s: connections: %ld ok, %ld failed\n", proto_names[opt.proto], act_names[opt.act],
           t->ok, t->failed);
    printf("requests: %ld, bytes verified: %llu, elapsed: %.3f s\n", t->requests,
           (unsigned long long)t->bytes, elapsed);
    if (t->ncodes > 0) {
        printf("failures:");
        for (int k = 0; k < t->ncodes; k++)
            printf(" %s=%ld", fail_name(t->codes[k]), t->counts[k]);
        printf("\n");
    }
    if (opt.act == A_SLOW)
        printf("slow connection: %s\n", slow->fail ? fail_name(slow->fail) : "ok");
}

int main(int argc, char **argv)
{
    struct tally t = {0};

    set_progname(argv[0]);
    parse_args(argc, argv);
    Resolve(opt.host, opt.port, &server_addr, &server_len);
    raise_nofile_limit();
    Signal(SIGPIPE, SIG_IGN);          /* a reset server gives EPIPE, counted */

    struct conn *all = Calloc((size_t)opt.conns, sizeof *all);
    struct conn slow = {.fd = -1, .id = opt.conns};
    for (int i = 0; i < opt.conns; i++) {
        all[i].id = i;
        all[i].fd = -1;
    }
    double t0 = now_seconds();
    if (opt.act == A_SLOW)
        slow_begin(&slow);
    if (opt.act == A_RESET || opt.act == A_CLOSE_EARLY || opt.act == A_BAD)
        for (int i = 0; i < opt.conns; i++)
            misbehave(&all[i]);
    else if (opt.concurrent)
        run_group(all, opt.conns);
    else
        for (int i = 0; i < opt.conns; i++)
            run_group(&all[i], 1);
    if (opt.act == A_SLOW)
        slow_end(&slow);
    double elapsed = now_seconds() - t0;

    for (int i = 0; i < opt.conns; i++)
        tally_add(&t, &all[i]);
    if (opt.json)
        print_json(&t, all, &slow, elapsed);
    else
        print_text(&t, &slow, elapsed);
    fflush(stdout);
    return t.failed || slow.fail ? 1 : 0;
}
