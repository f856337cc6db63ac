/*
 * test_batch.c — group commit: callers that arrive while the writer is busy share its next
 * transaction (counted exactly), a failing caller's changes are undone alone, and nothing is
 * reported done before it is committed.
 */
#include "testutil.h"

#include "base/err.h"
#include "store/batch.h"
#include "store/db.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char SQL_T_CREATE[] = "CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, v TEXT)";
static const char SQL_T_INSERT[] = "INSERT INTO t (k, v) VALUES ($1, $2)";
static const char SQL_T_COUNT[] = "SELECT COUNT(*) FROM t";

struct fixture {
    char dir[64], db[96];
    struct store *s;
    struct store_batcher *b;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (testutil_tmpdir_make(f->dir, f->db, "b.db") < 0)
        return -1;
    if (store_open(f->db, 4, &f->s) < 0)
        return -1;
    struct store_conn *c = store_acquire(f->s);
    int rc = store_exec_script(c, SQL_T_CREATE);
    store_release(f->s, c);
    if (rc < 0 || store_batcher_start(f->s, 64, &f->b) < 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_batcher_stop(f->b);
    store_close(f->s);
    int rc = testutil_tmpdir_remove(f->dir);
    free(f);
    return rc;
}

static int count_rows(struct store *s)
{
    struct store_conn *c = store_acquire(s);
    struct store_q *q = store_q_open(c, SQL_T_COUNT);
    int n = store_q_step(q) == 1 ? (int)store_q_col_int(q, 0) : -1;
    store_q_close(q);
    store_release(s, c);
    return n;
}

struct job {
    long k;
    bool fail_after_insert; /* insert, then report an error: the insert must be undone */
    bool store_fault;       /* insert, then report a full disk, as a failed statement would */
};

static int insert_fn(struct store_conn *c, void *arg)
{
    struct job *j = arg;
    struct store_q *q = store_q_open(c, SQL_T_INSERT);
    store_q_int(q, 1, j->k);
    store_q_text(q, 2, "x");
    int rc = store_q_done(q);
    if (rc < 0)
        return rc;
    if (j->store_fault)
        return -ERR_DB_FULL;
    return j->fail_after_insert ? -ERR_FIELD_INVALID : 0;
}

struct worker {
    struct fixture *f;
    int first, n;
    int ok, failed, conflicts;
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    for (int i = 0; i < w->n; i++) {
        long k = w->first + i;
        struct job j = {.k = k % 500, .fail_after_insert = (k % 500) % 7 == 0};
        int rc = store_batch_run(w->f->b, insert_fn, &j);
        if (rc == 0)
            w->ok++;
        else if (rc == -ERR_CONFLICT)
            w->conflicts++;
        else
            w->failed++;
    }
    return NULL;
}

static void concurrent_callers_fail_alone(void **state)
{
    struct fixture *f = *state;
    enum { N_THREADS = 8, PER_THREAD = 125 };
    pthread_t th[N_THREADS];
    struct worker w[N_THREADS];
    for (int i = 0; i < N_THREADS; i++) {
        w[i] = (struct worker){.f = f, .first = i * PER_THREAD, .n = PER_THREAD};
        pthread_create(&th[i], NULL, worker_main, &w[i]);
    }
    int ok = 0, failed = 0, conflicts = 0;
    for (int i = 0; i < N_THREADS; i++) {
        pthread_join(th[i], NULL);
        ok += w[i].ok;
        failed += w[i].failed;
        conflicts += w[i].conflicts;
    }
    /* Keys 0..999 map onto 0..499, so each key is tried twice. A key that is a multiple of 7
     * fails after inserting both times (its insert undone, so the second try fails the same
     * way, not with a conflict); of every other key the first try wins and the second
     * conflicts. */
    int sevens = 0;
    for (int k = 0; k < 500; k++)
        sevens += k % 7 == 0;
    assert_int_equal(failed, 2 * sevens);
    assert_int_equal(ok, 500 - sevens);
    assert_int_equal(conflicts, 500 - sevens);
    assert_int_equal(count_rows(f->s), ok);
    long batches, items;
    store_batcher_stats(f->b, &batches, &items);
    assert_int_equal(items, N_THREADS * PER_THREAD); /* sharing: see the test below */
    assert_true(batches >= 1);
}

/* A function that holds the writer thread until released: while it runs, callers queue. */
struct gate {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool entered, released;
};

static int gate_fn(struct store_conn *c, void *arg)
{
    (void)c;
    struct gate *g = arg;
    pthread_mutex_lock(&g->mu);
    g->entered = true;
    pthread_cond_broadcast(&g->cv);
    while (!g->released)
        pthread_cond_wait(&g->cv, &g->mu);
    pthread_mutex_unlock(&g->mu);
    return 0;
}

struct gate_caller {
    struct fixture *f;
    struct gate *g;
    int rc;
};

static void *gate_main(void *arg)
{
    struct gate_caller *gc = arg;
    gc->rc = store_batch_run(gc->f->b, gate_fn, gc->g);
    return NULL;
}

struct one_insert {
    struct fixture *f;
    struct job j;
    int rc;
};

static void *one_insert_main(void *arg)
{
    struct one_insert *o = arg;
    o->rc = store_batch_run(o->f->b, insert_fn, &o->j);
    return NULL;
}

/* Wait (up to 20 s) until `n` functions are queued behind the writer; false on timeout. */
static bool wait_queued(struct store_batcher *b, int n)
{
    for (int i = 0; i < 20000; i++) {
        if (store_batcher_waiting(b) == n)
            return true;
        nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
    }
    return false;
}

static void callers_that_arrive_during_a_commit_share_the_next(void **state)
{
    /* batch.h: "a batch holds as many submissions as arrived during the previous commit".
     * Hold the writer inside one function, let N callers queue, release: exactly one more
     * batch runs all N, with one commit, and each caller gets its own result. */
    struct fixture *f = *state;
    enum { N = 16 }; /* <= max_batch (64) */
    struct gate g = {.entered = false};
    pthread_mutex_init(&g.mu, NULL);
    pthread_cond_init(&g.cv, NULL);
    pthread_t gt, th[N];
    struct gate_caller gc = {.f = f, .g = &g, .rc = 1};
    pthread_create(&gt, NULL, gate_main, &gc);
    pthread_mutex_lock(&g.mu);
    while (!g.entered)
        pthread_cond_wait(&g.cv, &g.mu);
    pthread_mutex_unlock(&g.mu);

    struct one_insert o[N];
    for (int i = 0; i < N; i++) {
        /* Key 3 twice: the second of the pair conflicts, and only it fails. */
        o[i] = (struct one_insert){.f = f, .j = {.k = i == N - 1 ? 3 : i}, .rc = 1};
        pthread_create(&th[i], NULL, one_insert_main, &o[i]);
    }
    bool queued = wait_queued(f->b, N);
    pthread_mutex_lock(&g.mu);
    g.released = true;
    pthread_cond_broadcast(&g.cv);
    pthread_mutex_unlock(&g.mu);
    pthread_join(gt, NULL);
    int ok = 0, conflicts = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        ok += o[i].rc == 0;
        conflicts += o[i].rc == -ERR_CONFLICT;
    }
    pthread_cond_destroy(&g.cv);
    pthread_mutex_destroy(&g.mu);
    assert_true(queued);
    assert_int_equal(gc.rc, 0);
    assert_int_equal(ok, N - 1);
    assert_int_equal(conflicts, 1);
    assert_int_equal(count_rows(f->s), N - 1);
    long batches, items;
    store_batcher_stats(f->b, &batches, &items);
    assert_int_equal(items, N + 1);
    assert_int_equal(batches, 2); /* the held one, then all N together */
}

