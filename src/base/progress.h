/*
 * progress.h — one way for long work (import, compare, gen; later migrate, key rotate, followup
 * run, report) to show how far it is, on stderr.
 *
 * On a terminal (isatty(stderr)) one line is rewritten in place ('\r', then clear to the end of
 * the line) at most five times a second: what is being done, done / total, the percentage, the
 * rate and the time left; the last update ends the line. When stderr is not a terminal (a log
 * file, a pipe, a test), a plain line is written every PROGRESS_PLAIN_INTERVAL seconds, and a
 * final one only if an interval line was written: short runs write nothing there, so their
 * stdout counts stay the whole output. Elapsed time is the monotonic clock's, not base/clock's:
 * it times the display, it is not "now" (a fixed development clock must not freeze it).
 *
 * The text of a line is progress_format(), a pure function of the counts and the elapsed time,
 * unit-tested. A struct progress is used by one thread; it allocates nothing.
 */
#ifndef UREG_BASE_PROGRESS_H
#define UREG_BASE_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PROGRESS_TTY_INTERVAL 0.2    /* seconds between rewrites of the terminal line */
#define PROGRESS_PLAIN_INTERVAL 10.0 /* seconds between plain lines when not a terminal */

struct progress {
    FILE *f;           /* where lines go (stderr) */
    bool tty;          /* rewrite one line in place */
    const char *what;  /* the command, e.g. "ureg import" */
    const char *phase; /* e.g. "reading", "storing"; NULL: none */
    const char *unit;  /* what is counted, e.g. "rows", "people" */
    int64_t total;     /* 0: unknown (no percentage, no time left) */
    double start;      /* monotonic seconds at progress_begin / the phase's start */
    double last;       /* when the last line was written */
    bool wrote;        /* a line of this phase has been written (and not ended) */
    bool plain_wrote;  /* a plain interval line has been written */
};

/* Seconds on the monotonic clock. */
double progress_clock(void);

/*
 * Start showing progress of `what` (static string, e.g. "ureg gen") counting `unit` (static,
 * e.g. "people") out of `total` (0: unknown), on stderr, as a terminal line when stderr is a
 * terminal. Nothing is written yet.
 */
void progress_begin(struct progress *p, const char *what, const char *unit, int64_t total);

/* The same on stream `f`, a terminal or not as `tty` says (tests). */
void progress_begin_on(struct progress *p, FILE *f, bool tty, const char *what, const char *unit,
                       int64_t total);

/*
 * Start a new phase (static string, e.g. "storing") with its own unit and total: the rate and
 * time left restart from now. A terminal line of the previous phase is ended first.
 */
void progress_phase(struct progress *p, const char *phase, const char *unit, int64_t total);

/* Report `done` units so far; writes a line when its interval has passed. */
void progress_update(struct progress *p, int64_t done);

/* The same at monotonic time `now` (tests). */
void progress_update_at(struct progress *p, int64_t done, double now);

/* The work is over with `done` units: the last terminal line, or the final plain line when an
 * interval line was written. */
void progress_end(struct progress *p, int64_t done);

/* The work stopped early (an error): end a terminal line already written, write no counts.
 * Nothing more is written after progress_end or progress_abort. */
void progress_abort(struct progress *p);

/* progress_end at monotonic time `now` (tests). */
void progress_end_at(struct progress *p, int64_t done, double now);

/*
 * Write the text of one line (no '\r', no newline) into out[n], always NUL-terminated; returns
 * strlen(out). `what` and `phase` may be NULL; total 0 means unknown. Example:
 * "ureg import: storing 250000 / 1000000 rows (25%), 50000 rows/s, 5.0 s elapsed, 15 s left".
 * The rate is done / elapsed (left out while elapsed is under 0.1 s), the time left is
 * (total - done) / rate, written as "N s", "M min S s" or "H h M min".
 */
size_t progress_format(char *out, size_t n, const char *what, const char *phase, const char *unit,
                       int64_t done, int64_t total, double elapsed);

#endif
