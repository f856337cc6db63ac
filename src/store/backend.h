/*
 * backend.h — what a database backend implements (private to src/store/).
 *
 * db.c owns the pool, transactions, migrations and the store_q_* interface; it talks to the
 * engine only through this table: sqlite.c (a file path) and pg.c (libpq, postgresql:// and
 * postgres:// URLs), chosen by `accepts` in store_open(). Statements are opaque `void *`.
 */
#ifndef UREG_STORE_BACKEND_H
#define UREG_STORE_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store_backend {
    const char *name;
    const char *dialect; /* migration files NNN_name.<dialect>.sql run on this backend only */
    bool (*accepts)(const char *url);
    int (*connect)(const char *url, void **conn);
    void (*disconnect)(void *conn);
    int (*exec_script)(void *conn, const char *sql);
    /* A prepared statement for `sql`, cached on the connection by the address of `sql` when
     * `cached` is true (closed with release), else one-off (closed with release too). */
    void *(*prepare)(void *conn, const char *sql, bool cached);
    void (*release)(void *conn, void *stmt, bool cached);
    void (*bind_text)(void *stmt, int idx, const char *v, size_t n);
    void (*bind_int)(void *stmt, int idx, int64_t v);
    void (*bind_null)(void *stmt, int idx);
    int (*step)(void *stmt); /* 1 row, 0 done, negative -ERR_* */
    /* Run a write whose rows and count nobody reads, possibly later: its failure may be
     * reported by the connection's next statement or COMMIT instead (which then fails, and
     * the transaction is rolled back). NULL: store_q_later steps it at once. */
    int (*defer)(void *stmt);
    const char *(*col_text)(void *stmt, int col);
    int64_t (*col_int)(void *stmt, int col);
    bool (*col_null)(void *stmt, int col);
    int (*changes)(void *conn);
    /* The text of a shared migration file in this dialect (a new string to free), or NULL to
     * run the file as written. */
    char *(*migration_sql)(const char *sql);
    const char *begin_read, *begin_write; /* SQL for store_tx_begin */
    /* Run after begin_write by store_migrate so that concurrent migrators queue (NULL when
     * begin_write already serialises writers). */
    const char *lock_migrations;
    /* SQL that starts a read-only transaction seeing one snapshot throughout (whole-database
     * copies); NULL means begin_read already does. */
    const char *begin_snapshot;
    /* SQL that sizes the connection's page cache for one long scan (the monthly report's: a
     * page read once needs no large cache, and filling 64 MiB of fresh memory page by page was
     * half of the report's time), and SQL that sizes it back; NULL: nothing to do. */
    const char *scan_on, *scan_off;
    /* Copy the database file `src` page by page to a new file `dest` from one snapshot, in
     * small steps, calling progress(done, total, arg) after each (SQLite's online backup).
     * NULL for backends that have no such thing (PostgreSQL: pg_dump, pg_basebackup). */
    int (*backup)(const char *src, const char *dest, void (*progress)(long, long, void *),
                  void *arg);
};

extern const struct store_backend store__sqlite;
extern const struct store_backend store__pg;

/* The backend whose URL scheme `url` has, or NULL (db.c). */
const struct store_backend *store__backend_for(const char *url);

/* Remove a SQLite database file and what SQLite may have left beside it (-wal, -shm,
 * -journal); no error when absent (backup.c). */
void store__remove_sqlite_files(const char *path);

/* The backend of an open store (db.c). */
struct store;
const struct store_backend *store__backend(const struct store *s);

#endif
