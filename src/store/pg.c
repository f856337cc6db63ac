/*
 * pg.c — the PostgreSQL backend of the store seam (libpq; see backend.h, db.h).
 *
 * One PGconn per pooled connection (db.c's pool gives a connection to one thread at a time).
 * Statements are prepared with PQprepare on first use and cached per connection, keyed by the
 * address of the SQL constant, under the names s1, s2, ...; a nested query over the same SQL
 * (db.c passes cached=false) runs as a one-off PQexecParams. Parameters and results are text;
 * integers are bound as decimal text and the server infers every parameter's type from the
 * statement. A statement runs at its first step and its whole result is kept: every query of
 * the store is bounded (a page, a person's rows, LIMIT n), so one round trip per statement is
 * cheaper than single-row mode's result per row.
 *
 * Errors: SQLSTATE class 23 (unique 23505, foreign key 23503, check 23514, not null 23502)
 * becomes -ERR_CONFLICT as on SQLite; a lost connection (PQstatus bad, class 08, 57P01-57P03
 * admin shutdown / crash / starting up) becomes -ERR_DB_UNAVAILABLE (HTTP 503). A lost
 * connection is re-established with PQreset on its next use, but never inside a transaction:
 * every statement of a transaction that lost its connection fails with -ERR_DB_UNAVAILABLE
 * until db.c rolls it back, so nothing after the loss can run in autocommit by mistake, and a
 * COMMIT whose answer was lost is reported as a failure (the caller answers 503, never 201).
 * Only BEGIN and SELECT outside a transaction are sent once more after a reconnect (twice is
 * the same as once); a write whose fate is unknown is never resent.
 *
 * The database must compare text bytewise (LC_COLLATE C): the scope tests `BETWEEN $s AND
 * $s || '~'` rely on it, so connect() refuses a database with another collation, saying how
 * to create one. Migrations are the shared NNN_name.sql files mapped by pg__migration_sql
 * (INTEGER PRIMARY KEY → identity, INTEGER → BIGINT) plus NNN_name.pg.sql files.
 */
#include "store/backend.h"

#include "base/err.h"
#include "base/log.h"
#include "base/xalloc.h"

#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG__CACHE 256 /* power of two; more distinct statements than we will ever have */
#define PG__MAXP 32   /* parameters of one statement; ours have at most 20 */
#define PG__PIPE 64   /* commands sent in pipeline mode before their results are read */

struct pg__conn;

struct pg__stmt {
    struct pg__conn *c;
    const char *sql;
    bool cached;
    unsigned gen; /* the connection generation it was prepared on (0: not yet) */
    char name[16];
    int n_params;
    char *vals[PG__MAXP];
    size_t caps[PG__MAXP];
    int lens[PG__MAXP];
    bool is_null[PG__MAXP];
    PGresult *res;
    int row, n_rows;
    bool executed;
};

struct pg__slot {
    const char *sql;
    struct pg__stmt *st;
};

struct pg__conn {
    PGconn *pg;
    unsigned gen;   /* bumped on every (re)connect: server-side statements are gone */
    unsigned names; /* statement names issued on this connection */
    bool tx_open;   /* BEGIN sent, COMMIT/ROLLBACK not yet */
    bool lost;      /* the connection failed; reset on next use outside a transaction */
    int changes;    /* rows changed by the last statement */
    struct pg__slot cache[PG__CACHE];
    /* Pipeline mode (libpq): the commands sent whose results are not read yet, in order, with
     * the statement a PQsendPrepare was for (NULL for an execution). */
    bool piped;
    int n_pipe;
    struct {
        const char *sql;
        struct pg__stmt *prepared;
    } pipe[PG__PIPE];
};

static const char PG__BEGIN_READ[] = "BEGIN";
static const char PG__BEGIN_WRITE[] = "BEGIN";
/* One snapshot for a whole-database copy (store_tx_begin_snapshot); allowed on a hot standby. */
static const char PG__BEGIN_SNAPSHOT[] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
/* Serialises concurrent migrators (two `ureg init`, or a server starting beside one), as SQLite's
 * BEGIN IMMEDIATE does for every writer. */
