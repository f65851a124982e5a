/*
 * pattern.c - the deterministic response pattern shared by servers and
 * client_test: byte i of every response is (unsigned char)(i % 251).
 * 251 is prime, so a lost, duplicated or reordered block shows up.
 */
#include "unp.h"

/* 262 periods: any offset can be served as a contiguous run of
 * PATTERN_RUN bytes starting inside the first period. */
#define PATTERN_PERIODS 262u
#define PATTERN_RUN     ((PATTERN_PERIODS - 1) * PATTERN_MOD)   /* 65511 */

static unsigned char pattern_buf[PATTERN_PERIODS * PATTERN_MOD];
static pthread_once_t pattern_once = PTHREAD_ONCE_INIT;

static void pattern_init(void)
{
    for (size_t i = 0; i < sizeof pattern_buf; i++)
        pattern_buf[i] = (unsigned char)(i % PATTERN_MOD);
}

void pattern_fill(unsigned char *buf, size_t len, uint64_t offset)
{
    unsigned v = (unsigned)(offset % PATTERN_MOD);
    for (size_t i = 0; i < len; i++) {
        buf[i] = (unsigned char)v;
        if (++v == PATTERN_MOD)
            v = 0;
    }
}

long pattern_check(const unsigned char *buf, size_t len, uint64_t offset)
{
    const unsigned char *p;
    size_t done = 0;
    while (done < len) {
        size_t run = len - done;
        p = pattern_chunk(offset + done, &run);
        if (memcmp(buf + done, p, run) != 0) {
            for (size_t k = 0; k < run; k++)
                if (buf[done + k] != p[k])
                    return (long)(done + k);
        }
        done += run;
    }
    return -1;
}

void pattern_prepare(void)
{
    pthread_once(&pattern_once, pattern_init);
}

const unsigned char *pattern_chunk(uint64_t offset, size_t *len)
{
    pattern_prepare();
    if (*len > PATTERN_RUN)
        *len = PATTERN_RUN;
    return pattern_buf + offset % PATTERN_MOD;
}
