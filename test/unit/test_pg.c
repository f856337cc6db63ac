/*
 * test_pg.c — the PostgreSQL backend (store/pg.c) against a real server.
 *
 * Runs when $UREG_TEST_PG names the admin database of a cluster (scripts/pg-test.sh starts a
 * throwaway one; `make test` runs this under it with UREG_TEST_PG_REQUIRED=1, and then a
 * missing or unreachable cluster is a failure). Without UREG_TEST_PG and without the
 * requirement, every test is skipped: plain `make unit` is the SQLite run.
 *
 * What it checks: constraint violations map to -ERR_CONFLICT and leave the transaction usable
 * after a rollback; the audit log refuses UPDATE, DELETE and TRUNCATE; serials stay unique and
 * gap-free with several threads; of many concurrent claims of one person exactly one wins; a
 * lost connection is -ERR_DB_UNAVAILABLE, is re-established outside a transaction but never
 * inside one; a group-commit batch whose connection is lost, or one of whose items' deferred
 * writes fails, fails every item in it; and writes
 * deferred down the pipeline (store_q_later) commit in order, or fail the next statement or the
 * COMMIT, which then keeps nothing.
 */
#include "testutil.h"

#include "base/err.h"
#include "store/application.h"
#include "store/audit.h"
#include "store/batch.h"
#include "store/db.h"
#include "store/pii.h"
#include "rules/auditchain.h"
#include "rules/intake.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define THREADS 8

static const char SQL_T_PID[] = "SELECT pg_backend_pid()";
static const char SQL_T_KILL[] = "SELECT pg_terminate_backend($1)";
static const char SQL_T_KILL_SELF[] = "SELECT pg_terminate_backend(pg_backend_pid())";
static const char SQL_T_REGION[] =
    "INSERT INTO region (code, name, parent, level) VALUES ($1, 'x', NULL, $2)";
static const char SQL_T_USER_BAD_AGENCY[] =
    "INSERT INTO app_user (username, password_hash, role, agency_id, created_at)"
    " VALUES ('nobody', 'h', 'admin', 999999, 'now')";
static const char SQL_T_AUDIT_UPDATE[] = "UPDATE audit_log SET action = 'changed'";
static const char SQL_T_AUDIT_DELETE[] = "DELETE FROM audit_log";
static const char SQL_T_AUDIT_TRUNCATE[] = "TRUNCATE audit_log";
static const char SQL_T_AUDIT_COUNT[] = "SELECT COUNT(*) FROM audit_log WHERE action = $1";
static const char SQL_T_META_PUT[] = "INSERT INTO meta (key, value) VALUES ($1, 'v')";
static const char SQL_T_SAVEPOINT[] = "SAVEPOINT t_item";
static const char SQL_T_ROLLBACK_TO[] = "ROLLBACK TO t_item";
static const char SQL_T_META_COUNT[] = "SELECT COUNT(*) FROM meta WHERE key LIKE 'batch:%'";
static const char SQL_T_OPEN_COUNT[] = "SELECT COUNT(*) FROM person_open WHERE person_key = $1";

struct fixture {
    char url[512];
    struct store *s;
};

static char g_admin[512];
static bool g_skip;

/* Create a new database on the cluster and return its URL in out. */
static int make_db(const char *name, char *out, size_t outsz)
{
    struct store *admin;
    if (store_open(g_admin, 1, &admin) < 0)
        return -1;
    char sql[160];
    /* The database name is a constant of this test plus the pid: no user input. */
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", name);
    struct store_conn *c = store_acquire(admin);
    int rc = store_exec_script(c, sql);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    if (rc == 0)
        rc = store_exec_script(c, sql);
    store_release(admin, c);
    store_close(admin);
    const char *slash = strrchr(g_admin, '/');
    snprintf(out, outsz, "%.*s/%s", (int)(slash - g_admin), g_admin, name);
    return rc;
}

static int setup(void **state)
{
    if (g_skip)
        return 0;
    static int seq;
    static const uint8_t key[32] = {9, 8, 7}; /* the blind index of person_open (store/pii) */
    store_pii_set_master(key);
    struct fixture *f = calloc(1, sizeof *f);
    char name[64];
    snprintf(name, sizeof name, "ureg_unit_%d_%d", (int)getpid(), ++seq);
    if (make_db(name, f->url, sizeof f->url) < 0 || store_open(f->url, THREADS + 2, &f->s) < 0 ||
        store_migrate(f->s) < 0) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    if (f) {
        store_close(f->s);
        free(f);
    }
    return 0;
}

