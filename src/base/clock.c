/*
 * clock.c — the only source of "now". See clock.h.
 */
#include "base/clock.h"

#include "base/date.h"
#include "base/err.h"
#include "base/log.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CLOCK_CST_OFFSET (8 * 3600)

static atomic_bool clock__fixed;
static _Atomic int64_t clock__value;

int64_t clock_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t clock_now(void)
{
    if (atomic_load(&clock__fixed))
        return atomic_load(&clock__value);
    return (int64_t)time(NULL);
}

int32_t clock_date_of(int64_t t)
{
    int64_t local = t + CLOCK_CST_OFFSET;
    int64_t day = local / 86400 - (local % 86400 < 0);
    return (int32_t)day;
}

int32_t clock_today(void)
{
    return clock_date_of(clock_now());
}

void clock_set(int64_t unix_seconds)
{
    atomic_store(&clock__value, unix_seconds);
    atomic_store(&clock__fixed, true);
}

void clock_clear(void)
{
    atomic_store(&clock__fixed, false);
}

bool clock_is_fixed(void)
{
    return atomic_load(&clock__fixed);
}

int clock_parse(const char *s, int64_t *out)
{
    size_t n = s ? strlen(s) : 0;
    int32_t day;
    if (n != 10 && n != 19)
        return -ERR_DATE_INVALID;
    if (date_parse(s, 10, &day) < 0)
        return -ERR_DATE_INVALID;
    int hh = 0, mm = 0, ss = 0;
    if (n == 19) {
        if (s[10] != 'T' || s[13] != ':' || s[16] != ':')
            return -ERR_DATE_INVALID;
        for (int i = 11; i < 19; i++)
            if (i != 13 && i != 16 && (s[i] < '0' || s[i] > '9'))
                return -ERR_DATE_INVALID;
        hh = (s[11] - '0') * 10 + (s[12] - '0');
        mm = (s[14] - '0') * 10 + (s[15] - '0');
        ss = (s[17] - '0') * 10 + (s[18] - '0');
        if (hh > 23 || mm > 59 || ss > 59)
            return -ERR_DATE_INVALID;
    }
    *out = (int64_t)day * 86400 + hh * 3600 + mm * 60 + ss - CLOCK_CST_OFFSET;
    return 0;
}

int clock_init_from_env(bool dev_mode)
{
    const char *v = getenv("UREG_NOW");
    if (!v || !*v)
        return 0;
    if (!dev_mode) {
        log_warn("clock", "event=ureg_now_ignored reason=not_dev_mode");
        fprintf(stderr, "ureg: warning: UREG_NOW is ignored without --dev\n");
        return 1;
    }
    int64_t t;
    int rc = clock_parse(v, &t);
    if (rc < 0)
        return rc;
    clock_set(t);
    return 0;
}

char *clock_format(int64_t t, char buf[CLOCK_STRLEN])
{
    int64_t local = t + CLOCK_CST_OFFSET;
    int32_t day = clock_date_of(t);
    int64_t sec = local - (int64_t)day * 86400;
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    snprintf(buf, CLOCK_STRLEN, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", y % 10000, m, d,
             (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
    return buf;
}
