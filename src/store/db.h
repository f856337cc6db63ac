/*
 * db.h — the store's seam: connections, queries, transactions, migrations.
 *
 * Above src/store/ only src/app/ uses the store: the pool and its connections (struct store,
 * struct store_conn), transactions, and the aggregate functions of the other store files
 * (store_agency_..., store_user_..., ...). Those files, and only they, write SQL and run it
 * through the small query interface below, which is the seam where a second backend
 * (PostgreSQL, through libpq) plugs in: a backend implements `struct store_backend` (open a
 * connection, prepare, bind, step, read columns, exec) and the aggregates do not change.
 *
 * SQL is written once, for both dialects where they allow: parameters are `$1`, `$2`, ...
 * (SQLite takes them as named parameters; sqlite.c binds $n by position when the SQL introduces
 * $1, $2, ... in order, else by name), ids are returned with
 * `RETURNING id`, timestamps are TEXT in ISO 8601 (UTC+8) or INTEGER Unix seconds.
 *
 * Concurrency: a `struct store` is a pool of connections, one taken per request or command
 * (store_acquire / store_release). SQLite runs in WAL mode with foreign keys on and a busy
 * timeout, so readers never block the writer and writers queue. Prepared statements are cached
 * per connection, keyed by the address of the SQL constant, so the hot paths never re-parse.
 */
#ifndef UREG_STORE_DB_H
#define UREG_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;
struct store_conn;
struct store_q;

/*
 * Open the database named by `url`: a file path (SQLite; created if absent) or a
 * "postgresql://..." / "postgres://..." URL (PostgreSQL). `pool` is the number of connections
 * kept (below 1 counts as 1). Does not migrate: call store_migrate(). Returns 0 and *out (free
 * with store_close; NULL is a no-op), or with a message on stderr -ERR_USAGE when no backend
 * built in accepts `url`, or the backend's connect error (SQLite: -ERR_IO when the file cannot
 * be opened or is not a usable database; PostgreSQL: -ERR_DB_OPEN, one line saying why: a bad
 * URL, a refused connection, a missing database, a collation that is not bytewise).
 */
int store_open(const char *url, int pool, struct store **out);
void store_close(struct store *s);

/*
 * Take a connection from the pool (waits while all are taken); give it back when done, with
 * every query closed (asserted). Releasing a connection still in a transaction rolls the
 * transaction back and logs a warning.
 */
struct store_conn *store_acquire(struct store *s);
void store_release(struct store *s, struct store_conn *c);

/* Append the pool's series (ureg_db_pool_size, _in_use, _acquired_total, _waits_total) to
 * `out` in the Prometheus text format; takes the pool's lock briefly. */
struct buf;
void store_pool_metrics(struct store *s, struct buf *out);

/*
 * Apply every embedded migration (src/store/migrations/NNN_name.sql) not yet applied, each in
 * its own transaction, recording it in schema_migrations. Idempotent. Writes one line per
 * migration applied to the log. Returns the number applied (≥ 0) or a negative -ERR_*.
 */
int store_migrate(struct store *s);

/* Schema version (highest applied migration), or a negative -ERR_* . */
int store_schema_version(struct store_conn *c);

/* The highest migration version this binary embeds for the store's backend. */
int store_schema_latest(const struct store *s);

/*
 * Transactions, one at a time on a connection. `write` takes the write lock at begin (SQLite
 * BEGIN IMMEDIATE) so a transaction that will write never fails half-way on a lock. A nested
 * begin is a programming error: asserted, and -ERR_INTERNAL in a release build. Commit outside a
 * transaction is asserted too; a commit that fails rolls back and returns its error. Rollback
 * outside a transaction does nothing.
 */
int store_tx_begin(struct store_conn *c, bool write);
int store_tx_commit(struct store_conn *c);
/* A read-only transaction that sees one snapshot from its first read to its end (SQLite: any
 * read transaction in WAL mode; PostgreSQL: REPEATABLE READ), for whole-database copies. End it
 * with store_tx_commit or store_tx_rollback. */
int store_tx_begin_snapshot(struct store_conn *c);
void store_tx_rollback(struct store_conn *c);
/* Before (on) and after (off) one long scan on this connection, such as the monthly report's
 * reads: SQLite reads it through a small page cache (the 64 MiB one is sized back after); a
 * no-op on PostgreSQL. */
int store_scan_mode(struct store_conn *c, bool on);

/*
 * End the transaction on the outcome of the work done in it: `rc` ≥ 0 commits and returns rc
 * (or the commit's error), a negative rc rolls back and returns rc. Every use case closes its
 * write transaction with `rc = store_tx_end(c, rc);`.
 */