static int64_t one_int(struct store_conn *c, const char *sql, const char *arg)
{
    struct store_q *q = store_q_open(c, sql);
    if (arg)
        store_q_text(q, 1, arg);
    int64_t v = -1;
    assert_int_equal(store_q_one_int(q, &v, -ERR_INTERNAL), 0);
    return v;
}

static int region_insert(struct store_conn *c, const char *code, int level)
{
    struct store_q *q = store_q_open(c, SQL_T_REGION);
    store_q_text(q, 1, code);
    store_q_int(q, 2, level);
    return store_q_done(q);
}

static void constraint_violations_are_conflicts(void **state)
{
    if (g_skip)
        skip();
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->s);
    assert_string_equal(store_backend_name(f->s), "postgresql");
    /* 23505 unique: the same new region code twice. */
    assert_int_equal(store_tx_begin(c, true), 0);
    assert_int_equal(region_insert(c, "990001", 1), 1);
    assert_int_equal(store_tx_commit(c), 0);
    assert_int_equal(store_tx_begin(c, true), 0);
    assert_int_equal(region_insert(c, "990001", 1), -ERR_CONFLICT);
    store_tx_rollback(c);
    /* 23514 check (level BETWEEN 1 AND 4) and 23503 foreign key (agency 999999). */
    assert_int_equal(region_insert(c, "990002", 9), -ERR_CONFLICT);
    assert_int_equal(store_q_done(store_q_open(c, SQL_T_USER_BAD_AGENCY)), -ERR_CONFLICT);
    /* After the rollback the connection works as before. */
    assert_int_equal(region_insert(c, "990003", 2), 1);
    store_release(f->s, c);
}

static void audit_log_is_append_only(void **state)
{
    if (g_skip)
        skip();
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->s);
    struct audit_entry e = {.actor = "system:test", .action = "test.append"};
    assert_int_equal(store_audit_append(c, 1772415000, &e), 0);
    assert_int_equal(store_q_done(store_q_open(c, SQL_T_AUDIT_UPDATE)), -ERR_CONFLICT);
    assert_int_equal(store_q_done(store_q_open(c, SQL_T_AUDIT_DELETE)), -ERR_CONFLICT);
    assert_int_equal(store_exec_script(c, SQL_T_AUDIT_TRUNCATE), -ERR_CONFLICT);
    assert_int_equal(one_int(c, SQL_T_AUDIT_COUNT, "test.append"), 1);
    store_release(f->s, c);
}

/* A second writer that takes the chain's next place while the first holds it. */
static void *audit_waiter(void *arg)
{
    struct fixture *f = arg;
    struct store_conn *c = store_acquire(f->s);
    struct audit_entry e = {.actor = "system:test", .action = "test.second"};
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = store_tx_end(c, store_audit_append(c, 1772415002, &e));
    store_release(f->s, c);
    return (void *)(intptr_t)rc;
}

struct chain_walk {
    unsigned char prev[AUDITCHAIN_HASH];
    int n, bad;
};

static int chain_row(const struct audit_row *r, void *arg)
{
    struct chain_walk *w = arg;
    struct auditchain_fields fl = {r->seq,    r->at,     r->has_actor_id, r->actor_id,
                                   r->actor,  r->action, r->object_type,  r->object_id,
                                   r->remote, r->detail};
    unsigned char h[AUDITCHAIN_HASH], stored[AUDITCHAIN_HASH];
    auditchain_hash(w->n ? w->prev : NULL, &fl, h);
    if (!r->hash || auditchain_from_hex(r->hash, stored) < 0 || memcmp(h, stored, sizeof h) != 0)
        w->bad++;
    memcpy(w->prev, h, sizeof h);
    w->n++;
    return 0;
}

/*
 * Two writers on two connections: the second asks for the chain's next place while the first
 * holds it and has not committed its entry. Once the first commits, the second must link to that
 * entry (on PostgreSQL a statement that waited on the row lock still sees only what was committed
 * when it began: the previous hash has to be read by a statement of its own).
 */
