/*
 * copy.c — a whole database copied between backends, verified by counts and checksums (see
 * copy.h).
 *
 * The catalogue (src/store/copy.tables, turned into store/copy_catalogue.h's array by
 * tools/gen_copy.awk at build time) names every table the migrations create, parents before
 * children (the order foreign keys need), with its columns in a fixed order, their kinds (i:
 * integer, t: text) and the number of leading columns that form its primary key, and carries
 * each table's SQL: table names cannot be bound parameters, and SQL is never formatted at run
 * time (scripts/lint-sql.sh), so the copy's SQL is as fixed as any other store file's, written
 * out by the generator instead of by hand. store_copy_check_schema() compares the catalogue with
 * the live schema of both sides before a row moves; test_copy fails the day a migration adds a
 * table or column that is not in copy.tables.
 *
 * Rows are read in primary-key order a page of 1000 at a time, each page starting after the
 * last key of the one before (a keyset: an index descent per page on either engine, never an
 * OFFSET scan), all pages inside one snapshot transaction on the source, so the copy is the
 * source as of one instant even while a server writes to it. Each page is written to the
 * target in one transaction: on SQLite a prepared INSERT a row, on PostgreSQL one INSERT ...
 * SELECT FROM unnest() of the page's columns, each bound as one array literal (one round trip
 * a page instead of a thousand). Load: a province's database (tens of millions of ref_record rows)
 * streams through in constant memory.
 */
#include "store/copy.h"

#include "store/backend.h"
#include "store/copy_catalogue.h"

#include "base/buf.h"
#include "base/check.h"
#include "base/err.h"
#include "base/log.h"
#include "base/xalloc.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define COPY__PAGE 1000 /* the LIMIT of every _FIRST and _NEXT constant */
#define COPY__MAX_KEYS 4
#define COPY__MAX_TABLES 256 /* room in store_copy_check_schema's table of tables seen */
#define COPY__MAX_COLS 32    /* the most parameters a PostgreSQL statement of ours may bind */

/* The live schema, per dialect. */
static const char SQL_COPY_TABLES_SQLITE[] =
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    " ORDER BY name";
static const char SQL_COPY_COLUMNS_SQLITE[] = "SELECT name FROM pragma_table_info($1)";
static const char SQL_COPY_PARENTS_SQLITE[] =
    "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)";
static const char SQL_COPY_TABLES_PG[] =
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    " AND table_type = 'BASE TABLE' ORDER BY table_name";
static const char SQL_COPY_COLUMNS_PG[] =
    "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
    " AND table_name = $1 ORDER BY ordinal_position";
static const char SQL_COPY_PARENTS_PG[] =
    "SELECT DISTINCT ccu.table_name FROM information_schema.table_constraints tc"
    " JOIN information_schema.constraint_column_usage ccu"
    " ON ccu.constraint_schema = tc.constraint_schema AND ccu.constraint_name = tc.constraint_name"
    " WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()"
    " AND tc.table_name = $1";

static bool copy__is_pg(const struct store *s)
{
    return strcmp(store_backend_name(s), "postgresql") == 0;
}

/* The catalogue index of table `name`, or -1. */
static int copy__find(const char *name)
{
    for (int i = 0; i < copy_catalogue_n; i++)
        if (strcmp(copy_catalogue[i].name, name) == 0)
            return i;
    return -1;
}

/* Is `col` one of the ", "-separated names in `cols`? */
static bool copy__has_col(const char *cols, const char *col)
{
    size_t n = strlen(col);
    for (const char *p = cols; *p;) {
        size_t len = strcspn(p, ",");
        if (len == n && strncmp(p, col, n) == 0)
            return true;
        p += len;
        while (*p == ',' || *p == ' ')
            p++;
    }
    return false;
}

/* The table's columns in the live schema against the catalogue's. */
static int copy__check_columns(struct store *s, struct store_conn *c, const struct copy_table *t)
{
    struct store_q *q =
        store_q_open(c, copy__is_pg(s) ? SQL_COPY_COLUMNS_PG : SQL_COPY_COLUMNS_SQLITE);
    store_q_text(q, 1, t->name);
    int rc, n = 0, bad = 0;
    while ((rc = store_q_step(q)) == 1) {
        const char *col = store_q_col_text(q, 0);
        n++;
        if (!copy__has_col(t->cols, col)) {
            fprintf(stderr,
                    "ureg: column %s.%s is not in the copy catalogue (src/store/copy.tables)\n",
                    t->name, col);
            bad = 1;
        }
    }
    store_q_close(q);
    if (rc < 0)
        return rc;
    if (n != (int)strlen(t->types)) {
        fprintf(stderr, "ureg: table %s has %d columns, the copy catalogue %d\n", t->name, n,
                (int)strlen(t->types));
        bad = 1;
    }
    return bad ? -ERR_DB_SCHEMA_UNKNOWN : 0;
}

