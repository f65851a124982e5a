/*
 * args.c - strict decimal parsing for command-line options.
 */
#include "unp.h"

bool parse_ulong_strict(const char *s, size_t len, unsigned long lo,
                        unsigned long hi, unsigned long *out)
{
    unsigned long v = 0;
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        unsigned long d = (unsigned long)(s[i] - '0');
        /* Check before multiplying: the length of a request line is only
         * bounded by REQ_LINE_MAX (32 digits), far more than fits in a long,
         * and leading zeros ("0000...0001") are still a valid number. */
        if (v > (ULONG_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    if (v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

long parse_long_opt(const char *opt, const char *val, long lo, long hi)
{
    unsigned long v;
    if (lo < 0 || !parse_ulong_strict(val, strlen(val), (unsigned long)lo,
                                      (unsigned long)hi, &v))
        err_usage("bad %s value '%s': expected %ld..%ld", opt, val, lo, hi);
    return (long)v;
}

const char *parse_host_opt(const char *val)
{
    if (*val == '\0')
        err_usage("bad -p value '': expected an address or host name");
    return val;
}