static void audit_chain_links_a_writer_that_waited(void **state)
{
    if (g_skip)
        skip();
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->s);
    struct audit_entry e = {.actor = "system:test", .action = "test.first"};
    assert_int_equal(store_tx_begin(c, true), 0);
    assert_int_equal(store_audit_append(c, 1772415001, &e), 0);
    pthread_t t;
    pthread_create(&t, NULL, audit_waiter, f);
    usleep(300 * 1000); /* the second writer is now waiting for the chain row */
    assert_int_equal(store_tx_end(c, 0), 0);
    void *rc;
    pthread_join(t, &rc);
    assert_int_equal((int)(intptr_t)rc, 0);
    struct chain_walk w = {{0}, 0, 0};
    assert_true(store_audit_chain_page(c, 0, 1000, chain_row, &w) >= 0);
    assert_int_equal(w.n, 2);
    assert_int_equal(w.bad, 0);
    store_release(f->s, c);
}

/* --- deferred writes (store_q_later: libpq's pipeline mode) ------------------------------ */

static int meta_put_later(struct store_conn *c, const char *key)
{
    struct store_q *q = store_q_open(c, SQL_T_META_PUT);
    store_q_text(q, 1, key);
    return store_q_later(q);
}

static int region_insert_later(struct store_conn *c, const char *code, int level)
{
    struct store_q *q = store_q_open(c, SQL_T_REGION);
    store_q_text(q, 1, code);
    store_q_int(q, 2, level);
    return store_q_later(q);
}

/* More deferred writes than the pipe holds, read back inside the transaction and after it; a
 * transaction's audit entries (each linking to the one before without reading it back) make a
 * chain that verifies. */
static void deferred_writes_commit_in_order(void **state)
{
    if (g_skip)
        skip();
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->s);
    assert_int_equal(store_tx_begin(c, true), 0);
    char key[32];
    for (int i = 0; i < 150; i++) {
        snprintf(key, sizeof key, "batch:%03d", i);
        assert_int_equal(meta_put_later(c, key), 0);
    }
    assert_int_equal(one_int(c, SQL_T_META_COUNT, NULL), 150); /* waits for them */
    for (int i = 0; i < 5; i++) {
        struct audit_entry e = {.actor = "system:test", .action = "test.piped"};
        assert_int_equal(store_audit_append(c, 1772415010 + i, &e), 0);
    }
    assert_int_equal(meta_put_later(c, "batch:last"), 0);
    assert_int_equal(store_tx_commit(c), 0); /* the last one goes with the COMMIT */
    assert_int_equal(one_int(c, SQL_T_META_COUNT, NULL), 151);
    assert_int_equal(one_int(c, SQL_T_AUDIT_COUNT, "test.piped"), 5);
    struct chain_walk w = {{0}, 0, 0};
    assert_true(store_audit_chain_page(c, 0, 1000, chain_row, &w) >= 0);
    assert_int_equal(w.n, 5);
    assert_int_equal(w.bad, 0);
    store_release(f->s, c);
}

/* An audit entry undone by a rollback to a savepoint (a failed group-commit item) is not the
 * chain's last: the next entry follows the one before it, and the chain verifies. */
static void an_entry_rolled_back_to_a_savepoint_leaves_the_chain_whole(void **state)
{
    if (g_skip)
        skip();
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->s);
    assert_int_equal(store_tx_begin(c, true), 0);
    struct audit_entry e = {.actor = "system:test", .action = "test.sp"};
    assert_int_equal(store_audit_append(c, 1772415010, &e), 0);
    assert_int_equal(store_q_done(store_q_open(c, SQL_T_SAVEPOINT)), 0);
    assert_int_equal(store_audit_append(c, 1772415011, &e), 0);
    assert_int_equal(store_q_done(store_q_open(c, SQL_T_ROLLBACK_TO)), 0);
    store__audit_last_forget(c); /* as store/batch.c does after its ROLLBACK TO */
    assert_int_equal(store_audit_append(c, 1772415012, &e), 0);
    assert_int_equal(store_tx_commit(c), 0);
    struct chain_walk w = {{0}, 0, 0};
    assert_true(store_audit_chain_page(c, 0, 1000, chain_row, &w) >= 0);
    assert_int_equal(w.n, 2);
    assert_int_equal(w.bad, 0);
    store_release(f->s, c);
}