/* Every table t references must come before it in the catalogue (index i). */
static int copy__check_parents(struct store *s, struct store_conn *c, int i)
{
    const struct copy_table *t = &copy_catalogue[i];
    struct store_q *q =
        store_q_open(c, copy__is_pg(s) ? SQL_COPY_PARENTS_PG : SQL_COPY_PARENTS_SQLITE);
    store_q_text(q, 1, t->name);
    int rc, bad = 0;
    while ((rc = store_q_step(q)) == 1) {
        const char *parent = store_q_col_text(q, 0);
        int p = copy__find(parent);
        if (p >= i && strcmp(parent, t->name) != 0) {
            fprintf(stderr, "ureg: table %s refers to %s, which the copy catalogue puts after it\n",
                    t->name, parent);
            bad = 1;
        }
    }
    store_q_close(q);
    if (rc < 0)
        return rc;
    return bad ? -ERR_DB_SCHEMA_UNKNOWN : 0;
}

int store_copy_check_schema(struct store *s, struct store_conn *c)
{
    bool seen[COPY__MAX_TABLES] = {false};
    UREG_ASSERT(copy_catalogue_n <= COPY__MAX_TABLES);
    bool has_migrations = false;
    int bad = 0;
    struct store_q *q =
        store_q_open(c, copy__is_pg(s) ? SQL_COPY_TABLES_PG : SQL_COPY_TABLES_SQLITE);
    int rc;
    while ((rc = store_q_step(q)) == 1) {
        const char *name = store_q_col_text(q, 0);
        if (strcmp(name, "schema_migrations") == 0) {
            has_migrations = true;
            continue;
        }
        int i = copy__find(name);
        if (i < 0) {
            fprintf(stderr, "ureg: table %s is not in the copy catalogue (src/store/copy.tables)\n",
                    name);
            bad = 1;
        } else {
            seen[i] = true;
        }
    }
    store_q_close(q);
    if (rc < 0)
        return rc;
    if (!has_migrations)
        return -ERR_DB_NOT_UREG;
    for (int i = 0; i < copy_catalogue_n; i++) {
        if (!seen[i]) {
            fprintf(stderr, "ureg: the copy catalogue has table %s, the database does not\n",
                    copy_catalogue[i].name);
            bad = 1;
            continue;
        }
        rc = copy__check_columns(s, c, &copy_catalogue[i]);
        if (rc == 0)
            rc = copy__check_parents(s, c, i);
        if (rc == -ERR_DB_SCHEMA_UNKNOWN)
            bad = 1;
        else if (rc < 0)
            return rc;
    }
    return bad ? -ERR_DB_SCHEMA_UNKNOWN : 0;
}

/* --- reading pages and checksums ------------------------------------------------------ */

/* Add the 256-bit little-endian number d into sum, modulo 2^256. */
static void copy__add(unsigned char sum[32], const unsigned char d[32])
{
    unsigned carry = 0;
    for (int i = 0; i < 32; i++) {
        carry += (unsigned)sum[i] + d[i];
        sum[i] = (unsigned char)carry;
        carry >>= 8;
    }
}

/* Add the digest of the current row's canonical text into sum: each column in catalogue order
 * as "N" for NULL or "V<length>:<text>"; integers are their decimal text on both engines. */
static void copy__digest(struct store_q *q, const struct copy_table *t, unsigned char sum[32])
{
    crypto_generichash_state st;
    unsigned char d[32];
    crypto_generichash_init(&st, NULL, 0, sizeof d);
    int n = (int)strlen(t->types);
    for (int i = 0; i < n; i++) {
        const char *v = store_q_col_text(q, i); /* NULL for SQL NULL */
        if (!v) {
            crypto_generichash_update(&st, (const unsigned char *)"N", 1);
            continue;
        }
        size_t len = strlen(v);
        char hdr[32];
        int h = snprintf(hdr, sizeof hdr, "V%zu:", len);
        crypto_generichash_update(&st, (const unsigned char *)hdr, (unsigned long long)h);
        crypto_generichash_update(&st, (const unsigned char *)v, len);
    }
    crypto_generichash_final(&st, d, sizeof d);
    copy__add(sum, d);
}

