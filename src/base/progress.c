/*
 * progress.c — progress of long work on stderr. See progress.h.
 */
#include "base/progress.h"

#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double progress_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_begin_on(struct progress *p, FILE *f, bool tty, const char *what, const char *unit,
                       int64_t total)
{
    memset(p, 0, sizeof *p);
    p->f = f;
    p->tty = tty;
    p->what = what;
    p->unit = unit;
    p->total = total < 0 ? 0 : total;
    p->start = progress_clock();
    p->last = p->start;
}

void progress_begin(struct progress *p, const char *what, const char *unit, int64_t total)
{
    progress_begin_on(p, stderr, isatty(STDERR_FILENO) == 1, what, unit, total);
}

/* Append printf output to out[n] at *len, keeping it NUL-terminated when it does not fit. */
static void progress__add(char *out, size_t n, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void progress__add(char *out, size_t n, size_t *len, const char *fmt, ...)
{
    if (*len >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(out + *len, n - *len, fmt, ap);
    va_end(ap);
    if (k > 0)
        *len = *len + (size_t)k < n ? *len + (size_t)k : n - 1;
}

/* A duration in whole seconds as "N s", "M min S s" or "H h M min". */
static void progress__duration(char *out, size_t n, size_t *len, double secs)
{
    long s = secs < 0 ? 0 : (long)(secs + 0.5);
    if (s < 60)
        progress__add(out, n, len, "%ld s", s);
    else if (s < 3600)
        progress__add(out, n, len, "%ld min %ld s", s / 60, s % 60);
    else
        progress__add(out, n, len, "%ld h %ld min", s / 3600, s % 3600 / 60);
}

size_t progress_format(char *out, size_t n, const char *what, const char *phase, const char *unit,
                       int64_t done, int64_t total, double elapsed)
{
    size_t len = 0;
    if (n == 0)
        return 0;
    out[0] = '\0';
    if (what)
        progress__add(out, n, &len, "%s: ", what);
    if (phase)
        progress__add(out, n, &len, "%s ", phase);
    progress__add(out, n, &len, "%lld", (long long)done);
    if (total > 0)
        progress__add(out, n, &len, " / %lld", (long long)total);
    progress__add(out, n, &len, " %s", unit ? unit : "");
    if (total > 0) {
        int64_t pct = done >= total ? 100 : done * 100 / total;
        progress__add(out, n, &len, " (%lld%%)", (long long)pct);
    }
    if (elapsed >= 0.1) {
        double rate = (double)done / elapsed;
        progress__add(out, n, &len, ", %.0f %s/s, ", rate, unit ? unit : "");
        if (elapsed < 10)
            progress__add(out, n, &len, "%.1f s", elapsed);
        else
            progress__duration(out, n, &len, elapsed);
        progress__add(out, n, &len, " elapsed");
        if (total > 0 && done < total && rate > 0) {
            progress__add(out, n, &len, ", ");
            progress__duration(out, n, &len, (double)(total - done) / rate);
            progress__add(out, n, &len, " left");
        }
    }
    return len;
}

/* Write the line for `done` at `now`; `final` ends a terminal line. */
static void progress__write(struct progress *p, int64_t done, double now, bool final)
{
    char line[256];
    progress_format(line, sizeof line, p->what, p->phase, p->unit, done, p->total, now - p->start);
    if (p->tty)
        fprintf(p->f, "\r%s\033[K%s", line, final ? "\n" : "");
    else
        fprintf(p->f, "%s\n", line);
    fflush(p->f);
    p->last = now;
    p->wrote = !final;
}

void progress_update_at(struct progress *p, int64_t done, double now)
{
    if (!p->f)
        return;
    if (now - p->last < (p->tty ? PROGRESS_TTY_INTERVAL : PROGRESS_PLAIN_INTERVAL))
        return;
    if (!p->tty)
        p->plain_wrote = true;
    progress__write(p, done, now, false);
    if (!p->tty)
        p->wrote = false;
}

void progress_update(struct progress *p, int64_t done)
{
    progress_update_at(p, done, progress_clock());
}

void progress_phase(struct progress *p, const char *phase, const char *unit, int64_t total)
{
    if (p->f && p->tty && p->wrote) {
        fputc('\n', p->f);
        p->wrote = false;
    }
    p->phase = phase;
    p->unit = unit;
    p->total = total < 0 ? 0 : total;
    p->start = progress_clock();
    p->last = p->start;
}

void progress_end_at(struct progress *p, int64_t done, double now)
{
    if (!p->f)
        return;
    if (p->tty || p->plain_wrote)
        progress__write(p, done, now, true);
    p->f = NULL;
}

void progress_end(struct progress *p, int64_t done)
{
    progress_end_at(p, done, progress_clock());
}

void progress_abort(struct progress *p)
{
    if (p->f && p->tty && p->wrote)
        fputc('\n', p->f);
    p->f = NULL;
}