/* A deferred write that fails: the next statement reports it, or the COMMIT does (and nothing of
 * the transaction is kept); the connection works afterwards. */
static void deferred_failure_fails_the_transaction(void **state)
{
    if (g_skip)
        skip();
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->s);
    assert_int_equal(region_insert(c, "990021", 1), 1);
    /* Reported by the next statement. */
    assert_int_equal(store_tx_begin(c, true), 0);
    assert_int_equal(region_insert_later(c, "990021", 1), 0);
    struct store_q *q = store_q_open(c, SQL_T_META_COUNT);
    assert_int_equal(store_q_step(q), -ERR_CONFLICT);
    store_q_close(q);
    store_tx_rollback(c);
    /* Reported by the COMMIT, which rolls back the good write before the bad one. */
    assert_int_equal(store_tx_begin(c, true), 0);
    assert_int_equal(meta_put_later(c, "batch:kept?"), 0);
    assert_int_equal(region_insert_later(c, "990021", 1), 0);
    assert_int_equal(store_tx_commit(c), -ERR_CONFLICT);
    assert_int_equal(one_int(c, SQL_T_META_COUNT, NULL), 0);
    /* Outside a transaction a deferred write runs at once. */
    assert_int_equal(region_insert_later(c, "990021", 1), -ERR_CONFLICT);
    assert_int_equal(meta_put_later(c, "batch:after"), 0);
    assert_int_equal(one_int(c, SQL_T_META_COUNT, NULL), 1);
    store_release(f->s, c);
}

/* --- concurrency ----------------------------------------------------------------------- */

struct worker {
    struct store *s;
    pthread_barrier_t *start;
    int index;
    long serials[100];
    int n_serials;
    int rc;
    char existing[INTAKE_NO_SIZE];
};

static void *serial_worker(void *arg)
{
    struct worker *w = arg;
    pthread_barrier_wait(w->start);
    for (int i = 0; i < 100; i++) {
        struct store_conn *c = store_acquire(w->s);
        long v = 0;
        int rc = store_tx_begin(c, true);
        if (rc == 0)
            rc = store_serial_next(c, "app:110101:20260302", &v);
        if (rc == 0)
            rc = store_tx_commit(c);
        else
            store_tx_rollback(c);
        store_release(w->s, c);
        if (rc < 0) {
            w->rc = rc;
            break;
        }
        w->serials[w->n_serials++] = v;
    }
    return NULL;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static void serials_are_unique_under_concurrency(void **state)
{
    if (g_skip)
        skip();
    struct fixture *f = *state;
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, THREADS);
    struct worker w[THREADS];
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (struct worker){.s = f->s, .start = &start, .index = i};
        pthread_create(&t[i], NULL, serial_worker, &w[i]);
    }
    long all[THREADS * 100];
    int n = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].rc, 0);
        memcpy(all + n, w[i].serials, (size_t)w[i].n_serials * sizeof *all);
        n += w[i].n_serials;
    }
    pthread_barrier_destroy(&start);
    assert_int_equal(n, THREADS * 100);
    qsort(all, (size_t)n, sizeof *all, cmp_long);
    for (int i = 0; i < n; i++)
        assert_int_equal(all[i], i + 1); /* 1..800: none twice, none skipped */
}

static void *claim_worker(void *arg)
{
    struct worker *w = arg;
    char app_no[32], reg[INTAKE_NO_SIZE] = "";
    snprintf(app_no, sizeof app_no, "11010120260302%06d", w->index + 1);
    struct store_conn *c = store_acquire(w->s);
    pthread_barrier_wait(w->start);
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = store_open_claim(c, "C:110101199005170011", app_no, w->existing, reg);
    /* Hold the claim a moment so that the others meet it uncommitted. */
    usleep(20000);
    if (rc == 0)
        rc = store_tx_commit(c);
    else
        store_tx_rollback(c);
    store_release(w->s, c);
    w->rc = rc;
    return NULL;
}

