/*
 * sqlite.c — the SQLite backend of the store seam (see backend.h, db.h).
 *
 * One sqlite3 handle per pooled connection, opened NOMUTEX because a connection is used by one
 * thread at a time (db.c's pool guarantees it). Pragmas: WAL (readers don't block the writer),
 * foreign_keys=ON, busy_timeout 10 s (writers queue instead of failing), synchronous=FULL (a
 * committed transaction survives a power cut: an accepted application is never lost),
 * temp_store=MEMORY and a 64 MiB page cache.
 * Prepared statements are cached per connection in a small open-addressing table keyed by the
 * address of the SQL constant: a few dozen distinct statements, looked up on every query.
 */
#include "store/backend.h"

#include "base/err.h"
#include "base/log.h"
#include "base/xalloc.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SQLITE__PAGE_CACHE "-65536" /* KiB: a connection's page cache */
#define SQLITE__CACHE 256 /* power of two; more distinct statements than we will ever have */

struct sqlite__slot {
    const char *sql;
    sqlite3_stmt *stmt;
};

struct sqlite__conn {
    sqlite3 *db;
    struct sqlite__slot cache[SQLITE__CACHE];
};

static bool sqlite__accepts(const char *url)
{
    return strncmp(url, "postgres://", 11) != 0 && strncmp(url, "postgresql://", 13) != 0;
}

/*
 * The error of a failed step or exec: a constraint is a conflict; a full disk, another
 * process's lock past the busy timeout, a read-only file or directory and an I/O failure are
 * storage faults the client sees as such (507 storage_full, 503 db_busy / db_read_only /
 * db_unavailable) and may retry; anything else is a bug (500).
 */
static int sqlite__fault(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
        return -ERR_CONFLICT;
    case SQLITE_FULL:
        return -ERR_DB_FULL;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return -ERR_DB_BUSY;
    case SQLITE_READONLY:
        return -ERR_DB_READONLY;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        return -ERR_DB_UNAVAILABLE;
    default:
        return -ERR_INTERNAL;
    }
}

static int sqlite__exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        log_error("store", "event=sqlite_exec_failed rc=%d msg=\"%s\"", rc, msg ? msg : "");
        sqlite3_free(msg);
        rc = sqlite__fault(rc);
        return rc == -ERR_CONFLICT ? -ERR_INTERNAL : rc;
    }
    return 0;
}

/*
 * Process-wide settings, before the library initialises: no memory statistics (they take a
 * global mutex on every allocation, which the group-commit writer makes thousands of).
 */
static void sqlite__configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* The one line a read-only database file or directory gets on stderr. */
static void sqlite__readonly_message(const char *url)
{
    fprintf(stderr,
            "ureg: cannot write the database %s: the file or its directory is read-only (ureg "
            "writes the file and creates its -wal and -shm files beside it); make them "
            "writable and start again\n",
            url);
}

static int sqlite__connect(const char *url, void **out)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sqlite__configure);
    struct sqlite__conn *c = xcalloc(1, sizeof *c);
    int rc = sqlite3_open_v2(
        url, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "ureg: cannot open database %s: %s\n", url,
                c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
        sqlite3_close(c->db);
        free(c);
        return -ERR_IO;
    }
    sqlite3_busy_timeout(c->db, 10000);
    if (sqlite3_db_readonly(c->db, "main") == 1) {
        /* SQLite falls back to reading when the file cannot be opened for writing. */
        sqlite__readonly_message(url);
        sqlite3_close(c->db);
        free(c);
        return -ERR_DB_READONLY;
    }
    /* A larger lookaside: most of a statement's small allocations come from it, not malloc. */
    sqlite3_db_config(c->db, SQLITE_DBCONFIG_LOOKASIDE, NULL, 512, 2000);
    sqlite3_extended_result_codes(c->db, 1);
    /* temp_store=MEMORY keeps statement and savepoint sub-journals (one per write inside a
     * group-commit batch) off the disk; the page cache is 64 MiB per connection. The file is
     * not mapped (mmap_size): every mapped page a process touches stays in its resident memory
     * while the map lives (a comparison over a mapped store of 1M registrations peaked at 2 GB
     * resident), and since migration 056 the report's walk, for which it was set, reads index
     * ranges that gain nothing from it (docs/decisions.md). */
    if (sqlite__exec(c->db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
                            " PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY;"
                            " PRAGMA cache_size=" SQLITE__PAGE_CACHE ";") < 0) {
        int code = sqlite3_errcode(c->db);
        if (code == SQLITE_CANTOPEN || code == SQLITE_READONLY) {
            /* The -wal and -shm files cannot be made: a read-only directory. */
            sqlite__readonly_message(url);
            sqlite3_close(c->db);
            free(c);
            return -ERR_DB_READONLY;
        }
        fprintf(stderr, "ureg: %s is not a usable SQLite database\n", url);
        sqlite3_close(c->db);
        free(c);
        return -ERR_IO;
    }
    *out = c;
    return 0;
}

