/*
 * file-server - the seed's file server: a concurrent server (one child per
 * connection) that lists the regular files of one directory and sends one
 * on request, with its SHA-256 so that the client can check what arrived.
 *
 *   client: "LIST\n"        server: "OK <count>\n", then per file "<size> <name>\n"
 *   client: "GET <name>\n"  server: "OK <size> <sha256 hex>\n" and the bytes,
 *                           or "ERR <reason>\n" (the connection stays open)
 * Requests repeat until the client closes.  A line that is neither, or
 * longer than 4096 bytes, gets "ERR bad request" and closes only that
 * connection.  Names are plain file names of the directory: no '/', no
 * "." or "..", no control characters, no symbolic links followed.
 */
#include "unp.h"
#include <dirent.h>
#include <sys/stat.h>

static int dirfd_served = -1;
static const char *dir_served = ".";

static bool name_ok(const char *name)
{
    if (*name == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return false;
    for (const char *p = name; *p; p++)
        if (*p == '/' || (unsigned char)*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

static int reply(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int reply(int fd, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return (int)writen(fd, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static int do_list(int fd, const char *peer)
{
    /* A new open of the directory, not dup(): a dup shares the read offset
     * with every other child listing at the same time. */
    int dfd = openat(dirfd_served, ".", O_RDONLY | O_DIRECTORY);
    DIR *d = dfd < 0 ? NULL : fdopendir(dfd);
    char *lines = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&lines, &size);
    long count = 0;
    struct dirent *e;

    if (d == NULL || mem == NULL) {
        int err = errno;
        if (d)
            closedir(d);
        else if (dfd >= 0)
            close(dfd);
        if (mem)
            fclose(mem);
        free(lines);
        return reply(fd, "ERR cannot read the directory: %s\n", strerror(err));
    }
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        if (!name_ok(e->d_name) ||
            fstatat(dirfd_served, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
            continue;
        fprintf(mem, "%lld %s\n", (long long)st.st_size, e->d_name);
        count++;
    }
    closedir(d);
    fclose(mem);
    err_msg("%s: LIST (%ld files)", peer, count);
    int r = reply(fd, "OK %ld\n", count);
    if (r >= 0)
        r = (int)writen(fd, lines, size);
    free(lines);
    return r;
}

/* Two passes over the file: the checksum first (it goes in the header), then the bytes. */
static int do_get(int fd, const char *peer, const char *name)
{
    char buf[65536], hex[65];
    struct sha256 sum;
    struct stat st;
    ssize_t n;
    off_t sent = 0;

    if (!name_ok(name))
        return reply(fd, "ERR bad file name\n");
    int file = openat(dirfd_served, name, O_RDONLY | O_NOFOLLOW);
    if (file < 0 || fstat(file, &st) < 0 || !S_ISREG(st.st_mode)) {
        int err = file < 0 ? errno : EISDIR;
        if (file >= 0)
            close(file);
        return reply(fd, "ERR %s: %s\n", name, err == ENOENT ? "no such file" : strerror(err));
    }
    sha256_init(&sum);
    for (off_t left = st.st_size; left > 0 && (n = read(file, buf, sizeof buf)) > 0; left -= n)
        sha256_update(&sum, buf, (size_t)n < (size_t)left ? (size_t)n : (size_t)left);
    sha256_hex(&sum, hex);
    int r = reply(fd, "OK %lld %s\n", (long long)st.st_size, hex);
    lseek(file, 0, SEEK_SET);
    while (r >= 0 && sent < st.st_size && (n = read(file, buf, sizeof buf)) > 0) {
        if (n > st.st_size - sent)
            n = (ssize_t)(st.st_size - sent);
        r = (int)writen(fd, buf, (size_t)n);
        sent += n;
    }
    close(file);
    if (r >= 0 && sent < st.st_size) {
        err_msg("%s: GET %s: the file shrank while being sent, closing", peer, name);
        return -1;          /* we promised st_size bytes: only closing tells the client */
    }
    if (r >= 0)
        err_msg("%s: GET %s: %lld bytes, sha256 %s", peer, name, (long long)sent, hex);
    return r;
}

static void serve_files(int fd)
{
    char peer[64], line[MAXLINE + 1];
    struct readahead *ra = Malloc(sizeof *ra);
    size_t len;
    int r, ok = 0;

    peer_name(fd, peer, sizeof peer);
    ra_init(ra, fd);
    while (ok >= 0 && (r = ra_readline(ra, line, MAXLINE, &len)) == 1) {
        line[--len] = '\0';                 /* the '\n' */
        if (len > 0 && line[len - 1] == '\r')
            line[--len] = '\0';
        if (strcmp(line, "LIST") == 0)
            ok = do_list(fd, peer);
        else if (strncmp(line, "GET ", 4) == 0)
            ok = do_get(fd, peer, line + 4);
        else {
            request_log_bad(peer, line, len, NULL);
            reply(fd, "ERR bad request\n");
            break;
        }
    }
    if (r < 0 && (errno == EMSGSIZE || errno == EPROTO)) {
        request_log_bad(peer, line, len, errno == EMSGSIZE ? "(no newline within 4096 bytes)" : "(EOF before newline)");
        reply(fd, "ERR bad request\n");
    }
    free(ra);
}

static int parse_args(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"port", required_argument, NULL, 'P'},
        {"dir",  required_argument, NULL, 'd'},
        {"help", no_argument,       NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    int c, port = DEFAULT_PORT;

    set_progname(argv[0]);
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":P:d:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'P': port = (int)parse_long_opt("-P", optarg, 1, 65535); break;
        case 'd':
            if (*optarg == '\0')
                err_usage("bad -d value '': expected a directory");
            dir_served = optarg;
            break;
        case 'h':
            printf("Usage: %s [-P port] [-d dir]\n"
                   "Concurrent file server: LIST the regular files of dir, GET one with its SHA-256.\n"
                   "  -P, --port PORT      TCP port to listen on (default %d)\n"
                   "  -d, --dir DIR        directory to serve (default: the current one)\n"
                   "  -h, --help           show this help\n", progname, DEFAULT_PORT);
            exit(0);
        default: err_getopt(c, argv);
        }
    }
    err_operands(argc, argv);
    return port;
}

int main(int argc, char **argv)
{
    int port = parse_args(argc, argv);
    if ((dirfd_served = open(dir_served, O_RDONLY | O_DIRECTORY)) < 0)
        err_sys("open directory %s", dir_served);
    server_ignore_sigpipe();
    int listenfd = server_listen(port);
    err_msg("listening on port %d (files of %s, one child per connection)", port, dir_served);
    pr_total_count(fork_per_connection(listenfd, serve_files));
    return 0;
}
