/*
 * db.c — connection pool, queries, transactions and migrations over a backend (see db.h).
 *
 * The pool is a fixed array guarded by one mutex and condition variable; a request holds one
 * connection for its duration. A connection tracks the SQL constants it has open so that a
 * query nested inside another one over the same SQL gets its own one-off statement instead of
 * resetting the outer one's cached statement.
 */
#include "store/db.h"

#include "store/backend.h"

#include "base/buf.h"
#include "base/check.h"
#include "base/embed.h"
#include "base/err.h"
#include "base/log.h"
#include "base/metrics.h"
#include "base/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STORE__OPEN_MAX 16 /* queries open at once on one connection */

struct store_q {
    struct store_conn *conn;
    void *stmt;
    const char *sql;
    bool cached;
};

struct store_conn {
    const struct store_backend *be;
    void *handle;
    bool in_tx;
    bool in_use;
    struct store_q open[STORE__OPEN_MAX];
    /* The audit entry this transaction appended last (audit.c): seq 0 when none. */
    int64_t audit_seq;
    unsigned char audit_hash[STORE_AUDIT_HASH];
};

struct store {
    const struct store_backend *be;
    int n_conns;
    struct store_conn *conns;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* For /metrics, guarded by mu: connections taken, acquisitions that had to wait. */
    int n_in_use;
    uint64_t n_acquired, n_waits;
};

static const struct store_backend *const store__backends[] = {&store__pg, &store__sqlite};

const struct store_backend *store__backend_for(const char *url)
{
    const struct store_backend *be = NULL;
    for (size_t i = 0; i < sizeof store__backends / sizeof *store__backends && !be; i++)
        if (store__backends[i]->accepts(url))
            be = store__backends[i];
    return be;
}

const struct store_backend *store__backend(const struct store *s)
{
    return s->be;
}

int store_open(const char *url, int pool, struct store **out)
{
    const struct store_backend *be = store__backend_for(url);
    if (!be) {
        fprintf(stderr, "ureg: no backend for database %s\n", url);
        return -ERR_USAGE;
    }
    struct store *s = xcalloc(1, sizeof *s);
    s->be = be;
    s->n_conns = pool < 1 ? 1 : pool;
    s->conns = xcalloc((size_t)s->n_conns, sizeof *s->conns);
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    for (int i = 0; i < s->n_conns; i++) {
        s->conns[i].be = be;
        int rc = be->connect(url, &s->conns[i].handle);
        if (rc < 0) {
            store_close(s);
            return rc;
        }
    }
    *out = s;
    return 0;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n_conns; i++)
        if (s->conns[i].handle)
            s->be->disconnect(s->conns[i].handle);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    free(s->conns);
    free(s);
}

const char *store_conn_dialect(const struct store_conn *c)
{
    return c->be->dialect;
}

const char *store_ids_param(const struct store_conn *c, const int64_t *ids, size_t n, struct buf *b)
{
    bool pg = strcmp(c->be->dialect, "pg") == 0;
    buf_putc(b, pg ? '{' : '[');
    for (size_t i = 0; i < n; i++)
        buf_printf(b, i ? ",%lld" : "%lld", (long long)ids[i]);
    buf_putc(b, pg ? '}' : ']');
    return buf_cstr(b);
}

const char *store_backend_name(const struct store *s)
{
    return s->be->name;
}

void store_pool_metrics(struct store *s, struct buf *out)
{
    pthread_mutex_lock(&s->mu);
    int size = s->n_conns, in_use = s->n_in_use;
    uint64_t acquired = s->n_acquired, waits = s->n_waits;
    pthread_mutex_unlock(&s->mu);
    metrics_family(out, "ureg_db_pool_size", "gauge", "Connections in the store's pool");
    metrics_sample(out, "ureg_db_pool_size", NULL, size);
    metrics_family(out, "ureg_db_pool_in_use", "gauge", "Pool connections taken now");
    metrics_sample(out, "ureg_db_pool_in_use", NULL, in_use);
    metrics_family(out, "ureg_db_pool_acquired_total", "counter",
                   "Connections taken from the pool");
    metrics_sample(out, "ureg_db_pool_acquired_total", NULL, (double)acquired);
    metrics_family(out, "ureg_db_pool_waits_total", "counter",
                   "Acquisitions that waited because every connection was taken");
    metrics_sample(out, "ureg_db_pool_waits_total", NULL, (double)waits);
}