static void sqlite__disconnect(void *conn)
{
    struct sqlite__conn *c = conn;
    if (!c)
        return;
    for (int i = 0; i < SQLITE__CACHE; i++)
        sqlite3_finalize(c->cache[i].stmt);
    sqlite3_close(c->db);
    free(c);
}

static int sqlite__exec_script(void *conn, const char *sql)
{
    return sqlite__exec(((struct sqlite__conn *)conn)->db, sql);
}

static sqlite3_stmt *sqlite__prepare_new(sqlite3 *db, const char *sql, bool persistent)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(db, sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &st, NULL);
    if (rc != SQLITE_OK) {
        /* A statement that does not prepare is a bug in our SQL, never user input. */
        fprintf(stderr, "ureg: SQL does not prepare (%s): %.200s\n", sqlite3_errmsg(db), sql);
        abort();
    }
    return st;
}

static void *sqlite__prepare(void *conn, const char *sql, bool cached)
{
    struct sqlite__conn *c = conn;
    if (!cached)
        return sqlite__prepare_new(c->db, sql, false);
    size_t h = ((uintptr_t)sql >> 4) * 2654435761u;
    for (size_t i = 0; i < SQLITE__CACHE; i++) {
        struct sqlite__slot *s = &c->cache[(h + i) & (SQLITE__CACHE - 1)];
        if (s->sql == sql)
            return s->stmt;
        if (!s->sql) {
            s->sql = sql;
            s->stmt = sqlite__prepare_new(c->db, sql, true);
            return s->stmt;
        }
    }
    return sqlite__prepare_new(c->db, sql, false); /* table full: never expected */
}

static void sqlite__release(void *conn, void *stmt, bool cached)
{
    (void)conn;
    if (cached) {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
    } else {
        sqlite3_finalize(stmt);
    }
}

/*
 * The position of parameter $idx. SQLite numbers named parameters in order of first
 * appearance, so in SQL that introduces $1, $2, ... in order (almost all of ours) $idx is at
 * idx: checked with one short compare instead of a lookup by name.
 */
static int sqlite__param(sqlite3_stmt *st, int idx)
{
    const char *name = sqlite3_bind_parameter_name(st, idx);
    if (name && name[0] == '$') {
        int n = 0;
        const char *p = name + 1;
        while (*p >= '0' && *p <= '9')
            n = n * 10 + (*p++ - '0');
        if (!*p && n == idx)
            return idx;
    }
    char want[16];
    snprintf(want, sizeof want, "$%d", idx);
    int i = sqlite3_bind_parameter_index(st, want);
    if (i == 0) {
        fprintf(stderr, "ureg: SQL has no parameter %s: %.200s\n", want, sqlite3_sql(st));
        abort();
    }
    return i;
}

static void sqlite__bind_text(void *stmt, int idx, const char *v, size_t n)
{
    sqlite3_bind_text(stmt, sqlite__param(stmt, idx), v, (int)n, SQLITE_TRANSIENT);
}

static void sqlite__bind_int(void *stmt, int idx, int64_t v)
{
    sqlite3_bind_int64(stmt, sqlite__param(stmt, idx), v);
}

static void sqlite__bind_null(void *stmt, int idx)
{
    sqlite3_bind_null(stmt, sqlite__param(stmt, idx));
}

static int sqlite__step(void *stmt)
{
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return -ERR_CONFLICT;
    log_error("store", "event=sqlite_step_failed rc=%d msg=\"%s\"", rc,
              sqlite3_errmsg(sqlite3_db_handle(stmt)));
    return sqlite__fault(rc);
}

static const char *sqlite__col_text(void *stmt, int col)
{
    return (const char *)sqlite3_column_text(stmt, col);
}

static int64_t sqlite__col_int(void *stmt, int col)
{
    return sqlite3_column_int64(stmt, col);
}

