/*
 * test_jobs.c — vacancies and the matching use cases on a real store (app/jobs, app/match): the
 * vacancy check on both sides of each limit, the CSV import's rejects and counts, a referral's
 * check (offered today, the person's province, an active registration in the jurisdiction), and
 * the batch's CSV against one person's matches, and the server's index of open vacancies
 * dropping a vacancy whose validity ends when the day changes (nothing written in between), on
 * SQLite and, under scripts/pg-test.sh ($UREG_TEST_PG), on PostgreSQL. §4(三):
 * 精准匹配岗位信息并回访求职结果.
 */
#include "testapp.h"

#include "app/gen.h"
#include "app/jobs.h"
#include "app/match.h"
#include "base/date.h"
#include "base/err.h"
#include "store/match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct job sample(void)
{
    return (struct job){.title = "营业员",
                        .employer = "某商店",
                        .occupation = "4-01-02-01",
                        .region = "110101",
                        .salary_min = 3000,
                        .salary_max = 4000,
                        .valid_until = "2026-03-02"};
}

static void the_vacancy_check_at_its_limits(void **state)
{
    (void)state;
    struct testapp t;
    assert_int_equal(testapp_open(&t, "test"), 0);
    struct arena ar;
    arena_init(&ar);
    struct err_ctx ec = {0};
    int32_t today = clock_today();
    struct job j = sample(); /* valid until today: still acceptable */
    assert_int_equal(app_job_check(&t.sys, today, &ar, &j, &ec), 0);
    assert_string_equal(j.valid_from, "2026-03-02");
    assert_int_equal(j.openings, 1);
    j = sample();
    j.valid_until = "2026-03-01";
    assert_int_equal(app_job_check(&t.sys, today, &ar, &j, &ec), -ERR_JOB_VALIDITY);
    assert_string_equal(ec.field, "valid_until");
    j = sample();
    j.salary_min = 4001;
    assert_int_equal(app_job_check(&t.sys, today, &ar, &j, &ec), -ERR_JOB_SALARY);
    j = sample();
    j.salary_min = 4000; /* equal is fine */
    assert_int_equal(app_job_check(&t.sys, today, &ar, &j, &ec), 0);
    j = sample();
    j.salary_max = JOBS_SALARY_MAX + 1;
    assert_int_equal(app_job_check(&t.sys, today, &ar, &j, &ec), -ERR_JOB_SALARY);
    assert_string_equal(ec.field, "salary_max");
    j = sample();
    j.openings = JOBS_OPENINGS_MAX + 1;
    assert_int_equal(app_job_check(&t.sys, today, &ar, &j, &ec), -ERR_FIELD_INVALID);
    j = sample();
    j.occupation = "0-01";
    assert_int_equal(app_job_check(&t.sys, today, &ar, &j, &ec), -ERR_OCCUPATION_INVALID);
    /* a caseworker of 东城区 enters vacancies of 东城区 only */
    struct actor dc = t.sys;
    snprintf(dc.scope, sizeof dc.scope, "110101");
    j = sample();
    j.region = "110102";
    assert_int_equal(app_job_check(&dc, today, &ar, &j, &ec), -ERR_OUTSIDE_JURISDICTION);
    /* a street platform's vacancy belongs to the street's jurisdiction */
    snprintf(dc.scope, sizeof dc.scope, "110101001");
    j = sample();
    assert_int_equal(app_job_check(&dc, today, &ar, &j, &ec), 0);
    assert_string_equal(j.scope_region, "110101001");
    arena_free(&ar);
    assert_int_equal(testapp_close(&t), 0);
}

static void the_import_rejects_bad_rows_and_stores_the_rest(void **state)
{
    (void)state;
    struct testapp t;
    assert_int_equal(testapp_open(&t, "test"), 0);
    static const char csv[] = "openings,title,employer,occupation,region,salary_min,salary_max,"
                              "valid_until\n"
                              "2,甲,乙,4-01,110101,1000,2000,2026-12-31\n"
                              "1,甲,乙,4-01,110101,,2000,2026-12-31\n"
                              "x,甲,乙,4-01,110101,1000,2000,2026-12-31\n";
    struct csv_reader *r = csv_open_mem(csv, sizeof csv - 1, CSV_AUTO);
    struct jobs_import_opts o = {.source = "import:test"};
    struct jobs_import_result n;
    assert_int_equal(app_job_import(&t.app, &t.sys, r, &o, &n), 0);
    csv_close(r);
    assert_int_equal(n.read, 3);
    assert_int_equal(n.loaded, 1);
    assert_int_equal(n.rejected, 2);
    static const char bad[] = "title,employer\n";
    r = csv_open_mem(bad, sizeof bad - 1, CSV_AUTO);
    assert_int_equal(app_job_import(&t.app, &t.sys, r, &o, &n), -ERR_CSV_HEADER);
    csv_close(r);
    assert_int_equal(testapp_close(&t), 0);
}

static int first_reg(const struct match_subject_row *r, void *arg)
{
    snprintf(arg, 32, "%s", r->registration_no);
    return 1;
}