static void one_open_case_one_winner_under_concurrency(void **state)
{
    if (g_skip)
        skip();
    struct fixture *f = *state;
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, THREADS);
    struct worker w[THREADS];
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (struct worker){.s = f->s, .start = &start, .index = i};
        pthread_create(&t[i], NULL, claim_worker, &w[i]);
    }
    int winners = 0, winner = -1;
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
    for (int i = 0; i < THREADS; i++) {
        if (w[i].rc == 0) {
            winners++;
            winner = i;
        } else {
            assert_int_equal(w[i].rc, -ERR_CONFLICT);
        }
    }
    assert_int_equal(winners, 1);
    char want[32];
    snprintf(want, sizeof want, "11010120260302%06d", winner + 1);
    for (int i = 0; i < THREADS; i++)
        if (i != winner)
            assert_string_equal(w[i].existing, want); /* the loser learns the winner's number */
    struct store_conn *c = store_acquire(f->s);
    char idx[STORE_PII_INDEX_SIZE]; /* person_open holds the blind index, not the key */
    store_pii_index("C:110101199005170011", idx);
    assert_int_equal(one_int(c, SQL_T_OPEN_COUNT, idx), 1);
    store_release(f->s, c);
}

/* --- connection loss ------------------------------------------------------------------- */

/* Kill the server process behind c, from another connection of the pool. */
static void kill_backend(struct store *s, struct store_conn *c)
{
    int64_t pid = one_int(c, SQL_T_PID, NULL);
    struct store_conn *k = store_acquire(s);
    struct store_q *q = store_q_open(k, SQL_T_KILL);
    store_q_int(q, 1, pid);
    assert_int_equal(store_q_one_int(q, NULL, -ERR_INTERNAL), 0);
    store_release(s, k);
    usleep(100000); /* the backend exits asynchronously */
}

static void lost_connection_is_unavailable_then_reconnects(void **state)
{
    if (g_skip)
        skip();
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->s);
    /* Outside a transaction: a write that meets the loss fails (it may or may not have run),
     * the next statement reconnects. */
    kill_backend(f->s, c);
    assert_int_equal(region_insert(c, "990009", 1), -ERR_DB_UNAVAILABLE);
    assert_true(store_schema_version(c) > 0);
    /* A read, and BEGIN, are sent again on a new connection: the loss does not show. */
    kill_backend(f->s, c);
    assert_true(store_schema_version(c) > 0);
    kill_backend(f->s, c);
    assert_int_equal(store_tx_begin(c, true), 0);
    assert_int_equal(region_insert(c, "990013", 1), 1);
    assert_int_equal(store_tx_commit(c), 0);

    /* Inside a transaction: nothing runs on a new connection until the rollback. */
    assert_int_equal(store_tx_begin(c, true), 0);
    assert_int_equal(region_insert(c, "990010", 1), 1);
    kill_backend(f->s, c);
    assert_int_equal(region_insert(c, "990011", 1), -ERR_DB_UNAVAILABLE);
    assert_int_equal(region_insert(c, "990012", 1), -ERR_DB_UNAVAILABLE);
    assert_int_equal(store_tx_commit(c), -ERR_DB_UNAVAILABLE);
    /* Afterwards the connection is back and none of the three rows exists. */
    assert_int_equal(region_insert(c, "990010", 1), 1);
    assert_int_equal(region_insert(c, "990011", 1), 1);
    assert_int_equal(region_insert(c, "990012", 1), 1);
    store_release(f->s, c);
}

struct batch_job {
    struct store_batcher *b;
    const char *key; /* meta key to insert, or NULL: kill the connection, or "!dup": a
                      * deferred write that fails (region 990041 exists) */
    int delay_ms;    /* >0: the blocker, holding the writer while the others queue */
    int rc;
};

