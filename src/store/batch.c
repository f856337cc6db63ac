/*
 * batch.c — group commit. See batch.h.
 *
 * The queue is a singly linked list of items living on the callers' stacks (a caller blocks
 * until its item is done, so the item outlives its use). One mutex guards the queue; the writer
 * waits on `work`, callers on `done`.
 */
#include "store/batch.h"

#include "base/check.h"
#include "base/err.h"
#include "base/log.h"
#include "base/metrics.h"
#include "base/xalloc.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

struct batch__item {
    int (*fn)(struct store_conn *c, void *arg);
    void *arg;
    int rc;
    bool done;
    struct batch__item *next;
};

struct store_batcher {
    struct store *s;
    int max_batch;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    struct batch__item *head, *tail;
    bool stopping;
    long n_batches, n_items;
    /* For /metrics: written by the writer thread only, read by scrapes (atomics). */
    struct metrics_hist size_hist;   /* functions per batch */
    struct metrics_hist commit_hist; /* seconds the COMMIT took (the shared fsync) */
    _Atomic uint64_t n_failed;       /* batches whose begin or commit failed */
};

static const char SQL_SAVEPOINT[] = "SAVEPOINT batch_item";
static const char SQL_ROLLBACK_TO[] = "ROLLBACK TO batch_item";
static const char SQL_RELEASE[] = "RELEASE batch_item";

/* Run one of the savepoint statements (prepared once per connection, like every query). */
static int batch__exec(struct store_conn *c, const char *sql)
{
    int rc = store_q_done(store_q_open(c, sql));
    return rc < 0 ? rc : 0;
}

/*
 * Whether an item's error is the store's, not the item's: a full disk, a lock, a read-only or
 * lost database, a failed statement. After one of these the transaction cannot be trusted
 * (SQLite may have rolled it back already, and a SAVEPOINT would then open a new one that the
 * next RELEASE commits on its own), so the batch stops: every item gets the error, none is kept.
 */
static bool batch__store_fault(int rc)
{
    return rc == -ERR_DB_FULL || rc == -ERR_DB_BUSY || rc == -ERR_DB_READONLY ||
           rc == -ERR_DB_UNAVAILABLE || rc == -ERR_INTERNAL;
}

/* Run one batch: items first..(n) already detached from the queue. */
static int64_t batch__ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void batch__run(struct store_batcher *b, struct batch__item *first, int n)
{
    UREG_ASSERT(n >= 1 && n <= b->max_batch);
    int64_t t0 = batch__ns();
    struct store_conn *c = store_acquire(b->s);
    int rc = store_tx_begin(c, true);
    struct batch__item *it = first;
    for (int i = 0; i < n; i++, it = it->next) {
        UREG_ASSERT(it != NULL && !it->done);
        if (rc < 0) {
            it->rc = rc;
            continue;
        }
        int sp = batch__exec(c, SQL_SAVEPOINT);
        it->rc = sp < 0 ? sp : it->fn(c, it->arg);
        bool fault = batch__store_fault(it->rc);
        if (!fault) {
            if (it->rc < 0) {
                batch__exec(c, SQL_ROLLBACK_TO);
                store__audit_last_forget(c); /* its audit entry, if any, is undone */
            }
            /* A write the item deferred (PostgreSQL's pipeline) fails here at the latest, and
             * the transaction is lost then, whatever the error. */
            int rel = batch__exec(c, SQL_RELEASE);
            if (rel < 0) {
                it->rc = rel;
                fault = true;
            }
        }
        if (fault) {
            rc = it->rc;
            log_error("store", "event=batch_store_fault items=%d code=%s", n, err_info(rc)->code);
            store_tx_rollback(c);
        }
    }
    if (rc < 0) {
        /* Nothing of a batch that met a store fault is kept: the items before it fail too. */
        it = first;
        for (int i = 0; i < n; i++, it = it->next)
            if (it->rc >= 0)
                it->rc = rc;
    } else {
        int64_t tc = batch__ns();
        rc = store_tx_commit(c);
        metrics_hist_observe(&b->commit_hist, (double)(batch__ns() - tc) / 1e9);
        if (rc < 0) {
            log_error("store", "event=batch_commit_failed items=%d", n);
            it = first;
            for (int i = 0; i < n; i++, it = it->next)
                if (it->rc >= 0)
                    it->rc = rc;
        }
    }
    store_release(b->s, c);
    metrics_hist_observe(&b->size_hist, n);
    if (rc < 0)
        atomic_fetch_add_explicit(&b->n_failed, 1, memory_order_relaxed);
    log_debug("store", "event=batch items=%d ms=%lld", n,
              (long long)((batch__ns() - t0) / 1000000));
}

