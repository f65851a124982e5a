/*
 * file-client - the client of file-server: --list prints the server's files,
 * --get NAME downloads one, computes the SHA-256 of the bytes that arrived
 * and compares it with the one the server announced.  One JSON line on
 * stdout either way.  Exit status: 0 listed / downloaded with equal
 * checksums, 1 the server refused (ERR ...), the connection failed or the
 * checksums differ, 2 usage error.
 */
#include "unp.h"

static struct {
    const char *host, *get, *out;
    int port, timeout;
    bool list;
} opt = {.host = "127.0.0.1", .port = DEFAULT_PORT, .timeout = 30};

static void usage(void)
{
    printf("Usage: %s [-p address] [-P port] (--list | --get NAME [-o FILE]) [-w SECS]\n"
           "Client of file-server: list its files, or download one and verify its SHA-256.\n"
           "  -p, --address ADDR   server address or host name (default 127.0.0.1)\n"
           "  -P, --port PORT      server port (default %d)\n"
           "      --list           print the server's files as JSON\n"
           "      --get NAME       download NAME and compare checksums\n"
           "  -o, --out FILE       also save the download to FILE\n"
           "  -w, --timeout SECS   read timeout, 1..3600 (default 30)\n"
           "  -h, --help           show this help\n"
           "Exit status: 0 ok (checksums equal), 1 refused, failed or different, 2 usage error.\n",
           progname, DEFAULT_PORT);
}

static void parse_args(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"address", required_argument, NULL, 'p'},
        {"port",    required_argument, NULL, 'P'},
        {"list",    no_argument,       NULL, 'L'},
        {"get",     required_argument, NULL, 'G'},
        {"out",     required_argument, NULL, 'o'},
        {"timeout", required_argument, NULL, 'w'},
        {"help",    no_argument,       NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    int c;

    set_progname(argv[0]);
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":p:P:o:w:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'p':
            opt.host = parse_host_opt(optarg);
            break;
        case 'P': opt.port = (int)parse_long_opt("-P", optarg, 1, 65535); break;
        case 'L': opt.list = true; break;
        case 'G':
            if (*optarg == '\0' || strchr(optarg, '\n'))
                err_usage("bad --get value: expected a file name");
            opt.get = optarg;
            break;
        case 'o': opt.out = optarg; break;
        case 'w': opt.timeout = (int)parse_long_opt("-w", optarg, 1, 3600); break;
        case 'h': usage(); exit(0);
        default:  err_getopt(c, argv);
        }
    }
    err_operands(argc, argv);
    if (opt.list == (opt.get != NULL))
        err_usage("give exactly one of --list and --get NAME");
    if (opt.out && !opt.get)
        err_usage("-o goes with --get");
}

/* A JSON string literal on stdout. */
static void json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            printf("\\%c", ch);
        else if (ch < 0x20)
            printf("\\u%04x", ch);
        else
            putchar(ch);
    }
    putchar('"');
}

/* The status line: "OK rest" returns rest; "ERR reason" exits 1 saying so. */
static char *status_line(struct readahead *ra, char *line)
{
    size_t len;
    int r = ra_readline(ra, line, MAXLINE, &len);
    if (r == 0)
        err_quit("server closed the connection without answering");
    if (r < 0)
        err_sys("read from server");
    line[len - 1] = '\0';
    if (strncmp(line, "OK ", 3) != 0)
        err_quit("server: %s", line);
    return line + 3;
}

static int do_list(struct readahead *ra)
{
    char line[MAXLINE + 1];
    long count = atol(status_line(ra, line));
    printf("{\"count\":%ld,\"files\":[", count);
    for (long i = 0; i < count; i++) {
        size_t len;
        if (ra_readline(ra, line, MAXLINE, &len) != 1)
            err_quit("listing cut short after %ld of %ld files", i, count);
        line[len - 1] = '\0';
        char *name = strchr(line, ' ');
        if (name == NULL)
            err_quit("bad listing line from the server");
        *name++ = '\0';
        printf("%s{\"name\":", i ? "," : "");
        json_string(name);
        printf(",\"size\":%s}", line);
    }
    printf("]}\n");
    return 0;
}

static int do_get(int fd, struct readahead *ra)
{
    char line[MAXLINE + 1], buf[65536], hex[65], announced[65];
    long long size, got = 0;
    struct sha256 sum;
    FILE *out = NULL;
    double start = now_seconds();

    dprintf(fd, "GET %s\n", opt.get);
    if (sscanf(status_line(ra, line), "%lld %64s", &size, announced) != 2 || size < 0)
        err_quit("bad answer from the server: %s", line);
    if (opt.out && (out = fopen(opt.out, "wb")) == NULL)
        err_sys("open %s", opt.out);
    sha256_init(&sum);
    while (got < size) {
        size_t want = size - got < (long long)sizeof buf ? (size_t)(size - got) : sizeof buf;
        ssize_t n = ra_readn(ra, buf, want);
        if (n < 0)
            err_sys("read from server");
        if (n == 0)
            break;
        sha256_update(&sum, buf, (size_t)n);
        if (out && fwrite(buf, 1, (size_t)n, out) != (size_t)n)
            err_sys("write %s", opt.out);
        got += n;
    }
    if (out && fclose(out) != 0)
        err_sys("close %s", opt.out);
    sha256_hex(&sum, hex);
    bool match = got == size && strcmp(hex, announced) == 0;
    printf("{\"name\":");
    json_string(opt.get);
    printf(",\"size\":%lld,\"bytes\":%lld,\"sha256\":\"%s\",\"server_sha256\":\"%s\","
           "\"match\":%s,\"elapsed_s\":%.3f}\n", size, got, hex, announced,
           match ? "true" : "false", now_seconds() - start);
    return match ? 0 : 1;
}

int main(int argc, char **argv)
{
    struct readahead *ra = Malloc(sizeof *ra);
    int fd;

    parse_args(argc, argv);
    Signal(SIGPIPE, SIG_IGN);
    if ((fd = tcp_connect(opt.host, opt.port)) < 0)
        err_sys("connect to %s port %d", opt.host, opt.port);
    struct timeval tv = {opt.timeout, 0};
    Setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ra_init(ra, fd);
    if (opt.list)
        dprintf(fd, "LIST\n");
    int status = opt.list ? do_list(ra) : do_get(fd, ra);
    close(fd);
    return status;
}