static int batch_fn(struct store_conn *c, void *arg)
{
    struct batch_job *j = arg;
    if (j->delay_ms)
        usleep((unsigned)j->delay_ms * 1000);
    if (!j->key)
        return store_q_one_int(store_q_open(c, SQL_T_KILL_SELF), NULL, -ERR_INTERNAL);
    if (strcmp(j->key, "!dup") == 0)
        return region_insert_later(c, "990041", 1); /* 0 now: it fails down the pipe */
    struct store_q *q = store_q_open(c, SQL_T_META_PUT);
    store_q_text(q, 1, j->key);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

static void *batch_thread(void *arg)
{
    struct batch_job *j = arg;
    j->rc = store_batch_run(j->b, batch_fn, j);
    return NULL;
}

/* Run jobs[0..n) (n <= 8) on threads of their own, queued in this order while the first, the
 * blocker, runs; return when all have. */
static void run_queued(struct batch_job *jobs, int n)
{
    pthread_t t[8];
    for (int i = 0; i < n; i++) {
        pthread_create(&t[i], NULL, batch_thread, &jobs[i]);
        usleep(i == 0 ? 100000 : 20000);
    }
    for (int i = 0; i < n; i++)
        pthread_join(t[i], NULL);
}

static void batch_losing_its_connection_fails_every_item(void **state)
{
    if (g_skip)
        skip();
    struct fixture *f = *state;
    struct store_batcher *b;
    assert_int_equal(store_batcher_start(f->s, 64, &b), 0);
    struct batch_job jobs[] = {
        {b, "batch:blocker", 300, 0}, {b, "batch:a", 0, 0}, {b, "batch:b", 0, 0}, {b, NULL, 0, 0},
        {b, "batch:c", 0, 0},
    };
    int n = (int)(sizeof jobs / sizeof *jobs);
    run_queued(jobs, n);
    assert_int_equal(jobs[0].rc, 0); /* the blocker's batch committed alone */
    for (int i = 1; i < n; i++)
        assert_int_equal(jobs[i].rc, -ERR_DB_UNAVAILABLE);
    /* Nothing of that batch is stored, and the next batch works again. */
    struct batch_job after = {b, "batch:after", 0, 0};
    assert_int_equal(store_batch_run(b, batch_fn, &after), 0);
    store_batcher_stop(b);
    struct store_conn *c = store_acquire(f->s);
    assert_int_equal(one_int(c, SQL_T_META_COUNT, NULL), 2); /* blocker and after */
    store_release(f->s, c);
}

/* A batch item whose deferred write fails later (at its RELEASE) is a store fault: the item
 * reported 0, yet every item of its batch gets the error and nothing of the batch is kept. */
static void batch_item_with_a_failing_deferred_write_fails_the_batch(void **state)
{
    if (g_skip)
        skip();
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->s);
    assert_int_equal(region_insert(c, "990041", 1), 1);
    store_release(f->s, c);
    struct store_batcher *b;
    assert_int_equal(store_batcher_start(f->s, 64, &b), 0);
    struct batch_job jobs[] = {
        {b, "batch:blocker", 300, 0},
        {b, "batch:a", 0, 0},
        {b, "!dup", 0, 0},
        {b, "batch:c", 0, 0},
    };
    int n = (int)(sizeof jobs / sizeof *jobs);
    run_queued(jobs, n);
    assert_int_equal(jobs[0].rc, 0);
    for (int i = 1; i < n; i++)
        assert_int_equal(jobs[i].rc, -ERR_CONFLICT);
    struct batch_job after = {b, "batch:after", 0, 0};
    assert_int_equal(store_batch_run(b, batch_fn, &after), 0);
    store_batcher_stop(b);
    c = store_acquire(f->s);
    assert_int_equal(one_int(c, SQL_T_META_COUNT, NULL), 2); /* blocker and after */
    store_release(f->s, c);
}

int main(void)
{
    const char *url = getenv("UREG_TEST_PG");
    const char *required = getenv("UREG_TEST_PG_REQUIRED");
    if (!url || !*url) {
        if (required && *required) {
            fprintf(stderr, "test_pg: UREG_TEST_PG is not set but the PostgreSQL run needs it\n");
            return 1;
        }
        g_skip = true;
    } else {
        snprintf(g_admin, sizeof g_admin, "%s", url);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(constraint_violations_are_conflicts, setup, teardown),
        cmocka_unit_test_setup_teardown(audit_log_is_append_only, setup, teardown),
        cmocka_unit_test_setup_teardown(audit_chain_links_a_writer_that_waited, setup, teardown),
        cmocka_unit_test_setup_teardown(deferred_writes_commit_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(deferred_failure_fails_the_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(an_entry_rolled_back_to_a_savepoint_leaves_the_chain_whole,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(serials_are_unique_under_concurrency, setup, teardown),
        cmocka_unit_test_setup_teardown(one_open_case_one_winner_under_concurrency, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(lost_connection_is_unavailable_then_reconnects, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(batch_losing_its_connection_fails_every_item, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(batch_item_with_a_failing_deferred_write_fails_the_batch,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