static const char SQL_PG_LOCK_MIGRATIONS[] = "SELECT pg_advisory_xact_lock(7274100)";
/* lock_timeout: a write that waits longer than this behind another session's lock fails with
 * db_busy, as SQLite's busy timeout does (sqlite.c), instead of hanging its request. */
static const char SQL_PG_SESSION[] = "SET client_min_messages = warning; SET lock_timeout = '10s'";
static const char SQL_PG_COLLATION[] =
    "SELECT datcollate FROM pg_database WHERE datname = current_database()";

static bool pg__accepts(const char *url)
{
    return strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0;
}

/* Notices (e.g. "relation already exists, skipping") go to the debug log, not stderr. */
static void pg__notice(void *arg, const char *msg)
{
    (void)arg;
    log_debug("store", "event=pg_notice msg=\"%.*s\"", (int)strcspn(msg, "\n"), msg);
}

/* The first line of libpq's error message, for one-line reports. */
static int pg__line(const char *msg)
{
    return (int)strcspn(msg ? msg : "", "\n");
}

static bool pg__is_lost(struct pg__conn *c, const PGresult *res)
{
    if (PQstatus(c->pg) != CONNECTION_OK)
        return true;
    const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (!st)
        return true; /* no server error: the failure is on the client side (the socket) */
    return strncmp(st, "08", 2) == 0 || strcmp(st, "57P01") == 0 || strcmp(st, "57P02") == 0 ||
           strcmp(st, "57P03") == 0;
}

/* Classify a failed statement; logs it. */
static int pg__error(struct pg__conn *c, const PGresult *res, const char *sql)
{
    if (pg__is_lost(c, res)) {
        if (!c->lost)
            log_warn("store", "event=pg_connection_lost msg=\"%.*s\"",
                     pg__line(PQerrorMessage(c->pg)), PQerrorMessage(c->pg));
        c->lost = true;
        return -ERR_DB_UNAVAILABLE;
    }
    const char *st = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    if (strncmp(st, "23", 2) == 0)
        return -ERR_CONFLICT;
    const char *msg = PQresultErrorMessage(res);
    log_error("store", "event=pg_statement_failed sqlstate=%s msg=\"%.*s\" sql=\"%.120s\"", st,
              pg__line(msg), msg, sql);
    /* Storage faults the client sees as such, as on SQLite (sqlite.c, sqlite__fault). */
    if (strcmp(st, "53100") == 0) /* disk_full */
        return -ERR_DB_FULL;
    if (strcmp(st, "25006") == 0) /* read_only_sql_transaction: a standby, or read-only */
        return -ERR_DB_READONLY;
    if (strcmp(st, "55P03") == 0) /* lock_not_available */
        return -ERR_DB_BUSY;
    if (strcmp(st, "53300") == 0 || strcmp(st, "53200") == 0) /* connections, memory */
        return -ERR_DB_UNAVAILABLE;
    return -ERR_INTERNAL;
}

/* Per-session settings, after every (re)connect. */
static int pg__session(struct pg__conn *c)
{
    PQsetNoticeProcessor(c->pg, pg__notice, NULL);
    PGresult *r = PQexec(c->pg, SQL_PG_SESSION);
    int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : pg__error(c, r, SQL_PG_SESSION);
    PQclear(r);
    return rc;
}

/*
 * Make the connection usable: nothing when it is, else PQreset — but not inside a transaction,
 * whose statements must all run on the connection that began it.
 */
static int pg__ready(struct pg__conn *c)
{
    if (!c->lost && PQstatus(c->pg) == CONNECTION_OK)
        return 0;
    c->lost = true;
    if (c->tx_open)
        return -ERR_DB_UNAVAILABLE;
    PQreset(c->pg);
    if (PQstatus(c->pg) != CONNECTION_OK)
        return -ERR_DB_UNAVAILABLE;
    c->gen++;
    c->lost = false;
    int rc = pg__session(c);
    if (rc == 0)
        log_info("store", "event=pg_reconnected");
    return rc;
}

