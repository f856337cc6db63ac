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

/* Start the writer thread over `s`; at most `max_batch` functions share a transaction. */
int store_batcher_start(struct store *s, int max_batch, struct store_batcher **out);

/* Finish the queued work, stop the thread and free. NULL is a no-op. */
void store_batcher_stop(struct store_batcher *b);

/*
 * Run fn(conn, arg) in the next shared write transaction and wait until that transaction has
 * committed. Returns fn's result when it and the commit succeeded; fn's negative result (its
 * changes rolled back, the others' kept); or the commit's error (every function of the batch
 * gets it, and nothing of the batch is stored). fn must not begin or end transactions.
 */
int store_batch_run(struct store_batcher *b, int (*fn)(struct store_conn *c, void *arg), void *arg);

/* Batches committed and functions run so far (for logs and benchmarks). */
void store_batcher_stats(struct store_batcher *b, long *batches, long *items);

/* Functions queued and not yet taken by the writer thread (for tests: a snapshot). */
int store_batcher_waiting(struct store_batcher *b);

#endif