int store_tx_end(struct store_conn *c, int rc);

/* True while `c` is inside a transaction (begun by store_tx_begin or _snapshot). */
bool store_tx_active(const struct store_conn *c);

/*
 * Queries. `sql` must be a string constant (the statement cache keys on its address) written
 * with $1..$n parameters. Usage:
 *     struct store_q *q = store_q_open(c, SQL_X);
 *     store_q_text(q, 1, name); store_q_int(q, 2, id);
 *     while ((rc = store_q_step(q)) == 1) { ... store_q_col_text(q, 0) ... }
 *     store_q_close(q);
 * store_q_step returns 1 for a row, 0 when done, or -ERR_CONFLICT (a UNIQUE, foreign-key or
 * check constraint failed), -ERR_DB_UNAVAILABLE (PostgreSQL: the connection was lost; the
 * transaction, if any, is gone and must be rolled back) or -ERR_INTERNAL. Column values are valid
 * until the next step or close. At most 16 queries are open at once on a connection (more is a
 * programming error: the process aborts). The same SQL may be open twice (a query run while
 * iterating over itself): the inner one is prepared afresh instead of from the cache.
 * store_q_close(NULL) is a no-op.
 */
struct store_q *store_q_open(struct store_conn *c, const char *sql);
void store_q_text(struct store_q *q, int idx, const char *v); /* NULL binds SQL NULL */
void store_q_textn(struct store_q *q, int idx, const char *v, size_t n);
void store_q_int(struct store_q *q, int idx, int64_t v);
void store_q_null(struct store_q *q, int idx);
int store_q_step(struct store_q *q);
const char *store_q_col_text(struct store_q *q, int col); /* NULL for SQL NULL */
int64_t store_q_col_int(struct store_q *q, int col);
bool store_q_col_null(struct store_q *q, int col);
void store_q_close(struct store_q *q);

/* For INSERT/UPDATE/DELETE after binding: step q to the end (ignoring any rows) and close it.
 * Returns the number of rows the statement changed (≥ 0), or store_q_step's negative error. */
int store_q_done(struct store_q *q);

/* store_q_done for a write whose count nobody reads, inside a transaction: the backend may send
 * it without waiting (PostgreSQL's pipeline mode), and its failure then comes back from the next
 * statement or the COMMIT, which fails (the transaction is rolled back; nothing of it commits).
 * Returns 0 or a negative error. */
int store_q_later(struct store_q *q);

/* For audit.c only: the place (store__audit_last_seq) and hash (store__audit_last_get: true, the
 * STORE_AUDIT_HASH bytes copied to hash, when `seq` is that place) of the audit entry this
 * transaction appended last, so that the next entry of the same transaction need not read them
 * back; forgotten at every transaction's start and end. */
#define STORE_AUDIT_HASH 32
void store__audit_last_set(struct store_conn *c, int64_t seq, const unsigned char *hash);
bool store__audit_last_get(const struct store_conn *c, int64_t seq, unsigned char *hash);
int64_t store__audit_last_seq(const struct store_conn *c); /* 0: none in this transaction */
/* For batch.c: after a ROLLBACK TO a savepoint the entry remembered may be undone: forget it. */
void store__audit_last_forget(struct store_conn *c);

/*
 * Step q once and close it: a row puts its first column in *out (unless out is NULL) and
 * gives 0; no row gives `absent` (e.g. -ERR_NOT_FOUND, or -ERR_INTERNAL after an INSERT ...
 * RETURNING that must return a row); a failure gives its error. For single-value queries and
 * inserts that return the new id.
 */
int store_q_one_int(struct store_q *q, int64_t *out, int absent);

/* Run SQL text with no parameters, several statements allowed (migrations only). Returns 0
 * or -ERR_INTERNAL (logged). */
int store_exec_script(struct store_conn *c, const char *sql);

/* The backend's name ("sqlite" or "postgresql"). Static text. */
const char *store_backend_name(const struct store *s);

/* The connection's SQL dialect ("sqlite", "pg"), for the few reads whose best order differs. */
const char *store_conn_dialect(const struct store_conn *c);

/* ids[0..n) as one text parameter $1, in b: a JSON array for SQLite, an array literal for
 * PostgreSQL, tested in SQL by STORE_IDS_IN_SQLITE(col) and STORE_IDS_IN_PG(col). */
#define STORE_IDS_IN_SQLITE(col) " " col " IN (SELECT value FROM json_each($1))"
#define STORE_IDS_IN_PG(col) " " col " = ANY (CAST($1 AS BIGINT[]))"
const char *store_ids_param(const struct store_conn *c, const int64_t *ids, size_t n,
                            struct buf *b);

#endif