static void a_referral_needs_an_offered_vacancy_of_the_province(void **state)
{
    (void)state;
    struct testapp t;
    assert_int_equal(testapp_open(&t, "test"), 0);
    struct gen_options g = {.people = 30, .seed = 5, .region = "110101", .jobs = 0};
    struct gen_counts gc;
    struct err_ctx ec = {0};
    assert_int_equal(app_gen(&t.app, &t.sys, &g, &gc, &ec), 0);
    char reg[32] = "";
    struct store_conn *c = store_acquire(t.app.store);
    assert_true(store_match_subject_page(c, "", 0, 1, first_reg, reg) >= 0);
    store_release(t.app.store, c);
    assert_true(reg[0]);
    int64_t here, there, gone;
    struct job j = sample();
    j.valid_until = "2026-12-31";
    assert_int_equal(app_job_create(&t.app, &t.sys, &j, &here, &ec), 0);
    j = sample();
    j.region = "120101";
    j.valid_until = "2026-12-31";
    assert_int_equal(app_job_create(&t.app, &t.sys, &j, &there, &ec), 0);
    j = sample();
    j.valid_until = "2026-12-31";
    assert_int_equal(app_job_create(&t.app, &t.sys, &j, &gone, &ec), 0);
    assert_int_equal(app_job_close(&t.app, &t.sys, gone, "closed", "filled", &ec), 0);
    struct arena ar;
    arena_init(&ar);
    struct job out;
    assert_int_equal(app_match_referable(&t.app, &t.sys, reg, here, &ar, &out), 0);
    assert_string_equal(out.title, "营业员");
    assert_int_equal(app_match_referable(&t.app, &t.sys, reg, there, &ar, &out), -ERR_NOT_FOUND);
    assert_int_equal(app_match_referable(&t.app, &t.sys, reg, gone, &ar, &out), -ERR_JOB_NOT_OPEN);
    assert_int_equal(app_match_referable(&t.app, &t.sys, reg, 99999, &ar, &out), -ERR_NOT_FOUND);
    assert_int_equal(app_match_referable(&t.app, &t.sys, "nope", here, &ar, &out), -ERR_NOT_FOUND);
    struct actor xc = t.sys; /* 西城区 does not see a 东城区 registration */
    snprintf(xc.scope, sizeof xc.scope, "110102");
    assert_int_equal(app_match_referable(&t.app, &xc, reg, here, &ar, &out), -ERR_NOT_FOUND);
    /* the day after its validity, the vacancy is not offered any more */
    clock_set(TESTAPP_NOW + 86400 * 305); /* 2027-01-01 */
    assert_int_equal(app_match_referable(&t.app, &t.sys, reg, here, &ar, &out), -ERR_JOB_NOT_OPEN);
    arena_free(&ar);
    assert_int_equal(testapp_close(&t), 0);
}

static void the_batch_writes_what_one_search_finds(void **state)
{
    (void)state;
    struct testapp t;
    assert_int_equal(testapp_open(&t, "test"), 0);
    struct gen_options g = {.people = 300, .seed = 9, .region = "110100", .jobs = 400};
    struct gen_counts gc;
    struct err_ctx ec = {0};
    assert_int_equal(app_gen(&t.app, &t.sys, &g, &gc, &ec), 0);
    assert_int_equal(gc.jobs, 400);
    char out[160];
    snprintf(out, sizeof out, "%s/top.csv", t.dir);
    struct match_run_opts o = {.region = "110000", .out_path = out};
    struct match_run_counts n;
    assert_int_equal(app_match_run(&t.app, &t.sys, &o, &n, &ec), 0);
    assert_int_equal(n.jobs, 400 - gc.jobs_lapsed);
    assert_true(n.people > 200);
    assert_true(n.with_match > n.people / 2);
    /* the first person's rows are the API's answer for them */
    FILE *f = fopen(out, "r");
    char line[256], reg[32] = "";
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    struct arena ar;
    arena_init(&ar);
    struct match_item items[10];
    struct match_subject s;
    int k = 0, got = -1;
    while (fgets(line, sizeof line, f)) {
        char r[32];
        int rank, score;
        long long id;
        assert_int_equal(sscanf(line, "%31[^,],%d,%lld,%d", r, &rank, &id, &score), 4);
        if (!reg[0]) {
            snprintf(reg, sizeof reg, "%s", r);
            assert_int_equal(app_match_for(&t.app, &t.sys, reg, 10, &ar, items, &got, &s), 0);
        }
        if (strcmp(r, reg) != 0)
            break;
        assert_int_equal(rank, k + 1);
        assert_int_equal(items[k].r.job_id, id);
        assert_int_equal(items[k].r.score, score);
        k++;
    }
    fclose(f);
    assert_int_equal(k, got);
    arena_free(&ar);
    assert_int_equal(
        app_match_run(&t.app, &t.sys, &(struct match_run_opts){.region = "99"}, &n, &ec),
        -ERR_REGION_FORMAT);
    assert_int_equal(testapp_close(&t), 0);
}

