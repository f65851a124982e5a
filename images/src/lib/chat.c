/*
 * chat.c - helpers shared by the chat programs (p2pserver, p2pclient,
 * client): option parsing and "print one received frame".
 */
#include "unp.h"

void chat_parse_args(int argc, char **argv, bool need_addr, const char *what,
                     const char **host, int *port, bool *no_reap)
{
    static const struct option longopts[] = {
        {"address", required_argument, NULL, 'p'},
        {"port",    required_argument, NULL, 'P'},
        {"no-reap", no_argument,       NULL, 'N'},
        {"help",    no_argument,       NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    int c;

    set_progname(argv[0]);
    *port = DEFAULT_PORT;
    *host = NULL;
    opterr = 0;
    while ((c = getopt_long(argc, argv, need_addr ? ":p:P:h" : ":P:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if (!need_addr)
                err_usage("-p is not supported: %s only listens", progname);
            *host = parse_host_opt(optarg);
            break;
        case 'P':
            *port = (int)parse_long_opt("-P", optarg, 1, 65535);
            break;
        case 'N':
            if (no_reap == NULL)
                err_usage("--no-reap is only supported by p2pserver");
            *no_reap = true;
            break;
        case 'h':
            printf("Usage: %s %s[-P port]%s\n%s\n"
                   "Messages are framed: a 4-byte big-endian length (<= %u), then the text.\n"
                   "Each stdin line is sent without its newline; each received message is\n"
                   "printed followed by a newline.\n"
                   "%s  -P, --port PORT      TCP port (default %d)\n%s"
                   "  -h, --help           show this help\n",
                   progname, need_addr ? "-p address " : "", no_reap ? " [--no-reap]" : "",
                   what, FRAME_MAX,
                   need_addr ? "  -p, --address ADDR   server address or host name (required)\n" : "",
                   DEFAULT_PORT,
                   no_reap ? "      --no-reap        the seed's original: when the peer leaves, signal\n"
                             "                       the child but never wait for it (a zombie stays)\n" : "");
            exit(0);
        default:
            err_getopt(c, argv);
        }
    }
    err_operands(argc, argv);
    if (need_addr && *host == NULL)
        err_usage("missing -p address");
}

void chat_print(const char *buf, size_t len)
{
    fwrite(buf, 1, len, stdout);
    putchar('\n');
    fflush(stdout);
}

/* Send one stdin line (newline already stripped) as one or more frames. */
int chat_send_line(int fd, const char *line, size_t len)
{
    do {
        size_t chunk = len > FRAME_MAX ? FRAME_MAX : len;
        if (write_frame(fd, line, chunk) < 0)
            return -1;
        line += chunk;
        len -= chunk;
    } while (len > 0);
    return 0;
}

/* Log why reading frames stopped; returns nothing. r is read_frame()'s value. */
void chat_log_read_end(int r, uint32_t len, const char *who)
{
    if (r == 0)
        return;
    if (errno == EMSGSIZE)
        err_msg("protocol error: frame length %u > %u from %s", len, FRAME_MAX, who);
    else if (errno == EPROTO)
        err_msg("protocol error: %s closed in the middle of a frame", who);
    else
        err_ret("read from %s", who);
}