/* Bind `v` (NULL: SQL NULL) as parameter idx of the kind `type`. */
static void copy__bind(struct store_q *q, int idx, char type, const char *v)
{
    if (!v)
        store_q_null(q, idx);
    else if (type == 'i')
        store_q_int(q, idx, strtoll(v, NULL, 10));
    else
        store_q_text(q, idx, v);
}

/*
 * Call fn(q, arg) for every row of t on c in key order, and fn(NULL, arg) after each page.
 * The caller holds the snapshot transaction the pages must share. Returns 0 or the first
 * negative result of a step or of fn.
 */
static int copy__scan(struct store_conn *c, const struct copy_table *t,
                      int (*fn)(struct store_q *q, void *arg), void *arg)
{
    char *last[COPY__MAX_KEYS] = {0};
    bool first = true;
    int rc = 0;
    for (;;) {
        struct store_q *q = store_q_open(c, first ? t->sql_first : t->sql_next);
        for (int k = 0; !first && k < t->n_keys; k++)
            copy__bind(q, k + 1, t->types[k], last[k]);
        int n = 0;
        while ((rc = store_q_step(q)) == 1) {
            if (++n == COPY__PAGE) /* the last row of a full page: the next page starts here */
                for (int k = 0; k < t->n_keys; k++) {
                    free(last[k]);
                    const char *v = store_q_col_text(q, k);
                    last[k] = v ? xstrdup(v) : NULL;
                }
            rc = fn(q, arg);
            if (rc < 0)
                break;
        }
        store_q_close(q);
        if (rc == 0)
            rc = fn(NULL, arg);
        if (rc < 0 || n < COPY__PAGE)
            break;
        first = false;
    }
    for (int k = 0; k < COPY__MAX_KEYS; k++)
        free(last[k]);
    return rc;
}

static void copy__hex(const unsigned char sum[32], char out[65])
{
    /* Most significant byte first, as a number is written. */
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", sum[31 - i]);
}

/* What a scan of one table carries: its checksum, and for the copy the target to write to. */
struct copy__run {
    const struct copy_table *t;
    unsigned char sum[32];
    long long rows, total;
    struct store_conn *dst; /* NULL: checksum only */
    bool in_tx;             /* a page's transaction is open on dst */
    bool arrays;            /* dst is PostgreSQL: a page goes in as one INSERT ... unnest */
    int pending;            /* rows gathered in cols[] */
    struct buf cols[COPY__MAX_COLS]; /* per column, the page's values as an array literal */
    store_progress_fn progress;
    void *arg;
};

/* Append v (NULL: SQL NULL) to a PostgreSQL array literal: every element quoted, `"` and `\`
 * escaped by a backslash, so any text goes through as it is. */
static void copy__array_add(struct buf *b, bool first, const char *v)
{
    buf_putc(b, first ? '{' : ',');
    if (!v) {
        buf_puts(b, "NULL");
        return;
    }
    buf_putc(b, '"');
    for (const char *p = v; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_putc(b, '\\');
        buf_putc(b, *p);
    }
    buf_putc(b, '"');
}

/* Insert the rows gathered for PostgreSQL in one statement, in one transaction. */
static int copy__flush(struct copy__run *r)
{
    if (r->pending == 0)
        return 0;
    int n = (int)strlen(r->t->types);
    int rc = store_tx_begin(r->dst, true);
    if (rc < 0)
        return rc;
    struct store_q *ins = store_q_open(r->dst, r->t->sql_insert_pg);
    for (int i = 0; i < n; i++) {
        buf_putc(&r->cols[i], '}');
        store_q_textn(ins, i + 1, r->cols[i].data, r->cols[i].len);
    }
    rc = store_q_done(ins);
    if (rc >= 0 && rc != r->pending) {
        log_error("store", "event=copy_page_short table=%s rows=%d inserted=%d", r->t->name,
                  r->pending, rc);
        rc = -ERR_INTERNAL;
    }
    if (rc >= 0)
        rc = store_tx_commit(r->dst);
    else
        store_tx_rollback(r->dst);
    for (int i = 0; i < n; i++)
        buf_reset(&r->cols[i]);
    r->pending = 0;
    return rc < 0 ? rc : 0;
}