static void pg__stmt_free(struct pg__stmt *st)
{
    if (!st)
        return;
    PQclear(st->res);
    for (int i = 0; i < PG__MAXP; i++)
        free(st->vals[i]);
    free(st);
}

static void pg__disconnect(void *conn)
{
    struct pg__conn *c = conn;
    if (!c)
        return;
    for (int i = 0; i < PG__CACHE; i++)
        pg__stmt_free(c->cache[i].st);
    PQfinish(c->pg);
    free(c);
}

/* Refuse a database whose text comparison is not bytewise (see the file comment). */
static int pg__check_collation(struct pg__conn *c, const char *db)
{
    PGresult *r = PQexec(c->pg, SQL_PG_COLLATION);
    int rc = 0;
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
        rc = pg__error(c, r, SQL_PG_COLLATION);
    } else {
        const char *coll = PQgetvalue(r, 0, 0);
        if (strcmp(coll, "C") != 0 && strcmp(coll, "POSIX") != 0 && strncmp(coll, "C.", 2) != 0) {
            fprintf(stderr,
                    "ureg: database %s has collation %s; ureg needs bytewise text order: "
                    "createdb --locale=C --encoding=UTF8 --template=template0 %s\n",
                    db, coll, db);
            rc = -ERR_DB_OPEN;
        }
    }
    PQclear(r);
    return rc;
}

static int pg__connect(const char *url, void **out)
{
    /* Defaults first: settings in the URL itself (…?connect_timeout=…) override them. */
    const char *const keys[] = {"connect_timeout", "application_name", "dbname", NULL};
    const char *const vals[] = {"5", "ureg", url, NULL};
    struct pg__conn *c = xcalloc(1, sizeof *c);
    c->pg = PQconnectdbParams(keys, vals, 1);
    int rc = 0;
    if (!c->pg) {
        fprintf(stderr, "ureg: cannot connect to PostgreSQL: out of memory\n");
        free(c);
        return -ERR_DB_OPEN;
    }
    if (PQstatus(c->pg) != CONNECTION_OK) {
        /* Host, port and database only: the URL may carry a password. */
        const char *msg = PQerrorMessage(c->pg);
        const char *host = PQhost(c->pg), *port = PQport(c->pg), *db = PQdb(c->pg);
        if (host && *host)
            fprintf(stderr, "ureg: cannot connect to PostgreSQL database \"%s\" at %s:%s: %.*s\n",
                    db ? db : "", host, port ? port : "", pg__line(msg), msg);
        else
            fprintf(stderr, "ureg: cannot connect to PostgreSQL (%s): %.*s\n",
                    strncmp(msg, "invalid", 7) == 0 || strstr(msg, "URI") ? "bad URL"
                                                                          : "connection",
                    pg__line(msg), msg);
        rc = -ERR_DB_OPEN;
        goto fail;
    }
    c->gen = 1;
    rc = pg__session(c);
    if (rc == 0)
        rc = pg__check_collation(c, PQdb(c->pg));
    if (rc < 0) {
        if (rc != -ERR_DB_OPEN)
            fprintf(stderr, "ureg: PostgreSQL database %s is not usable\n", PQdb(c->pg));
        rc = -ERR_DB_OPEN;
        goto fail;
    }
    *out = c;
    return 0;
fail:
    pg__disconnect(c);
    return rc;
}

/* The highest $n in sql, skipping quoted literals and identifiers. */
static int pg__count_params(const char *sql)
{
    int max = 0;
    for (const char *p = sql; *p; p++) {
        if (*p == '\'' || *p == '"') {
            char q = *p;
            while (p[1] && p[1] != q)
                p++;
            if (p[1])
                p++;
        } else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
            int n = 0;
            while (p[1] >= '0' && p[1] <= '9')
                n = n * 10 + (*++p - '0');
            if (n > max)
                max = n;
        }
    }
    if (max > PG__MAXP) {
        fprintf(stderr, "ureg: SQL has more than %d parameters: %.200s\n", PG__MAXP, sql);
        abort();
    }
    return max;
}

