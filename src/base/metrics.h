/*
 * metrics.h — counters and histograms for the operator's /metrics page, and the Prometheus text
 * exposition format (version 0.0.4) they are written in.
 *
 * Hot paths (every HTTP request, every group commit) only add to atomics: a counter is one
 * relaxed atomic add, a histogram observation two (its bucket, its sum). Nothing
 * here allocates or locks on the hot path. Writing the page (a scrape, a few times a minute)
 * reads the atomics one by one, so a scrape that races an observation may see its bucket but
 * not yet its sum; _count is written as the +Inf bucket, so those two always agree.
 *
 * The writers append to a struct buf: metrics_family() the "# HELP" and "# TYPE" lines (help
 * text escaped: backslash and newline), metrics_label() one label (value escaped: backslash,
 * double quote, newline), metrics_sample() one "name{labels} value" line, metrics_hist_write()
 * a histogram's cumulative _bucket lines (le="+Inf" last), _sum and _count.
 */
#ifndef UREG_BASE_METRICS_H
#define UREG_BASE_METRICS_H

#include "base/buf.h"

#include <stdatomic.h>
#include <stdint.h>

#define METRICS_MAX_BUCKETS 16

/* A histogram over fixed upper bounds. Zero-initialised storage plus metrics_hist_init. */
struct metrics_hist {
    const double *bounds; /* ascending finite upper bounds, n of them; static storage */
    int n;
    _Atomic uint64_t counts[METRICS_MAX_BUCKETS + 1]; /* per bucket, not cumulative; [n]: +Inf */
    _Atomic uint64_t sum_micro; /* sum of the observations × 1e6 (negative values count as 0) */
};

/* Bounds for latencies in seconds (1 ms .. 10 s) and for sizes (1 .. 512), static storage. */
extern const double metrics_latency_bounds[];
extern const int metrics_latency_n;
extern const double metrics_size_bounds[];
extern const int metrics_size_n;

/* Set the bounds (n ≤ METRICS_MAX_BUCKETS, else clamped) and zero the counts. Not atomic:
 * call before the histogram is shared. */
void metrics_hist_init(struct metrics_hist *h, const double *bounds, int n);

/* Count one observation of v. Lock-free; safe from any thread. */
void metrics_hist_observe(struct metrics_hist *h, double v);

/* "# HELP name help\n# TYPE name type\n"; type is "counter", "gauge" or "histogram". */
void metrics_family(struct buf *out, const char *name, const char *type, const char *help);

/* Append `key="value"` to a label list being built in `labels` (a comma first when it is not
 * empty), the value escaped as the format wants. */
void metrics_label(struct buf *labels, const char *key, const char *value);

/* "name{labels} value\n" ("name value\n" when labels is NULL or empty). Integral values up to
 * 2^53 are written as integers, others with 9 significant digits. */
void metrics_sample(struct buf *out, const char *name, const char *labels, double value);

/* The histogram's name_bucket{labels,le="..."} lines (cumulative, le="+Inf" last, equal to
 * _count), then name_sum and name_count, all with `labels` (NULL or "" for none). */
void metrics_hist_write(struct buf *out, const char *name, const char *labels,
                        const struct metrics_hist *h);

#endif