static bool sqlite__col_null(void *stmt, int col)
{
    return sqlite3_column_type(stmt, col) == SQLITE_NULL;
}

/*
 * The online backup of the file `src` into the new file `dest`. The source is opened read-only
 * and one read transaction is held for the whole copy: in WAL mode that blocks no writer, and
 * it pins the snapshot, so the copy is the database as of its first step even while a server
 * keeps committing (without it, sqlite3_backup_step would restart after every commit by another
 * connection and might never finish under load). 256 pages (1 MiB at 4 KiB pages) a step.
 * Returns 0, -ERR_DB_NOT_UREG when `src` is not an SQLite database, or -ERR_IO.
 */
static int sqlite__backup(const char *src, const char *dest, void (*progress)(long, long, void *),
                          void *arg)
{
    sqlite3 *s = NULL, *d = NULL;
    sqlite3_backup *b = NULL;
    int rc = -ERR_IO;
    if (sqlite3_open_v2(src, &s, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        fprintf(stderr, "ureg: cannot open %s: %s\n", src, s ? sqlite3_errmsg(s) : "no memory");
        goto out;
    }
    sqlite3_busy_timeout(s, 10000);
    if (sqlite3_exec(s, "BEGIN; SELECT COUNT(*) FROM sqlite_master", NULL, NULL, NULL) !=
        SQLITE_OK) {
        rc = sqlite3_errcode(s) == SQLITE_NOTADB ? -ERR_DB_NOT_UREG : -ERR_IO;
        if (rc == -ERR_IO)
            fprintf(stderr, "ureg: cannot read %s: %s\n", src, sqlite3_errmsg(s));
        goto out;
    }
    if (sqlite3_open_v2(dest, &d, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        fprintf(stderr, "ureg: cannot create %s: %s\n", dest, d ? sqlite3_errmsg(d) : "no memory");
        goto out;
    }
    b = sqlite3_backup_init(d, "main", s, "main");
    if (!b) {
        fprintf(stderr, "ureg: cannot start the backup: %s\n", sqlite3_errmsg(d));
        goto out;
    }
    for (;;) {
        int step = sqlite3_backup_step(b, 256);
        if (step == SQLITE_DONE)
            break;
        if (step == SQLITE_OK || step == SQLITE_BUSY || step == SQLITE_LOCKED) {
            long total = sqlite3_backup_pagecount(b);
            if (progress)
                progress(total - sqlite3_backup_remaining(b), total, arg);
            if (step != SQLITE_OK)
                sqlite3_sleep(10);
            continue;
        }
        if ((step & 0xff) == SQLITE_NOTADB)
            rc = -ERR_DB_NOT_UREG;
        else
            fprintf(stderr, "ureg: backup of %s failed: %s\n", src, sqlite3_errstr(step));
        goto out;
    }
    if (progress)
        progress(sqlite3_backup_pagecount(b), sqlite3_backup_pagecount(b), arg);
    rc = 0;
out:
    if (b && sqlite3_backup_finish(b) != SQLITE_OK && rc == 0) {
        fprintf(stderr, "ureg: backup of %s failed: %s\n", src, sqlite3_errmsg(d));
        rc = -ERR_IO;
    }
    if (s)
        sqlite3_exec(s, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(s);
    sqlite3_close(d);
    return rc;
}

static int sqlite__changes(void *conn)
{
    return sqlite3_changes(((struct sqlite__conn *)conn)->db);
}

const struct store_backend store__sqlite = {
    .name = "sqlite",
    .dialect = "sqlite",
    .accepts = sqlite__accepts,
    .connect = sqlite__connect,
    .disconnect = sqlite__disconnect,
    .exec_script = sqlite__exec_script,
    .prepare = sqlite__prepare,
    .release = sqlite__release,
    .bind_text = sqlite__bind_text,
    .bind_int = sqlite__bind_int,
    .bind_null = sqlite__bind_null,
    .step = sqlite__step,
    .col_text = sqlite__col_text,
    .col_int = sqlite__col_int,
    .col_null = sqlite__col_null,
    .changes = sqlite__changes,
    .begin_read = "BEGIN",
    .begin_write = "BEGIN IMMEDIATE",
    .begin_snapshot = "BEGIN", /* a read transaction keeps its snapshot in WAL mode */
    .scan_on = "PRAGMA cache_size=-2048",
    .scan_off = "PRAGMA cache_size=" SQLITE__PAGE_CACHE,
    .backup = sqlite__backup,
};