static struct pg__stmt *pg__stmt_new(struct pg__conn *c, const char *sql, bool cached)
{
    struct pg__stmt *st = xcalloc(1, sizeof *st);
    st->c = c;
    st->sql = sql;
    st->cached = cached;
    st->n_params = pg__count_params(sql);
    for (int i = 0; i < st->n_params; i++)
        st->is_null[i] = true;
    return st;
}

static void *pg__prepare(void *conn, const char *sql, bool cached)
{
    struct pg__conn *c = conn;
    if (!cached)
        return pg__stmt_new(c, sql, false);
    size_t h = ((uintptr_t)sql >> 4) * 2654435761u;
    for (size_t i = 0; i < PG__CACHE; i++) {
        struct pg__slot *s = &c->cache[(h + i) & (PG__CACHE - 1)];
        if (s->sql == sql)
            return s->st;
        if (!s->sql) {
            s->sql = sql;
            s->st = pg__stmt_new(c, sql, true);
            return s->st;
        }
    }
    return pg__stmt_new(c, sql, false); /* table full: never expected */
}

static void pg__release(void *conn, void *stmt, bool cached)
{
    (void)conn;
    struct pg__stmt *st = stmt;
    if (!cached) {
        pg__stmt_free(st);
        return;
    }
    PQclear(st->res);
    st->res = NULL;
    st->executed = false;
    st->row = st->n_rows = 0;
    for (int i = 0; i < st->n_params; i++)
        st->is_null[i] = true;
}

static void pg__bind(struct pg__stmt *st, int idx, const char *v, size_t n)
{
    if (idx < 1 || idx > st->n_params) {
        fprintf(stderr, "ureg: SQL has no parameter $%d: %.200s\n", idx, st->sql);
        abort();
    }
    int i = idx - 1;
    if (!v) {
        st->is_null[i] = true;
        return;
    }
    if (st->caps[i] < n + 1) {
        st->caps[i] = n + 1 < 64 ? 64 : n + 1;
        st->vals[i] = xrealloc(st->vals[i], st->caps[i]);
    }
    memcpy(st->vals[i], v, n);
    st->vals[i][n] = '\0';
    st->lens[i] = (int)n;
    st->is_null[i] = false;
}

static void pg__bind_text(void *stmt, int idx, const char *v, size_t n)
{
    pg__bind(stmt, idx, v, n);
}

static void pg__bind_int(void *stmt, int idx, int64_t v)
{
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
    pg__bind(stmt, idx, buf, (size_t)n);
}

static void pg__bind_null(void *stmt, int idx)
{
    pg__bind(stmt, idx, NULL, 0);
}

/*
 * Whether a statement that met a lost connection may be sent again on a new one: only outside
 * a transaction, and only when running it twice is the same as once — BEGIN, and a SELECT
 * (our SELECTs read). Then the first request after a server restart does not fail on each
 * pooled connection that went stale while idle.
 */
static bool pg__may_retry(const struct pg__conn *c, const char *sql)
{
    return !c->tx_open && (strcmp(sql, "BEGIN") == 0 || strncmp(sql, "SELECT ", 7) == 0);
}

/*
 * Deferred statements (pg__defer): inside a transaction, a write whose rows and count nobody
 * reads is sent in libpq's pipeline mode and not waited for; the next statement that must be
 * waited for goes down the same pipe, so the deferred ones cost no round trip of their own.
 * Their results are read, in order, by pg__pipe_finish before that statement's: the first
 * failure is the statement's error (PostgreSQL has aborted the transaction then, so it can
 * only roll back: a COMMIT after a deferred failure is a ROLLBACK and an error).
 */
static int pg__pipe_push(struct pg__conn *c, const char *sql, struct pg__stmt *prepared)
{
    c->pipe[c->n_pipe].sql = sql;
    c->pipe[c->n_pipe].prepared = prepared;
    c->n_pipe++;
    return 0;
}

