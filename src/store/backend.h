/*
 * backend.h — what a database backend implements (private to src/store/).
 *
 * db.c owns the pool, transactions, migrations and the store_q_* interface; it talks to the
 * engine only through this table. sqlite.c is the first backend; a PostgreSQL backend (libpq:
 * PQprepare/PQexecPrepared with the same $n parameters, text results) fills the same slots and
 * is chosen by the URL scheme in store_open(). Statements are opaque `void *`.
 */
#ifndef UREG_STORE_BACKEND_H
#define UREG_STORE_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store_backend {
    const char *name;
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
    const char *(*col_text)(void *stmt, int col);
    int64_t (*col_int)(void *stmt, int col);
    bool (*col_null)(void *stmt, int col);
    int (*changes)(void *conn);
    const char *begin_read, *begin_write; /* SQL for store_tx_begin */
};

extern const struct store_backend store__sqlite;

#endif
