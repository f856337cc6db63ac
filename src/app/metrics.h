/*
 * metrics.h — the application's series for the operator's /metrics page: the store's pool,
 * the group-commit writer, the applications waiting and past their deadline, and the last run
 * of each batch (import, compare, gen) as the audit log records it.
 *
 * The pool and group-commit series are read from counters at every scrape (cheap). The
 * application counts walk an index of the whole table and the batch runs read the audit log,
 * so those two are computed at most once per `interval_s` seconds and served from a cache in
 * between (ureg_app_counts_computed_timestamp_seconds says when). Batches run as separate
 * processes (`ureg import` while the server runs), so the audit log is the one record of them
 * that the server can read; their durations are the duration_ms the batches write into their
 * audit entries.
 *
 * Later issues add their series here: overdue follow-ups (follow-up and exits), the exchange
 * backlog (the national hub).
 */
#ifndef UREG_APP_METRICS_H
#define UREG_APP_METRICS_H

#include "base/buf.h"

struct app;
struct app_metrics;

/* A metrics source over `a` (which must outlive it), recomputing the costly counts at most every
 * interval_s seconds (below 1 counts as 1). Free with app_metrics_free (NULL is a no-op). */
struct app_metrics *app_metrics_new(struct app *a, int interval_s);
void app_metrics_free(struct app_metrics *m);

/*
 * Append the application's series to `out` in the Prometheus text format. Thread-safe (one
 * scrape recomputes while others wait for it). Returns 0, or the store's error when the counts
 * could not be computed (the pool and group-commit series are written all the same, the cached
 * counts too when there are any).
 */
int app_metrics_write(struct app_metrics *m, struct buf *out);

#endif
