/*
 * test_jobs.c — vacancies and the matching use cases on a real store (app/jobs, app/match): the
 * vacancy check on both sides of each limit, the CSV import's rejects and counts, a referral's
 * check (offered today, the person's province, an active registration in the jurisdiction), and
 * the batch's CSV against one person's matches. §4(三): 精准匹配岗位信息并回访求职结果.
 */
#include "testapp.h"

#include "app/gen.h"
#include "app/jobs.h"
#include "app/match.h"
#include "base/date.h"
#include "base/err.h"
#include "store/match.h"

#include <string.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_vacancy_check_at_its_limits),
        cmocka_unit_test(the_import_rejects_bad_rows_and_stores_the_rest),
        cmocka_unit_test(a_referral_needs_an_offered_vacancy_of_the_province),
        cmocka_unit_test(the_batch_writes_what_one_search_finds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