struct first_subject {
    char reg[32], occupation[16];
};

static int first_subject(const struct match_subject_row *r, void *arg)
{
    struct first_subject *f = arg;
    snprintf(f->reg, sizeof f->reg, "%s", r->registration_no);
    snprintf(f->occupation, sizeof f->occupation, "%s", r->intent_occupation);
    return 1;
}

static bool matched(struct testapp *t, const char *reg, int64_t job_id)
{
    struct arena ar;
    struct match_item items[MATCH_TOP_MAX];
    struct match_subject s;
    int n = 0;
    bool found = false;
    arena_init(&ar);
    assert_int_equal(app_match_for(&t->app, &t->sys, reg, MATCH_TOP_MAX, &ar, items, &n, &s), 0);
    for (int i = 0; i < n; i++)
        found = found || items[i].r.job_id == job_id;
    arena_free(&ar);
    return found;
}

/* The index is built on the first match and kept while the vacancies do not change: on the day
 * after a vacancy's last valid day the next match must not offer it, with no write between. */
static void lapsed_at_day_change(struct testapp *t)
{
    struct gen_options g = {.people = 20, .seed = 3, .region = "110101", .jobs = 0};
    struct gen_counts gc;
    struct err_ctx ec = {0};
    assert_int_equal(app_gen(&t->app, &t->sys, &g, &gc, &ec), 0);
    struct first_subject f = {"", ""};
    struct store_conn *c = store_acquire(t->app.store);
    assert_true(store_match_subject_page(c, "", 0, 1, first_subject, &f) >= 0);
    store_release(t->app.store, c);
    assert_true(f.reg[0]);
    int64_t short_id, long_id;
    const char *until[] = {"2026-03-03", "2026-12-31"};
    int64_t *ids[] = {&short_id, &long_id};
    for (int i = 0; i < 2; i++) {
        struct job j = sample(); /* the person's intent, or any occupation without one */
        if (f.occupation[0])
            j.occupation = f.occupation;
        j.valid_until = until[i];
        assert_int_equal(app_job_create(&t->app, &t->sys, &j, ids[i], &ec), 0);
    }
    assert_true(matched(t, f.reg, short_id)); /* 2026-03-02 */
    assert_true(matched(t, f.reg, long_id));
    clock_set(TESTAPP_NOW + 86400); /* 2026-03-03: its last valid day */
    assert_true(matched(t, f.reg, short_id));
    clock_set(TESTAPP_NOW + 2 * 86400); /* 2026-03-04 */
    assert_false(matched(t, f.reg, short_id));
    assert_true(matched(t, f.reg, long_id));
}

static void the_index_drops_a_lapsed_vacancy_when_the_day_changes(void **state)
{
    (void)state;
    struct testapp t;
    assert_int_equal(testapp_open(&t, "test"), 0);
    lapsed_at_day_change(&t);
    assert_int_equal(testapp_close(&t), 0);
}

/* The same on PostgreSQL: a new database on the cluster of $UREG_TEST_PG (scripts/pg-test.sh);
 * skipped without it. */
static void the_index_drops_a_lapsed_vacancy_when_the_day_changes_pg(void **state)
{
    (void)state;
    const char *admin_url = getenv("UREG_TEST_PG");
    if (!admin_url || !*admin_url)
        skip();
    char name[64], url[600], sql[96];
    snprintf(name, sizeof name, "ureg_unit_jobs_%d", (int)getpid());
    struct store *admin;
    assert_int_equal(store_open(admin_url, 1, &admin), 0);
    struct store_conn *c = store_acquire(admin);
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", name); /* a constant and the pid */
    assert_int_equal(store_exec_script(c, sql), 0);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    assert_int_equal(store_exec_script(c, sql), 0);
    store_release(admin, c);
    const char *slash = strrchr(admin_url, '/');
    snprintf(url, sizeof url, "%.*s/%s", (int)(slash - admin_url), admin_url, name);
    struct testapp t;
    assert_int_equal(testapp_open(&t, "test"), 0); /* the clock, the key, a directory */
    app__fini(&t.app);
    assert_int_equal(app__init(&t.app, url, 2, true), 0);
    lapsed_at_day_change(&t);
    assert_int_equal(testapp_close(&t), 0);
    c = store_acquire(admin);
    snprintf(sql, sizeof sql, "DROP DATABASE %s", name);
    assert_int_equal(store_exec_script(c, sql), 0);
    store_release(admin, c);
    store_close(admin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_vacancy_check_at_its_limits),
        cmocka_unit_test(the_import_rejects_bad_rows_and_stores_the_rest),
        cmocka_unit_test(a_referral_needs_an_offered_vacancy_of_the_province),
        cmocka_unit_test(the_batch_writes_what_one_search_finds),
        cmocka_unit_test(the_index_drops_a_lapsed_vacancy_when_the_day_changes),
        cmocka_unit_test(the_index_drops_a_lapsed_vacancy_when_the_day_changes_pg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
