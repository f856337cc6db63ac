/*
 * metrics.c — lock-free histograms and the Prometheus text format. See metrics.h.
 */
#include "base/metrics.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const double metrics_latency_bounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                         0.25,  0.5,    1,     2.5,  5,     10};
const int metrics_latency_n = (int)(sizeof metrics_latency_bounds / sizeof *metrics_latency_bounds);
const double metrics_size_bounds[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
const int metrics_size_n = (int)(sizeof metrics_size_bounds / sizeof *metrics_size_bounds);

void metrics_hist_init(struct metrics_hist *h, const double *bounds, int n)
{
    h->bounds = bounds;
    h->n = n < 0 ? 0 : n > METRICS_MAX_BUCKETS ? METRICS_MAX_BUCKETS : n;
    for (int i = 0; i <= METRICS_MAX_BUCKETS; i++)
        atomic_init(&h->counts[i], 0);
    atomic_init(&h->sum_micro, 0);
}

void metrics_hist_observe(struct metrics_hist *h, double v)
{
    int i = 0;
    while (i < h->n && v > h->bounds[i])
        i++;
    atomic_fetch_add_explicit(&h->counts[i], 1, memory_order_relaxed);
    uint64_t micro = v > 0 ? (uint64_t)llround(v * 1e6) : 0;
    atomic_fetch_add_explicit(&h->sum_micro, micro, memory_order_relaxed);
}

/* Append s with `\` → `\\`, newline → `\n`, and `"` → `\"` when quote is set. */
static void metrics__escape(struct buf *out, const char *s, int quote)
{
    for (; *s; s++) {
        if (*s == '\\')
            buf_append(out, "\\\\", 2);
        else if (*s == '\n')
            buf_append(out, "\\n", 2);
        else if (*s == '"' && quote)
            buf_append(out, "\\\"", 2);
        else
            buf_putc(out, *s);
    }
}

void metrics_family(struct buf *out, const char *name, const char *type, const char *help)
{
    buf_printf(out, "# HELP %s ", name);
    metrics__escape(out, help, 0);
    buf_printf(out, "\n# TYPE %s %s\n", name, type);
}

void metrics_label(struct buf *labels, const char *key, const char *value)
{
    if (labels->len)
        buf_putc(labels, ',');
    buf_printf(labels, "%s=\"", key);
    metrics__escape(labels, value ? value : "", 1);
    buf_putc(labels, '"');
}

static void metrics__value(struct buf *out, double v)
{
    if (isinf(v))
        buf_printf(out, "%s", v > 0 ? "+Inf" : "-Inf");
    else if (isnan(v))
        buf_printf(out, "NaN");
    else if (v == floor(v) && fabs(v) <= 9007199254740992.0)
        buf_printf(out, "%lld", (long long)v);
    else
        buf_printf(out, "%.9g", v);
}

void metrics_sample(struct buf *out, const char *name, const char *labels, double value)
{
    if (labels && *labels)
        buf_printf(out, "%s{%s} ", name, labels);
    else
        buf_printf(out, "%s ", name);
    metrics__value(out, value);
    buf_putc(out, '\n');
}

void metrics_hist_write(struct buf *out, const char *name, const char *labels,
                        const struct metrics_hist *h)
{
    const char *sep = labels && *labels ? "," : "";
    const char *lb = labels ? labels : "";
    uint64_t cum = 0;
    for (int i = 0; i <= h->n; i++) {
        cum += atomic_load_explicit(&h->counts[i], memory_order_relaxed);
        buf_printf(out, "%s_bucket{%s%sle=\"", name, lb, sep);
        if (i < h->n)
            metrics__value(out, h->bounds[i]);
        else
            buf_printf(out, "+Inf");
        buf_printf(out, "\"} %llu\n", (unsigned long long)cum);
    }
    char sname[160];
    snprintf(sname, sizeof sname, "%s_sum", name);
    metrics_sample(out, sname, labels,
                   (double)atomic_load_explicit(&h->sum_micro, memory_order_relaxed) / 1e6);
    /* _count is the +Inf bucket, so the two always agree within one scrape. */
    buf_printf(out, "%s_count%s%s%s %llu\n", name, *lb ? "{" : "", lb, *lb ? "}" : "",
               (unsigned long long)cum);
}