struct store_conn *store_acquire(struct store *s)
{
    bool waited = false;
    pthread_mutex_lock(&s->mu);
    for (;;) {
        for (int i = 0; i < s->n_conns; i++)
            if (!s->conns[i].in_use) {
                s->conns[i].in_use = true;
                s->n_in_use++;
                s->n_acquired++;
                s->n_waits += waited;
                pthread_mutex_unlock(&s->mu);
                return &s->conns[i];
            }
        waited = true;
        pthread_cond_wait(&s->cv, &s->mu);
    }
}

void store_release(struct store *s, struct store_conn *c)
{
    UREG_ASSERT(c->in_use);
    for (int i = 0; i < STORE__OPEN_MAX; i++)
        UREG_ASSERT(!c->open[i].sql); /* every query closed before the connection goes back */
    if (c->in_tx) {
        log_warn("store", "event=release_in_tx action=rollback");
        store_tx_rollback(c);
    }
    pthread_mutex_lock(&s->mu);
    c->in_use = false;
    s->n_in_use--;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

int store_tx_begin(struct store_conn *c, bool write)
{
    UREG_ASSERT(!c->in_tx);
    if (c->in_tx) {
        log_error("store", "event=nested_tx");
        return -ERR_INTERNAL;
    }
    int rc = c->be->exec_script(c->handle, write ? c->be->begin_write : c->be->begin_read);
    c->audit_seq = 0;
    if (rc == 0)
        c->in_tx = true;
    return rc;
}

bool store_tx_active(const struct store_conn *c)
{
    return c->in_tx;
}

int store_scan_mode(struct store_conn *c, bool on)
{
    const char *sql = on ? c->be->scan_on : c->be->scan_off;
    return sql ? c->be->exec_script(c->handle, sql) : 0;
}

int store_tx_begin_snapshot(struct store_conn *c)
{
    if (c->in_tx) {
        log_error("store", "event=nested_tx");
        return -ERR_INTERNAL;
    }
    int rc = c->be->exec_script(c->handle,
                                c->be->begin_snapshot ? c->be->begin_snapshot : c->be->begin_read);
    c->audit_seq = 0;
    if (rc == 0)
        c->in_tx = true;
    return rc;
}

int store_tx_commit(struct store_conn *c)
{
    UREG_ASSERT(c->in_tx);
    int rc = c->be->exec_script(c->handle, "COMMIT");
    if (rc < 0) {
        store_tx_rollback(c);
        return rc;
    }
    c->in_tx = false;
    c->audit_seq = 0;
    return 0;
}

void store_tx_rollback(struct store_conn *c)
{
    if (c->in_tx)
        c->be->exec_script(c->handle, "ROLLBACK");
    c->in_tx = false;
    c->audit_seq = 0;
}

int store_tx_end(struct store_conn *c, int rc)
{
    if (rc < 0) {
        store_tx_rollback(c);
        return rc;
    }
    int crc = store_tx_commit(c);
    return crc < 0 ? crc : rc;
}

struct store_q *store_q_open(struct store_conn *c, const char *sql)
{
    struct store_q *slot = NULL;
    bool nested = false;
    for (int i = 0; i < STORE__OPEN_MAX; i++) {
        if (c->open[i].sql == sql)
            nested = true;
        if (!c->open[i].sql && !slot)
            slot = &c->open[i];
    }
    UREG_ASSERT(slot != NULL);
    if (!slot) {
        fprintf(stderr, "ureg: more than %d queries open on one connection\n", STORE__OPEN_MAX);
        abort();
    }
    slot->conn = c;
    slot->sql = sql;
    slot->cached = !nested;
    slot->stmt = c->be->prepare(c->handle, sql, slot->cached);
    return slot;
}

void store_q_text(struct store_q *q, int idx, const char *v)
{
    if (v)
        q->conn->be->bind_text(q->stmt, idx, v, strlen(v));
    else
        q->conn->be->bind_null(q->stmt, idx);
}

void store_q_textn(struct store_q *q, int idx, const char *v, size_t n)
{
    q->conn->be->bind_text(q->stmt, idx, v, n);
}

void store_q_int(struct store_q *q, int idx, int64_t v)
{
    q->conn->be->bind_int(q->stmt, idx, v);
}

void store_q_null(struct store_q *q, int idx)
{
    q->conn->be->bind_null(q->stmt, idx);
}

int store_q_step(struct store_q *q)
{
    return q->conn->be->step(q->stmt);
}

const char *store_q_col_text(struct store_q *q, int col)
{
    return q->conn->be->col_text(q->stmt, col);
}

int64_t store_q_col_int(struct store_q *q, int col)
{
    return q->conn->be->col_int(q->stmt, col);
}

bool store_q_col_null(struct store_q *q, int col)
{
    return q->conn->be->col_null(q->stmt, col);
}

void store_q_close(struct store_q *q)
{
    if (!q)
        return;
    q->conn->be->release(q->conn->handle, q->stmt, q->cached);
    q->sql = NULL;
    q->stmt = NULL;
}

int store_q_done(struct store_q *q)
{
    int rc;
    while ((rc = store_q_step(q)) == 1)
        ;
    if (rc == 0)
        rc = q->conn->be->changes(q->conn->handle);
    store_q_close(q);
    return rc;
}

void store__audit_last_set(struct store_conn *c, int64_t seq, const unsigned char *hash)
{
    c->audit_seq = c->in_tx ? seq : 0;
    memcpy(c->audit_hash, hash, STORE_AUDIT_HASH);
}

void store__audit_last_forget(struct store_conn *c)
{
    c->audit_seq = 0;
}

int64_t store__audit_last_seq(const struct store_conn *c)
{
    return c->in_tx ? c->audit_seq : 0;
}

bool store__audit_last_get(const struct store_conn *c, int64_t seq, unsigned char *hash)
{
    if (!c->in_tx || c->audit_seq == 0 || c->audit_seq != seq)
        return false;
    memcpy(hash, c->audit_hash, STORE_AUDIT_HASH);
    return true;
}

int store_q_later(struct store_q *q)
{
    int rc;
    if (q->conn->be->defer) {
        rc = q->conn->be->defer(q->stmt);
    } else {
        while ((rc = store_q_step(q)) == 1)
            ;
    }
    store_q_close(q);
    return rc < 0 ? rc : 0;
}

int store_q_one_int(struct store_q *q, int64_t *out, int absent)
{
    int rc = store_q_step(q);
    if (rc == 1) {
        if (out)
            *out = store_q_col_int(q, 0);
        rc = 0;
    } else if (rc == 0) {
        rc = absent;
    }
    store_q_close(q);
    return rc;
}

int store_exec_script(struct store_conn *c, const char *sql)
{
    return c->be->exec_script(c->handle, sql);
}

/* --- migrations ------------------------------------------------------------------------ */

static const char SQL_MIGRATIONS_TABLE[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
static const char SQL_MIGRATION_VERSION[] =
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
static const char SQL_MIGRATION_APPLIED[] =
    "SELECT COUNT(*) FROM schema_migrations WHERE version = $1";
static const char SQL_MIGRATION_RECORD[] =
    "INSERT INTO schema_migrations (version, name, applied_at)"
    " VALUES ($1, $2, CURRENT_TIMESTAMP)";

int store_schema_version(struct store_conn *c)
{
    struct store_q *q = store_q_open(c, SQL_MIGRATION_VERSION);
    int rc = store_q_step(q);
    if (rc == 1)
        rc = (int)store_q_col_int(q, 0);
    else if (rc == 0)
        rc = -ERR_INTERNAL;
    store_q_close(q);
    return rc;
}

/*
 * "NNN_name.sql" is written for every backend (*shared set); "NNN_name.<dialect>.sql" only for
 * that one ("sqlite", "pg": where the dialects differ, e.g. triggers), with one such file per
 * backend for the version — a version one backend does not need has a file of comments only
 * for it, so that both keep the same version numbers.
 */
static bool store__migration_applies(const char *file, const char *backend, bool *shared)
{
    const char *ext = strrchr(file, '.');
    const char *dot = ext;
    while (dot > file && dot[-1] != '.' && dot[-1] != '_')
        dot--;
    *shared = dot == file || dot[-1] != '.';
    if (*shared)
        return true; /* NNN_name.sql */
    size_t n = (size_t)(ext - dot);
    return strlen(backend) == n && strncmp(dot, backend, n) == 0;
}

/* Begin a migration transaction; on backends with concurrent writers, queue behind any other
 * migrator first. */
static int store__migration_begin(struct store_conn *c)
{
    int rc = store_tx_begin(c, true);
    if (rc == 0 && c->be->lock_migrations) {
        rc = c->be->exec_script(c->handle, c->be->lock_migrations);
        if (rc < 0)
            store_tx_rollback(c);
    }
    return rc;
}

/* Run one migration file's text, in the backend's dialect where it is a shared file. */
static int store__migration_run(struct store_conn *c, const struct embed_file *f, bool shared)
{
    char *mapped =
        shared && c->be->migration_sql ? c->be->migration_sql((const char *)f->data) : NULL;
    int rc = store_exec_script(c, mapped ? mapped : (const char *)f->data);
    free(mapped);
    return rc;
}

int store_schema_latest(const struct store *s)
{
    int latest = 0;
    bool shared;
    for (const struct embed_file *f = embed_sql; f->name; f++)
        if (store__migration_applies(f->name, s->be->dialect, &shared) && atoi(f->name) > latest)
            latest = atoi(f->name);
    return latest;
}

int store_migrate(struct store *s)
{
    struct store_conn *c = store_acquire(s);
    int applied = 0;
    int rc = store__migration_begin(c);
    if (rc < 0)
        goto out;
    rc = store_exec_script(c, SQL_MIGRATIONS_TABLE);
    if (rc == 0)
        rc = store_tx_commit(c);
    else
        store_tx_rollback(c);
    if (rc < 0)
        goto out;
    /* embed_sql is sorted by name, and names start with the zero-padded version number. */
    for (const struct embed_file *f = embed_sql; f->name; f++) {
        bool shared;
        if (!store__migration_applies(f->name, s->be->dialect, &shared))
            continue;
        int version = atoi(f->name);
        if (version <= 0) {
            log_error("store", "event=bad_migration_name name=%s", f->name);
            rc = -ERR_INTERNAL;
            goto out;
        }
        rc = store__migration_begin(c);
        if (rc < 0)
            goto out;
        /* Applied or not by its own row, not by the highest one: a migration numbered below one
         * that landed first (parallel branches) still runs. */
        int64_t done = 0;
        struct store_q *aq = store_q_open(c, SQL_MIGRATION_APPLIED);
        store_q_int(aq, 1, version);
        rc = store_q_one_int(aq, &done, -ERR_INTERNAL);
        if (rc < 0 || done) {
            store_tx_rollback(c);
            if (rc < 0)
                goto out;
            continue;
        }
        rc = store__migration_run(c, f, shared);
        if (rc == 0) {
            struct store_q *q = store_q_open(c, SQL_MIGRATION_RECORD);
            store_q_int(q, 1, version);
            store_q_text(q, 2, f->name);
            rc = store_q_done(q);
        }
        if (rc < 0) {
            store_tx_rollback(c);
            log_error("store", "event=migration_failed name=%s", f->name);
            goto out;
        }
        rc = store_tx_commit(c);
        if (rc < 0)
            goto out;
        log_info("store", "event=migration_applied name=%s", f->name);
        applied++;
    }
    rc = applied;
out:
    store_release(s, c);
    return rc;
}
