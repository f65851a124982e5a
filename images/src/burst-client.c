/*
 * burst-client - sends K short messages in quick succession (one write()
 * each) to one of the echo servers, half-closes, reads the echo back until
 * the server closes, and prints one JSON line: how many messages came back
 * and how many of them intact.
 *
 *   --mode raw     plain bytes (upper-server): a "message" is whatever one
 *                  read() returns, intact when it is exactly one message we
 *                  sent (compared case-insensitively: the server uppercases)
 *   --mode framed  4-byte big-endian length + bytes (echo-framed-server)
 *   --mode line    newline-terminated lines (echo-line-server)
 *
 * Exit status 0 when the whole byte stream came back as sent, 1 otherwise
 * (connection failed, timeout, wrong bytes), 2 usage error.
 */
#include "unp.h"
#include <strings.h>

enum mode { RAW, FRAMED, LINE };
static const char *mode_names[] = {"raw", "framed", "line"};

static struct {
    const char *host;
    int port, k, gap_ms, timeout;
    enum mode mode;
} opt = {.host = "127.0.0.1", .port = 8000, .k = 5, .timeout = 10, .mode = RAW};

static struct {
    long received, intact, bytes_sent, bytes_received, read_calls;
    bool stream_ok;
} res;

static void usage(void)
{
    printf("Usage: %s [-p address] [-P port] [-k K] [--mode raw|framed|line] [--gap MS] [-w SECS]\n"
           "Sends K messages in quick succession (one write() each) to an echo server,\n"
           "reads the echo back and prints one JSON line: messages received, intact.\n"
           "  -p, --address ADDR   server address or host name (default 127.0.0.1)\n"
           "  -P, --port PORT      server port (default 8000)\n"
           "  -k, --messages K     messages to send, 1..10000 (default 5)\n"
           "      --mode MODE      raw (upper-server, default), framed (echo-framed-server)\n"
           "                       or line (echo-line-server)\n"
           "      --gap MS         pause between writes, 0..10000 ms (default 0)\n"
           "  -w, --timeout SECS   read timeout, 1..3600 (default 10)\n"
           "  -h, --help           show this help\n"
           "Exit status: 0 every byte came back as sent, 1 otherwise, 2 usage error.\n", progname);
}

static void parse_args(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"address",  required_argument, NULL, 'p'},
        {"port",     required_argument, NULL, 'P'},
        {"messages", required_argument, NULL, 'k'},
        {"mode",     required_argument, NULL, 'M'},
        {"gap",      required_argument, NULL, 'G'},
        {"timeout",  required_argument, NULL, 'w'},
        {"help",     no_argument,       NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    int c;

    set_progname(argv[0]);
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":p:P:k:w:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'p':
            opt.host = parse_host_opt(optarg);
            break;
        case 'P': opt.port = (int)parse_long_opt("-P", optarg, 1, 65535); break;
        case 'k': opt.k = (int)parse_long_opt("-k", optarg, 1, 10000); break;
        case 'G': opt.gap_ms = (int)parse_long_opt("--gap", optarg, 0, 10000); break;
        case 'w': opt.timeout = (int)parse_long_opt("-w", optarg, 1, 3600); break;
        case 'M':
            for (c = 0; c < 3 && strcmp(optarg, mode_names[c]) != 0; c++)
                ;
            if (c == 3)
                err_usage("bad --mode value '%s': expected raw, framed or line", optarg);
            opt.mode = (enum mode)c;
            break;
        case 'h': usage(); exit(0);
        default:  err_getopt(c, argv);
        }
    }
    err_operands(argc, argv);
}

/* Message i (0-based), without framing; a line gets its '\n' here. */
static size_t message(int i, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "message %d of %d%s", i + 1, opt.k, opt.mode == LINE ? "\n" : "");
    return (size_t)n;
}