/* Send st (prepared first when needed) down the pipe. */
static int pg__pipe_send(struct pg__stmt *st)
{
    struct pg__conn *c = st->c;
    if (!c->piped) {
        if (PQenterPipelineMode(c->pg) != 1)
            return pg__error(c, NULL, st->sql);
        c->piped = true;
    }
    const char *vals[PG__MAXP];
    for (int i = 0; i < st->n_params; i++)
        vals[i] = st->is_null[i] ? NULL : st->vals[i];
    if (st->cached && st->gen != c->gen) {
        snprintf(st->name, sizeof st->name, "s%u", ++c->names);
        if (PQsendPrepare(c->pg, st->name, st->sql, st->n_params, NULL) != 1)
            return pg__error(c, NULL, st->sql);
        st->gen = c->gen;
        pg__pipe_push(c, st->sql, st);
    }
    int ok = st->cached
                 ? PQsendQueryPrepared(c->pg, st->name, st->n_params, vals, st->lens, NULL, 0)
                 : PQsendQueryParams(c->pg, st->sql, st->n_params, NULL, vals, st->lens, NULL, 0);
    if (ok != 1)
        return pg__error(c, NULL, st->sql);
    return pg__pipe_push(c, st->sql, NULL);
}

/*
 * Read the results of every command down the pipe and leave pipeline mode. `want`, when not
 * NULL, was sent last: its result is kept in want->res. Returns 0 or the first failure.
 */
static int pg__pipe_finish(struct pg__conn *c, struct pg__stmt *want)
{
    int rc = 0;
    if (PQpipelineSync(c->pg) != 1)
        rc = pg__error(c, NULL, "SYNC");
    for (int i = 0; i < c->n_pipe && !c->lost; i++) {
        PGresult *r;
        bool first = true;
        while ((r = PQgetResult(c->pg)) != NULL) {
            ExecStatusType s = PQresultStatus(r);
            bool ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
            if (!ok && s != PGRES_PIPELINE_ABORTED && rc == 0)
                rc = pg__error(c, r, c->pipe[i].sql);
            if (!ok && c->pipe[i].prepared)
                c->pipe[i].prepared->gen = 0; /* not prepared after all */
            if (ok && first && want && i == c->n_pipe - 1 && !c->pipe[i].prepared) {
                want->res = r;
                want->executed = true;
                want->row = 0;
                want->n_rows = s == PGRES_TUPLES_OK ? PQntuples(r) : 0;
                c->changes = atoi(PQcmdTuples(r));
            } else {
                PQclear(r);
            }
            first = false;
            if (PQstatus(c->pg) != CONNECTION_OK)
                break;
        }
        if (PQstatus(c->pg) != CONNECTION_OK && rc == 0)
            rc = pg__error(c, NULL, c->pipe[i].sql);
    }
    c->n_pipe = 0;
    /* The sync's own result, then out of pipeline mode. */
    PGresult *r;
    for (int guard = 0; guard < 4 && (r = PQgetResult(c->pg)) != NULL; guard++) {
        bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        PQclear(r);
        if (sync)
            break;
    }
    if (PQexitPipelineMode(c->pg) != 1 && rc == 0)
        rc = pg__error(c, NULL, "SYNC");
    c->piped = false;
    if (rc == 0 && want && !want->executed)
        rc = -ERR_INTERNAL;
    return rc;
}

/* Prepare (once per connection generation) and run the statement; keep its whole result. */
static int pg__execute_once(struct pg__stmt *st)
{
    struct pg__conn *c = st->c;
    int rc = pg__ready(c);
    if (rc < 0)
        return rc;
    if (c->piped) {
        rc = pg__pipe_send(st);
        int end = pg__pipe_finish(c, rc == 0 ? st : NULL);
        return rc < 0 ? rc : end;
    }
    const char *vals[PG__MAXP];
    for (int i = 0; i < st->n_params; i++)
        vals[i] = st->is_null[i] ? NULL : st->vals[i];
    PGresult *r;
    if (st->cached) {
        if (st->gen != c->gen) {
            snprintf(st->name, sizeof st->name, "s%u", ++c->names);
            r = PQprepare(c->pg, st->name, st->sql, st->n_params, NULL);
            if (PQresultStatus(r) != PGRES_COMMAND_OK) {
                rc = pg__error(c, r, st->sql);
                PQclear(r);
                return rc;
            }
            PQclear(r);
            st->gen = c->gen;
        }
        r = PQexecPrepared(c->pg, st->name, st->n_params, vals, st->lens, NULL, 0);
    } else {
        r = PQexecParams(c->pg, st->sql, st->n_params, NULL, vals, st->lens, NULL, 0);
    }
    ExecStatusType s = PQresultStatus(r);
    if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
        rc = pg__error(c, r, st->sql);
        PQclear(r);
        return rc;
    }
    st->res = r;
    st->executed = true;
    st->row = 0;
    st->n_rows = s == PGRES_TUPLES_OK ? PQntuples(r) : 0;
    c->changes = atoi(PQcmdTuples(r));
    return 0;
}

