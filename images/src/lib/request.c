/*
 * request.c - the load protocol, shared by every server design.
 *
 *   client: "<n>\n"          1 <= n <= 1048576, at most 32 bytes + '\n'
 *   server: n bytes, byte i = i % 251
 *   ... repeated until the client closes (the client is the active closer).
 *
 * A malformed line is logged once and only that connection is closed (the
 * server becomes the active closer).
 */
#include "unp.h"

bool request_parse(const char *line, size_t len, uint32_t *n)
{
    unsigned long v;
    if (len > 0 && line[len - 1] == '\r')   /* tolerate "\r\n" from telnet */
        len--;
    if (!parse_ulong_strict(line, len, REQ_MIN, REQ_MAX, &v))
        return false;
    *n = (uint32_t)v;
    return true;
}

void request_log_bad(const char *peer, const char *line, size_t len, const char *suffix)
{
    char out[REQ_LINE_MAX * 4 + 8];
    size_t o = 0;
    if (len > REQ_LINE_MAX)
        len = REQ_LINE_MAX;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)line[i];
        if (ch == '"' || ch == '\\')
            o += (size_t)snprintf(out + o, sizeof out - o, "\\%c", ch);
        else if (ch >= 0x20 && ch < 0x7f)
            out[o++] = (char)ch;
        else if (ch == '\n')
            o += (size_t)snprintf(out + o, sizeof out - o, "\\n");
        else if (ch == '\r')
            o += (size_t)snprintf(out + o, sizeof out - o, "\\r");
        else
            o += (size_t)snprintf(out + o, sizeof out - o, "\\x%02x", ch);
    }
    out[o] = '\0';
    err_msg("bad request from %s: \"%s\"%s%s", peer, out,
            suffix && *suffix ? " " : "", suffix ? suffix : "");
}

void conn_log_error(const char *peer, const char *what, int err)
{
    err_msg("%s: %s: %s (%s)", peer, what, strerror(err), errno_name(err));
}

static enum conn_end io_failure(const char *peer, const char *what, int err)
{
    /* Stopping: EINTR, or EPIPE/ENOTCONN after the handler's shutdown(), is
     * our own doing, not the peer's - nothing to log. */
    if (stop_requested)
        return END_STOPPED;
    conn_log_error(peer, what, err);
    if (err == ECONNRESET || err == EPIPE)
        return END_RESET;
    return END_ERROR;
}

/* Answer one request: n pattern bytes straight out of the shared buffer. */
static int send_pattern(int fd, uint32_t n)
{
    uint64_t off = 0;
    while (off < n) {
        size_t len = n - off;
        const unsigned char *p = pattern_chunk(off, &len);
        if (writen(fd, p, len) < 0)
            return -1;
        off += len;
    }
    return 0;
}

enum conn_end serve_connection(int fd)
{
    char peer[64];
    struct linebuf lb;
    char line[REQ_LINE_MAX + 1];
    size_t len;
    uint32_t n;

    peer_name(fd, peer, sizeof peer);
    lb.len = 0;
    for (;;) {
        int r = readline_lb(fd, &lb, REQ_LINE_MAX, line, &len);
        if (r == LINE_FOUND) {
            if (!request_parse(line, len, &n)) {
                request_log_bad(peer, line, len, NULL);
                return END_BAD_REQUEST;
            }
            if (send_pattern(fd, n) < 0)
                return io_failure(peer, "write", errno);
        } else if (r == LINE_TOO_LONG) {
            request_log_bad(peer, lb.buf, lb.len, "(no newline within 33 bytes)");
            return END_BAD_REQUEST;
        } else if (r == 0) {
            if (stop_requested)
                return END_STOPPED;
            if (lb.len > 0) {
                request_log_bad(peer, lb.buf, lb.len, "(EOF before newline)");
                return END_BAD_REQUEST;
            }
            return END_CLOSED;
        } else {
            return io_failure(peer, "read", errno);
        }
    }
}
