/*
 * metrics.c — the application's /metrics series. See metrics.h.
 *
 * The cache is the rendered text of the costly families, rebuilt under a mutex when it is older
 * than the interval. A scrape that finds it fresh copies it; one that finds it stale rebuilds it
 * first (other scrapes wait on the mutex: a few a minute, so nobody waits long).
 */
#include "app/metrics.h"

#include "app/app_priv.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/json.h"
#include "base/metrics.h"
#include "base/xalloc.h"
#include "rules/vocab.h"
#include "store/application.h"
#include "store/audit.h"
#include "store/batch.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Imports kept per source to find each source's last run: the newest this many imports. */
#define METRICS__IMPORTS 200

struct app_metrics {
    struct app *a;
    int64_t interval_ns;
    pthread_mutex_t mu;
    bool has_cache;
    int64_t computed_ns; /* monotonic */
    int64_t computed_at; /* Unix seconds, for the timestamp gauge */
    struct buf cache;
};

struct app_metrics *app_metrics_new(struct app *a, int interval_s)
{
    struct app_metrics *m = xcalloc(1, sizeof *m);
    m->a = a;
    m->interval_ns = (int64_t)(interval_s < 1 ? 1 : interval_s) * 1000000000;
    pthread_mutex_init(&m->mu, NULL);
    return m;
}

void app_metrics_free(struct app_metrics *m)
{
    if (!m)
        return;
    buf_free(&m->cache);
    pthread_mutex_destroy(&m->mu);
    free(m);
}

/* ---- applications by status ------------------------------------------------------------- */

struct metrics__apps {
    struct buf by_status; /* sample lines of ureg_applications */
    int64_t pending, past_deadline;
};

static void metrics__status(const char *status, int64_t n, int64_t past, void *arg)
{
    struct metrics__apps *x = arg;
    struct buf lb = {0};
    metrics_label(&lb, "status", status);
    metrics_sample(&x->by_status, "ureg_applications", buf_cstr(&lb), (double)n);
    buf_free(&lb);
    if (vocab_app_status_is_open(status)) {
        x->pending += n;
        x->past_deadline += past;
    }
}

static int metrics__apps(struct store_conn *c, struct buf *out)
{
    char today[DATE_STRLEN];
    struct metrics__apps x = {0};
    int rc =
        store_app_count_by_status_system(c, date_format(clock_today(), today), metrics__status, &x);
    if (rc == 0) {
        metrics_family(out, "ureg_applications", "gauge", "Applications by status (all regions)");
        buf_append(out, x.by_status.data ? x.by_status.data : "", x.by_status.len);
        metrics_family(out, "ureg_applications_pending", "gauge",
                       "Applications awaiting a decision (submitted, verifying, pending_review)");
        metrics_sample(out, "ureg_applications_pending", NULL, (double)x.pending);
        metrics_family(out, "ureg_applications_past_deadline", "gauge",
                       "Applications awaiting a decision whose deadline is before today");
        metrics_sample(out, "ureg_applications_past_deadline", NULL, (double)x.past_deadline);
    }
    buf_free(&x.by_status);
    return rc;
}

/* ---- batch runs from the audit log ------------------------------------------------------ */

struct metrics__runs {
    struct buf ts, dur, count, complete; /* sample lines of each family */
    const char *batch;
    char seen[METRICS__IMPORTS][32]; /* import sources already written (newest wins) */
    int n_seen;
};