static int pg__execute(struct pg__stmt *st)
{
    int rc = pg__execute_once(st);
    if (rc == -ERR_DB_UNAVAILABLE && pg__may_retry(st->c, st->sql))
        rc = pg__execute_once(st);
    return rc;
}

static int pg__step(void *stmt)
{
    struct pg__stmt *st = stmt;
    if (!st->executed) {
        int rc = pg__execute(st);
        if (rc < 0)
            return rc;
    }
    if (st->row < st->n_rows) {
        st->row++;
        return 1;
    }
    return 0;
}

/* A write whose rows and count are not read: down the pipe inside a transaction (see
 * pg__pipe_send), run at once outside one. */
static int pg__defer(void *stmt)
{
    struct pg__stmt *st = stmt;
    struct pg__conn *c = st->c;
    if (!c->tx_open || c->lost) {
        int rc = pg__step(st);
        return rc < 0 ? rc : 0;
    }
    int rc = pg__ready(c);
    if (rc == 0)
        rc = pg__pipe_send(st);
    if (rc == 0 && c->n_pipe >= PG__PIPE - 2)
        rc = pg__pipe_finish(c, NULL);
    return rc;
}

static const char *pg__col_text(void *stmt, int col)
{
    struct pg__stmt *st = stmt;
    if (!st->res || st->row < 1 || PQgetisnull(st->res, st->row - 1, col))
        return NULL;
    return PQgetvalue(st->res, st->row - 1, col);
}

static int64_t pg__col_int(void *stmt, int col)
{
    const char *v = pg__col_text(stmt, col);
    return v ? strtoll(v, NULL, 10) : 0;
}

static bool pg__col_null(void *stmt, int col)
{
    struct pg__stmt *st = stmt;
    return !st->res || st->row < 1 || PQgetisnull(st->res, st->row - 1, col);
}

static int pg__changes(void *conn)
{
    return ((struct pg__conn *)conn)->changes;
}

/*
 * Plain SQL (several statements allowed: migrations), and the transaction statements. BEGIN
 * marks the transaction open; COMMIT and ROLLBACK close it. A COMMIT that PostgreSQL turns
 * into a rollback (the transaction had failed) is an error, never a success.
 */
static int pg__exec_script(void *conn, const char *sql)
{
    struct pg__conn *c = conn;
    bool begin = sql == PG__BEGIN_READ || sql == PG__BEGIN_WRITE || sql == PG__BEGIN_SNAPSHOT;
    bool commit = strcmp(sql, "COMMIT") == 0, rollback = strcmp(sql, "ROLLBACK") == 0;
    if (rollback && c->lost) {
        c->tx_open = false; /* the server rolled it back when the connection went */
        return 0;
    }
    int rc = c->piped ? pg__pipe_finish(c, NULL) : 0;
    if (rc < 0 && strncmp(sql, "ROLLBACK", 8) != 0) {
        /* A deferred statement failed: its error is this statement's (a RELEASE or SAVEPOINT
         * after it must not hide it), and a COMMIT can only roll back. A ROLLBACK, to a
         * savepoint too, still runs: it is what the failure asks for. */
        if (commit) {
            PQclear(PQexec(c->pg, "ROLLBACK"));
            c->tx_open = false;
        }
        return rc;
    }
    rc = pg__ready(c);
    if (rc < 0) {
        if (commit || rollback)
            c->tx_open = false;
        return rc;
    }
    PGresult *r = PQexec(c->pg, sql);
    ExecStatusType s = PQresultStatus(r);
    bool bad = s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY;
    if (bad) {
        rc = pg__error(c, r, sql);
        if (rc == -ERR_DB_UNAVAILABLE && pg__may_retry(c, sql) && pg__ready(c) == 0) {
            PQclear(r);
            r = PQexec(c->pg, sql);
            s = PQresultStatus(r);
            bad = s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY;
            rc = bad ? pg__error(c, r, sql) : 0;
        }
    }
    if (!bad && commit && strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
        log_error("store", "event=pg_commit_rolled_back");
        rc = -ERR_INTERNAL;
    }
    PQclear(r);
    if (begin && rc == 0)
        c->tx_open = true;
    if (commit || rollback)
        c->tx_open = false;
    return rc;
}

