/*
 * batch.h — group commit: concurrent writers share one transaction and one fsync.
 *
 * An online submission must be durable when its 201 goes out (synchronous=FULL: the commit
 * waits for the disk), but one fsync per submission caps throughput at the disk's flush rate.
 * A batcher runs one writer thread: callers hand it a function, the thread runs every waiting
 * function inside one write transaction (each in its own SAVEPOINT, so one failing function
 * undoes only its own changes), commits once, and only then wakes the callers with their
 * results. Under load a batch holds as many submissions as arrived during the previous commit;
 * alone, a submission pays one commit as before.
 */
#ifndef UREG_STORE_BATCH_H
#define UREG_STORE_BATCH_H

#include "store/db.h"

struct store_batcher;

/* Start the writer thread over `s`; at most `max_batch` functions (below 1 counts as 1) share
 * a transaction. Returns 0 and *out (stop with store_batcher_stop), or -ERR_INTERNAL when the
 * thread cannot be created. */
int store_batcher_start(struct store *s, int max_batch, struct store_batcher **out);

/* Finish the queued work, stop the thread and free. NULL is a no-op. No store_batch_run may be
 * running or start once this is called. */
void store_batcher_stop(struct store_batcher *b);

/*
 * Run fn(conn, arg) in the next shared write transaction and wait until that transaction has
 * committed. Returns fn's result when it and the commit succeeded; fn's negative result (its
 * changes rolled back, the others' kept); the error of its SAVEPOINT (fn not run); or the
 * error of the transaction's begin or commit (every function of the batch gets it, and nothing
 * of the batch is stored). fn must not begin or end transactions. Calling it on a batcher being
 * stopped is a programming error: asserted, and -ERR_INTERNAL in a release build.
 */
int store_batch_run(struct store_batcher *b, int (*fn)(struct store_conn *c, void *arg), void *arg);

/* Batches committed and functions run so far (for logs and benchmarks). */
void store_batcher_stats(struct store_batcher *b, long *batches, long *items);

/*
 * Append the batcher's series to `out` in the Prometheus text format (base/metrics.h):
 * ureg_group_commit_batches_total, _items_total, _failed_total, the histograms
 * ureg_group_commit_batch_size and ureg_group_commit_commit_seconds, and the gauge
 * ureg_group_commit_queue_depth. Takes the batcher's lock briefly; safe while it runs.
 */
struct buf;
void store_batcher_metrics(struct store_batcher *b, struct buf *out);

/* Functions queued and not yet taken by the writer thread (for tests: a snapshot). */
int store_batcher_waiting(struct store_batcher *b);

#endif