static void a_result_is_reported_only_after_commit(void **state)
{
    struct fixture *f = *state;
    struct job j = {.k = 100000};
    assert_int_equal(store_batch_run(f->b, insert_fn, &j), 0);
    /* Another connection sees the row at once: it was committed before we were woken. */
    assert_int_equal(count_rows(f->s), 1);
    /* A failing function leaves nothing behind. */
    struct job bad = {.k = 100001, .fail_after_insert = true};
    assert_int_equal(store_batch_run(f->b, insert_fn, &bad), -ERR_FIELD_INVALID);
    assert_int_equal(count_rows(f->s), 1);
}

static void a_store_fault_fails_the_whole_batch_and_keeps_nothing(void **state)
{
    /* A full disk (or a lock, a read-only file, a lost connection) met by one submission may
     * have rolled the whole transaction back already; nothing of its batch may be reported
     * done, and nothing of it may be stored, not even what later items wrote. */
    struct fixture *f = *state;
    enum { N = 8 };
    struct gate g = {.entered = false};
    pthread_mutex_init(&g.mu, NULL);
    pthread_cond_init(&g.cv, NULL);
    pthread_t gt, th[N];
    struct gate_caller gc = {.f = f, .g = &g, .rc = 1};
    pthread_create(&gt, NULL, gate_main, &gc);
    pthread_mutex_lock(&g.mu);
    while (!g.entered)
        pthread_cond_wait(&g.cv, &g.mu);
    pthread_mutex_unlock(&g.mu);
    struct one_insert o[N];
    for (int i = 0; i < N; i++) {
        o[i] = (struct one_insert){.f = f, .j = {.k = 200 + i, .store_fault = i == 3}, .rc = 1};
        pthread_create(&th[i], NULL, one_insert_main, &o[i]);
    }
    bool queued = wait_queued(f->b, N);
    pthread_mutex_lock(&g.mu);
    g.released = true;
    pthread_cond_broadcast(&g.cv);
    pthread_mutex_unlock(&g.mu);
    pthread_join(gt, NULL);
    for (int i = 0; i < N; i++)
        pthread_join(th[i], NULL);
    pthread_cond_destroy(&g.cv);
    pthread_mutex_destroy(&g.mu);
    assert_true(queued);
    for (int i = 0; i < N; i++)
        assert_int_equal(o[i].rc, -ERR_DB_FULL);
    assert_int_equal(count_rows(f->s), 0);
    /* The writer goes on: the next submission is stored. */
    struct job j = {.k = 300};
    assert_int_equal(store_batch_run(f->b, insert_fn, &j), 0);
    assert_int_equal(count_rows(f->s), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(concurrent_callers_fail_alone, setup, teardown),
        cmocka_unit_test_setup_teardown(callers_that_arrive_during_a_commit_share_the_next, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_result_is_reported_only_after_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(a_store_fault_fails_the_whole_batch_and_keeps_nothing,
                                        setup, teardown),
    };
    return cmocka_run_group_tests_name("batch", tests, NULL, NULL);
}