static void send_all(int fd)
{
    char msg[64];
    for (int i = 0; i < opt.k; i++) {
        size_t len = message(i, msg, sizeof msg);
        int r = opt.mode == FRAMED ? write_frame(fd, msg, len) : (int)writen(fd, msg, len);
        if (r < 0)
            err_sys("write message %d", i + 1);
        res.bytes_sent += (long)len;
        if (opt.gap_ms > 0 && i + 1 < opt.k) {
            struct timespec ts = {opt.gap_ms / 1000, (opt.gap_ms % 1000) * 1000000L};
            while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                ;
        }
    }
    shutdown(fd, SHUT_WR);      /* our FIN: the server echoes the rest and closes */
}

/* One received message (framed/line): intact when it equals message `idx`. */
static void got_message(long idx, const char *buf, size_t len)
{
    char want[64];
    res.received++;
    res.bytes_received += (long)len;
    if (idx < opt.k) {
        size_t wl = message((int)idx, want, sizeof want);
        if (wl == len && memcmp(want, buf, len) == 0) {
            res.intact++;
            return;
        }
    }
    res.stream_ok = false;
}

/* Raw: each read() is one "message"; intact when it is exactly the next one. */
static void receive_raw(int fd, const char *expect, size_t total, const size_t *starts)
{
    char buf[65536];
    size_t off = 0;
    int next = 0;       /* index of the first message not yet fully received */
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        res.read_calls++;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            err_sys("read");
        if (n == 0)
            break;
        res.received++;
        size_t len = (size_t)n;
        if (off + len > total || strncasecmp(expect + off, buf, len) != 0)
            res.stream_ok = false;
        else if (next < opt.k && starts[next] == off && starts[next + 1] == off + len)
            res.intact++;
        off += len;
        res.bytes_received += (long)len;
        while (next < opt.k && starts[next + 1] <= off)
            next++;
    }
    if (off != total)
        res.stream_ok = false;
}

static void receive(int fd)
{
    char *buf = Malloc(FRAME_MAX);
    size_t *starts = Calloc((size_t)opt.k + 1, sizeof *starts);
    char *expect = Malloc((size_t)opt.k * 64);
    size_t total = 0;
    int r;

    for (int i = 0; i < opt.k; i++) {
        starts[i] = total;
        total += message(i, expect + total, 64);
    }
    starts[opt.k] = total;
    res.stream_ok = true;
    if (opt.mode == RAW) {
        receive_raw(fd, expect, total, starts);
    } else if (opt.mode == FRAMED) {
        uint32_t len;
        while ((r = read_frame_counted(fd, buf, FRAME_MAX, &len, &res.read_calls)) == 1)
            got_message(res.received, buf, len);
        if (r < 0)
            err_sys("read frame");
    } else {
        struct readahead *ra = Malloc(sizeof *ra);
        size_t len;
        ra_init(ra, fd);
        while ((r = ra_readline(ra, buf, MAXLINE, &len)) == 1)
            got_message(res.received, buf, len);
        res.read_calls = ra->calls;
        if (r < 0)
            err_sys("read line");
        free(ra);
    }
    if (res.received != opt.k && opt.mode != RAW)
        res.stream_ok = false;
    free(buf);
    free(starts);
    free(expect);
}

int main(int argc, char **argv)
{
    int fd;

    parse_args(argc, argv);
    Signal(SIGPIPE, SIG_IGN);
    if ((fd = tcp_connect(opt.host, opt.port)) < 0)
        err_sys("connect to %s port %d", opt.host, opt.port);
    struct timeval tv = {opt.timeout, 0};
    Setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    send_all(fd);
    receive(fd);
    close(fd);
    printf("{\"mode\":\"%s\",\"sent\":%d,\"received\":%ld,\"intact\":%ld,"
           "\"bytes_sent\":%ld,\"bytes_received\":%ld,\"read_calls\":%ld,\"stream_ok\":%s}\n",
           mode_names[opt.mode], opt.k, res.received, res.intact, res.bytes_sent,
           res.bytes_received, res.read_calls, res.stream_ok ? "true" : "false");
    return res.stream_ok ? 0 : 1;
}
