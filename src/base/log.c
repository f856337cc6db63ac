/*
 * log.c — one line per event. See log.h.
 */
#include "base/log.h"

#include "base/buf.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static atomic_int log__level = -1; /* -1: not yet read from UREG_LOG */
static FILE *_Atomic log__stream;

static const char *const log__names[] = {"DEBUG", "INFO", "WARN", "ERROR", "OFF"};

int log_level_parse(const char *s)
{
    static const char *const lower[] = {"debug", "info", "warn", "error", "off"};
    for (int i = 0; s && i <= LOG_OFF; i++)
        if (strcmp(s, lower[i]) == 0)
            return i;
    return -1;
}

enum log_level log_get_level(void)
{
    int lvl = atomic_load(&log__level);
    if (lvl < 0) {
        lvl = log_level_parse(getenv("UREG_LOG"));
        if (lvl < 0)
            lvl = LOG_INFO;
        atomic_store(&log__level, lvl);
    }
    return (enum log_level)lvl;
}

void log_set_level(enum log_level lvl)
{
    atomic_store(&log__level, (int)lvl);
}

void log_set_stream(FILE *f)
{
    atomic_store(&log__stream, f);
}

void log_write(enum log_level lvl, const char *module, const char *fmt, ...)
{
    if (lvl < log_get_level() || lvl >= LOG_OFF)
        return;
    /* Wall-clock time on purpose: log lines tell operators when, even under a dev clock. */
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);

    struct buf line = {0};
    buf_printf(&line, "%s %s %s ", when, log__names[lvl], module);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&line, fmt, ap);
    va_end(ap);
    /* One event, one line: a newline inside a message would forge a second event. */
    for (size_t i = 0; i < line.len; i++)
        if (line.data[i] == '\n' || line.data[i] == '\r')
            line.data[i] = ' ';
    buf_putc(&line, '\n');
    FILE *f = atomic_load(&log__stream);
    fputs(line.data, f ? f : stderr);
    buf_free(&line);
}