static bool pg__is_word_char(char ch)
{
    return ch == '_' || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
           (ch >= '0' && ch <= '9');
}

/* Whether `word` (n characters) starts at p as a whole word; start is the string's beginning. */
static bool pg__word_at(const char *p, const char *start, const char *word, size_t n)
{
    if ((p > start && pg__is_word_char(p[-1])) || strncmp(p, word, n) != 0)
        return false;
    return !pg__is_word_char(p[n]); /* p[n] exists: the n characters before it matched */
}

/*
 * The shared migration files speak SQLite's types: `INTEGER PRIMARY KEY` is the row id and
 * INTEGER holds 64-bit values (ids, Unix seconds). PostgreSQL's INTEGER is 32-bit and has no
 * implicit row id, so the upper-case words are mapped: INTEGER PRIMARY KEY → BIGINT GENERATED
 * BY DEFAULT AS IDENTITY PRIMARY KEY (explicit ids stay possible, e.g. when copying a
 * database), any other INTEGER → BIGINT. Returns a new string (free it).
 */
static char *pg__migration_sql(const char *sql)
{
    static const char ipk[] = "INTEGER PRIMARY KEY", ipk_pg[] =
                                                         "BIGINT GENERATED BY DEFAULT AS IDENTITY"
                                                         " PRIMARY KEY";
    static const char in[] = "INTEGER", in_pg[] = "BIGINT";
    size_t cap = strlen(sql) * 2 + 64, o = 0;
    char *out = xmalloc(cap);
    for (const char *p = sql; *p;) {
        const char *rep = NULL;
        size_t skip = 0;
        if (pg__word_at(p, sql, ipk, sizeof ipk - 1)) {
            rep = ipk_pg;
            skip = sizeof ipk - 1;
        } else if (pg__word_at(p, sql, in, sizeof in - 1)) {
            rep = in_pg;
            skip = sizeof in - 1;
        }
        size_t need = rep ? strlen(rep) : 1;
        if (o + need + 1 > cap) {
            cap = (o + need + 1) * 2;
            out = xrealloc(out, cap);
        }
        if (rep) {
            memcpy(out + o, rep, need);
            o += need;
            p += skip;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    return out;
}

const struct store_backend store__pg = {
    .name = "postgresql",
    .dialect = "pg",
    .accepts = pg__accepts,
    .connect = pg__connect,
    .disconnect = pg__disconnect,
    .exec_script = pg__exec_script,
    .prepare = pg__prepare,
    .release = pg__release,
    .bind_text = pg__bind_text,
    .bind_int = pg__bind_int,
    .bind_null = pg__bind_null,
    .step = pg__step,
    .defer = pg__defer,
    .col_text = pg__col_text,
    .col_int = pg__col_int,
    .col_null = pg__col_null,
    .changes = pg__changes,
    .migration_sql = pg__migration_sql,
    .begin_read = PG__BEGIN_READ,
    .begin_write = PG__BEGIN_WRITE,
    .begin_snapshot = PG__BEGIN_SNAPSHOT,
    .lock_migrations = SQL_PG_LOCK_MIGRATIONS,
};
