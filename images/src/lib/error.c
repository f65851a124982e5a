/*
 * error.c - UNP-style error reporting (err_sys, err_quit, err_msg, err_ret).
 * Every message is ONE line: "prog: message[: strerror]".
 */
#include "unp.h"

const char *progname = "socklab";

void set_progname(const char *argv0)
{
    const char *p = argv0 ? strrchr(argv0, '/') : NULL;
    progname = p ? p + 1 : (argv0 && *argv0 ? argv0 : "socklab");
    /* Servers log to stderr, one line per event, never interleaved halfway. */
    setvbuf(stderr, NULL, _IOLBF, 0);
}

static void err_doit(int errnoflag, int err, const char *fmt, va_list ap)
{
    char buf[1024];
    int n = snprintf(buf, sizeof buf, "%s: ", progname);
    if (n < 0)
        n = 0;
    vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap);
    n = (int)strlen(buf);
    if (errnoflag && (size_t)n < sizeof buf - 1)
        snprintf(buf + n, sizeof buf - (size_t)n, ": %s", strerror(err));
    fprintf(stderr, "%s\n", buf);
    fflush(stderr);
}

void err_msg(const char *fmt, ...)
{
    int saved = errno;
    va_list ap;
    va_start(ap, fmt);
    err_doit(0, 0, fmt, ap);
    va_end(ap);
    errno = saved;
}

void err_ret(const char *fmt, ...)
{
    int saved = errno;
    va_list ap;
    va_start(ap, fmt);
    err_doit(1, saved, fmt, ap);
    va_end(ap);
    errno = saved;
}

void err_sys(const char *fmt, ...)
{
    int saved = errno;
    va_list ap;
    va_start(ap, fmt);
    err_doit(1, saved, fmt, ap);
    va_end(ap);
    exit(1);
}

void err_quit(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_doit(0, 0, fmt, ap);
    va_end(ap);
    exit(1);
}

/* Usage error: one clear line that ends with where to look, exit status 2. */
void err_usage(const char *fmt, ...)
{
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    err_msg("%s (see '%s -h')", what, progname);
    exit(2);
}

/* What getopt_long could not take: a missing value (':') or an unknown option. */
void err_getopt(int c, char **argv)
{
    if (c == ':')
        err_usage("option '%s' needs a value", argv[optind - 1]);
    err_usage("unknown option '%s'", argv[optind - 1]);
}

/* Operands left after the options: none of the programs takes any. */
void err_operands(int argc, char **argv)
{
    if (optind < argc)
        err_usage("unexpected argument '%s'", argv[optind]);
}

const char *errno_name(int err)
{
    const char *s = strerrorname_np(err);   /* glibc >= 2.32 */
    static __thread char buf[24];
    if (s)
        return s;
    snprintf(buf, sizeof buf, "ERRNO_%d", err);
    return buf;
}