static int copy__row(struct store_q *q, void *arg)
{
    struct copy__run *r = arg;
    int rc = 0;
    if (!q && r->arrays) {
        rc = copy__flush(r);
        if (rc == 0 && r->progress)
            r->progress(r->t->name, r->rows, r->total, r->arg);
        return rc;
    }
    if (!q) { /* end of a page: commit what it wrote */
        if (r->in_tx) {
            r->in_tx = false;
            rc = store_tx_commit(r->dst);
            if (rc < 0)
                return rc;
        }
        if (r->dst && r->progress)
            r->progress(r->t->name, r->rows, r->total, r->arg);
        return 0;
    }
    copy__digest(q, r->t, r->sum);
    r->rows++;
    if (!r->dst)
        return 0;
    if (r->arrays) {
        for (int i = 0; i < (int)strlen(r->t->types); i++)
            copy__array_add(&r->cols[i], r->pending == 0, store_q_col_text(q, i));
        r->pending++;
        return 0;
    }
    if (!r->in_tx) {
        rc = store_tx_begin(r->dst, true);
        if (rc < 0)
            return rc;
        r->in_tx = true;
    }
    struct store_q *ins = store_q_open(r->dst, r->t->sql_insert);
    int n = (int)strlen(r->t->types);
    for (int i = 0; i < n; i++)
        copy__bind(ins, i + 1, r->t->types[i], store_q_col_text(q, i));
    rc = store_q_done(ins);
    if (rc < 0) {
        log_error("store", "event=copy_insert_failed table=%s row=%lld", r->t->name, r->rows);
        store_tx_rollback(r->dst);
        r->in_tx = false;
        return rc;
    }
    return 0;
}

/* --- the copy ---------------------------------------------------------------------------- */

/* Open one side with one connection; a SQLite source must exist (opening would create it). */
static int copy__open(const char *url, bool source, struct store **s)
{
    const struct store_backend *be = store__backend_for(url);
    if (!be)
        return -ERR_USAGE;
    if (source && strcmp(be->name, "sqlite") == 0 && access(url, R_OK) != 0) {
        fprintf(stderr, "ureg: cannot read database %s\n", url);
        return -ERR_IO;
    }
    return store_open(url, 1, s);
}

static int copy__count(struct store_conn *c, const struct copy_table *t, long long *n)
{
    int64_t v = 0;
    int rc = store_q_one_int(store_q_open(c, t->sql_count), &v, -ERR_INTERNAL);
    *n = v;
    return rc;
}

/* The schema version on c, which must be the latest this binary has for the backend. */
static int copy__version(struct store *s, struct store_conn *c, int *version)
{
    int v = store_schema_version(c);
    if (v < 0)
        return v;
    *version = v;
    int latest = store_schema_latest(s);
    return v < latest ? -ERR_DB_SCHEMA_OLDER : v > latest ? -ERR_DB_SCHEMA_NEWER : 0;
}

/* Rows in the target's tables: none, or (force) emptied on PostgreSQL, else not empty. */
static int copy__target_empty(struct store *s, struct store_conn *c, bool force)
{
    long long total = 0, n;
    for (int i = 0; i < copy_catalogue_n; i++) {
        int rc = copy__count(c, &copy_catalogue[i], &n);
        if (rc < 0)
            return rc;
        if (!copy_catalogue[i].seeded)
            total += n;
    }
    if (total == 0)
        return 0;
    if (!force || !copy__is_pg(s))
        return -ERR_DB_NOT_EMPTY; /* a forced SQLite target was recreated before opening */
    log_warn("store", "event=copy_force_truncate rows=%lld", total);
    int rc = store_tx_begin(c, true);
    for (int i = copy_catalogue_n - 1; rc == 0 && i >= 0; i--)
        rc = store_exec_script(c, copy_catalogue[i].sql_clear);
    if (rc == 0)
        rc = store_tx_commit(c);
    else
        store_tx_rollback(c);
    return rc;
}