static void *batch__main(void *arg)
{
    struct store_batcher *b = arg;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        while (!b->head && !b->stopping)
            pthread_cond_wait(&b->work, &b->mu);
        if (!b->head)
            break;
        struct batch__item *first = b->head, *last = first;
        int n = 1;
        while (last->next && n < b->max_batch) {
            last = last->next;
            n++;
        }
        b->head = last->next;
        if (!b->head)
            b->tail = NULL;
        pthread_mutex_unlock(&b->mu);

        batch__run(b, first, n);

        pthread_mutex_lock(&b->mu);
        struct batch__item *it = first;
        for (int i = 0; i < n; i++) {
            struct batch__item *next = it->next;
            UREG_ASSERT(!it->done); /* an item is completed once */
            it->done = true;        /* the caller may free `it` as soon as it sees this */
            it = next;
        }
        b->n_batches++;
        b->n_items += n;
        pthread_cond_broadcast(&b->done);
    }
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

int store_batcher_start(struct store *s, int max_batch, struct store_batcher **out)
{
    struct store_batcher *b = xcalloc(1, sizeof *b);
    b->s = s;
    b->max_batch = max_batch < 1 ? 1 : max_batch;
    metrics_hist_init(&b->size_hist, metrics_size_bounds, metrics_size_n);
    metrics_hist_init(&b->commit_hist, metrics_latency_bounds, metrics_latency_n);
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->work, NULL);
    pthread_cond_init(&b->done, NULL);
    if (pthread_create(&b->thread, NULL, batch__main, b) != 0) {
        free(b);
        return -ERR_INTERNAL;
    }
    *out = b;
    return 0;
}

void store_batcher_stop(struct store_batcher *b)
{
    if (!b)
        return;
    pthread_mutex_lock(&b->mu);
    b->stopping = true;
    pthread_cond_signal(&b->work);
    pthread_mutex_unlock(&b->mu);
    pthread_join(b->thread, NULL);
    UREG_ASSERT(!b->head && !b->tail); /* the writer drains the queue before it stops */
    pthread_mutex_destroy(&b->mu);
    pthread_cond_destroy(&b->work);
    pthread_cond_destroy(&b->done);
    free(b);
}

int store_batch_run(struct store_batcher *b, int (*fn)(struct store_conn *c, void *arg), void *arg)
{
    struct batch__item it = {.fn = fn, .arg = arg};
    pthread_mutex_lock(&b->mu);
    UREG_ASSERT(!b->stopping); /* a use case runs on a batcher being stopped */
    if (b->stopping) {
        pthread_mutex_unlock(&b->mu);
        return -ERR_INTERNAL;
    }
    /* The queue points at this stack frame only until the writer marks the item done, and we
     * do not return before that. */
    if (b->tail)
        b->tail->next = &it; // cppcheck-suppress autoVariables
    else
        b->head = &it; // cppcheck-suppress autoVariables
    b->tail = &it;     // cppcheck-suppress autoVariables
    pthread_cond_signal(&b->work);
    while (!it.done)
        pthread_cond_wait(&b->done, &b->mu);
    pthread_mutex_unlock(&b->mu);
    return it.rc;
}

void store_batcher_stats(struct store_batcher *b, long *batches, long *items)
{
    pthread_mutex_lock(&b->mu);
    *batches = b->n_batches;
    *items = b->n_items;
    pthread_mutex_unlock(&b->mu);
}

int store_batcher_waiting(struct store_batcher *b)
{
    int n = 0;
    pthread_mutex_lock(&b->mu);
    for (const struct batch__item *it = b->head; it; it = it->next)
        n++;
    pthread_mutex_unlock(&b->mu);
    return n;
}

void store_batcher_metrics(struct store_batcher *b, struct buf *out)
{
    long batches, items;
    store_batcher_stats(b, &batches, &items);
    metrics_family(out, "ureg_group_commit_batches_total", "counter",
                   "Group-commit transactions run (store/batch.c)");
    metrics_sample(out, "ureg_group_commit_batches_total", NULL, (double)batches);
    metrics_family(out, "ureg_group_commit_items_total", "counter",
                   "Writes (submissions) run inside group-commit transactions");
    metrics_sample(out, "ureg_group_commit_items_total", NULL, (double)items);
    metrics_family(
        out, "ureg_group_commit_failed_total", "counter",
        "Group-commit transactions whose begin or commit failed (nothing of them stored)");
    metrics_sample(out, "ureg_group_commit_failed_total", NULL,
                   (double)atomic_load_explicit(&b->n_failed, memory_order_relaxed));
    metrics_family(out, "ureg_group_commit_batch_size", "histogram",
                   "Writes sharing one group-commit transaction");
    metrics_hist_write(out, "ureg_group_commit_batch_size", NULL, &b->size_hist);
    metrics_family(out, "ureg_group_commit_commit_seconds", "histogram",
                   "Time of a group commit's COMMIT (the shared fsync)");
    metrics_hist_write(out, "ureg_group_commit_commit_seconds", NULL, &b->commit_hist);
    metrics_family(out, "ureg_group_commit_queue_depth", "gauge",
                   "Writes waiting for the group-commit writer");
    metrics_sample(out, "ureg_group_commit_queue_depth", NULL, store_batcher_waiting(b));
}