/* The sample lines of one run: its audit entry `r` of batch x->batch (source for imports). */
static int metrics__run(const struct audit_row *r, void *arg)
{
    struct metrics__runs *x = arg;
    json_t *d = json_loads(r->detail ? r->detail : "{}", 0, NULL);
    const char *source = json_string_value(json_object_get(d, "source"));
    if (source) {
        for (int i = 0; i < x->n_seen; i++)
            if (strcmp(x->seen[i], source) == 0)
                goto out; /* an older import of a source already shown */
        if (x->n_seen < METRICS__IMPORTS)
            snprintf(x->seen[x->n_seen++], sizeof x->seen[0], "%s", source);
    }
    struct buf lb = {0};
    metrics_label(&lb, "batch", x->batch);
    if (source)
        metrics_label(&lb, "source", source);
    int64_t at = 0;
    char when[20] = "";
    snprintf(when, sizeof when, "%.19s", r->at ? r->at : "");
    if (clock_parse(when, &at) == 0)
        metrics_sample(&x->ts, "ureg_batch_last_run_timestamp_seconds", buf_cstr(&lb), (double)at);
    const char *key;
    json_t *v;
    json_object_foreach(d, key, v)
    {
        if (strcmp(key, "duration_ms") == 0 && json_is_integer(v)) {
            metrics_sample(&x->dur, "ureg_batch_last_run_duration_seconds", buf_cstr(&lb),
                           (double)json_integer_value(v) / 1000.0);
        } else if (strcmp(key, "complete") == 0 && json_is_boolean(v)) {
            metrics_sample(&x->complete, "ureg_batch_last_run_complete", buf_cstr(&lb),
                           json_is_true(v) ? 1 : 0);
        } else if (json_is_integer(v)) {
            struct buf cl = {0};
            buf_append(&cl, lb.data, lb.len);
            metrics_label(&cl, "count", key);
            metrics_sample(&x->count, "ureg_batch_last_run_count", buf_cstr(&cl),
                           (double)json_integer_value(v));
            buf_free(&cl);
        }
    }
    buf_free(&lb);
out:
    json_decref(d);
    return 0;
}

static void metrics__family_lines(struct buf *out, const char *name, const char *type,
                                  const char *help, const struct buf *lines)
{
    if (!lines->len)
        return;
    metrics_family(out, name, type, help);
    buf_append(out, lines->data, lines->len);
}

static int metrics__runs(struct store_conn *c, struct buf *out)
{
    static const struct {
        const char *batch, *object_type;
        int limit;
    } kinds[] = {
        {"import", "ref_import", METRICS__IMPORTS}, {"compare", "compare", 1}, {"gen", "gen", 1}};
    struct metrics__runs *x = xcalloc(1, sizeof *x);
    int rc = 0;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds && rc >= 0; i++) {
        x->batch = kinds[i].batch;
        rc = store_audit_latest_of_type(c, kinds[i].object_type, kinds[i].limit, metrics__run, x);
    }
    if (rc >= 0) {
        rc = 0;
        metrics__family_lines(out, "ureg_batch_last_run_timestamp_seconds", "gauge",
                              "When the last run of a batch (import per source, compare, gen) "
                              "was recorded in the audit log",
                              &x->ts);
        metrics__family_lines(out, "ureg_batch_last_run_duration_seconds", "gauge",
                              "How long the last run of a batch took", &x->dur);
        metrics__family_lines(out, "ureg_batch_last_run_count", "gauge",
                              "The counts the last run of a batch recorded (rows read, loaded, "
                              "rejected; cases checked, passed, failed; people generated)",
                              &x->count);
        metrics__family_lines(out, "ureg_batch_last_run_complete", "gauge",
                              "1 when the last import of a source read its whole file",
                              &x->complete);
    }
    buf_free(&x->ts);
    buf_free(&x->dur);
    buf_free(&x->count);
    buf_free(&x->complete);
    free(x);
    return rc;
}

/* Rebuild m->cache; keeps the old one on failure. Called with m->mu held. */
static int metrics__refresh(struct app_metrics *m)
{
    struct buf b = {0};
    struct store_conn *c = store_acquire(m->a->store);
    int rc = metrics__apps(c, &b);
    if (rc == 0)
        rc = metrics__runs(c, &b);
    store_release(m->a->store, c);
    if (rc < 0) {
        buf_free(&b);
        return rc;
    }
    buf_free(&m->cache);
    m->cache = b;
    m->has_cache = true;
    m->computed_ns = clock_mono_ns();
    m->computed_at = clock_now();
    return 0;
}

int app_metrics_write(struct app_metrics *m, struct buf *out)
{
    store_pool_metrics(m->a->store, out);
    store_batcher_metrics(m->a->batcher, out);
    int rc = 0;
    pthread_mutex_lock(&m->mu);
    if (!m->has_cache || clock_mono_ns() - m->computed_ns >= m->interval_ns)
        rc = metrics__refresh(m);
    if (m->has_cache) {
        buf_append(out, m->cache.data ? m->cache.data : "", m->cache.len);
        metrics_family(out, "ureg_app_counts_computed_timestamp_seconds", "gauge",
                       "When the application counts and batch runs above were computed (they are "
                       "cached for the interval set by --metrics-interval)");
        metrics_sample(out, "ureg_app_counts_computed_timestamp_seconds", NULL,
                       (double)m->computed_at);
    }
    pthread_mutex_unlock(&m->mu);
    return rc;
}