/* Read every table of c back (one snapshot) into the result's `to` or `from` columns. */
static int copy__verify(struct store_conn *c, struct store_copy_result *out)
{
    int rc = store_tx_begin_snapshot(c);
    for (int i = 0; rc == 0 && i < copy_catalogue_n; i++) {
        struct copy__run r = {.t = &copy_catalogue[i]};
        rc = copy__scan(c, r.t, copy__row, &r);
        out->tables[i].rows_to = r.rows;
        copy__hex(r.sum, out->tables[i].sum_to);
    }
    if (rc == 0)
        rc = store_tx_commit(c);
    else
        store_tx_rollback(c);
    return rc;
}

int store_copy(const char *from, const char *to, bool force, store_progress_fn progress, void *arg,
               struct store_copy_result *out)
{
    struct store *src = NULL, *dst = NULL;
    struct store_conn *sc = NULL, *dc = NULL;
    memset(out, 0, sizeof *out);
    if (strcmp(from, to) == 0)
        return -ERR_USAGE;
    if (sodium_init() < 0)
        return -ERR_INTERNAL;
    int rc = copy__open(from, true, &src);
    if (rc < 0)
        goto out;
    sc = store_acquire(src);
    rc = store_copy_check_schema(src, sc);
    if (rc == 0)
        rc = copy__version(src, sc, &out->schema_from);
    if (rc < 0)
        goto out;

    const struct store_backend *tbe = store__backend_for(to);
    if (force && tbe && strcmp(tbe->name, "sqlite") == 0)
        store__remove_sqlite_files(to);
    rc = copy__open(to, false, &dst);
    if (rc < 0)
        goto out;
    rc = store_migrate(dst);
    if (rc < 0)
        goto out;
    dc = store_acquire(dst);
    rc = store_copy_check_schema(dst, dc);
    if (rc == 0)
        rc = copy__version(dst, dc, &out->schema_to);
    if (rc == 0)
        rc = copy__target_empty(dst, dc, force);
    if (rc < 0)
        goto out;

    /* The rows the target's migrations seeded give way to the source's. */
    for (int i = 0; rc == 0 && i < copy_catalogue_n; i++)
        if (copy_catalogue[i].seeded)
            rc = store_exec_script(dc, copy_catalogue[i].sql_reset);
    if (rc < 0)
        goto out;
    /* One snapshot of the source for every table: the copy is the source at one instant. */
    rc = store_tx_begin_snapshot(sc);
    if (rc < 0)
        goto out;
    UREG_ASSERT(copy_catalogue_n <= STORE_COPY_MAX_TABLES);
    out->n_tables = copy_catalogue_n;
    for (int i = 0; rc == 0 && i < copy_catalogue_n; i++) {
        struct copy__run r = {.t = &copy_catalogue[i],
                              .dst = dc,
                              .arrays = copy__is_pg(dst),
                              .progress = progress,
                              .arg = arg};
        rc = copy__count(sc, r.t, &r.total);
        if (rc == 0)
            rc = copy__scan(sc, r.t, copy__row, &r);
        for (int k = 0; k < COPY__MAX_COLS; k++)
            buf_free(&r.cols[k]);
        out->tables[i].table = r.t->name;
        out->tables[i].rows_from = r.rows;
        copy__hex(r.sum, out->tables[i].sum_from);
        if (rc == 0 && r.rows != r.total) {
            log_error("store", "event=copy_short table=%s read=%lld count=%lld", r.t->name, r.rows,
                      r.total);
            rc = -ERR_DB_COPY_MISMATCH;
        }
    }
    if (rc < 0) {
        store_tx_rollback(sc);
        goto out;
    }
    rc = store_tx_commit(sc);
    if (rc < 0)
        goto out;

    /* Later inserts on PostgreSQL take ids from the identity sequences: past the copied ones. */
    for (int i = 0; rc == 0 && copy__is_pg(dst) && i < copy_catalogue_n; i++)
        if (copy_catalogue[i].sql_setval)
            rc = store_q_one_int(store_q_open(dc, copy_catalogue[i].sql_setval), NULL,
                                 -ERR_INTERNAL);
    if (rc == 0)
        rc = copy__verify(dc, out);
    for (int i = 0; rc == 0 && i < copy_catalogue_n; i++) {
        const struct store_copy_table *t = &out->tables[i];
        if (t->rows_from != t->rows_to || strcmp(t->sum_from, t->sum_to) != 0)
            rc = -ERR_DB_COPY_MISMATCH;
    }
out:
    if (sc)
        store_release(src, sc);
    if (dc)
        store_release(dst, dc);
    store_close(src);
    store_close(dst);
    return rc;
}
