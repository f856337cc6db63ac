/*
 * test_gen.c — `ureg gen` as a use case (app/gen) against real SQLite databases in a temporary
 * directory: determinism (the same options give byte-identical CSV files and the same rows, also
 * with another transaction size), validity of what is stored (document numbers, ages, regions),
 * counts that add up and match the files, one audit entry per run, the `once` and skip rules,
 * option errors, the clock left where it was, and the demo population.
 */
#include "testutil.h"
#include "testapp.h"

#include "app/app.h"
#include "app/gen.h"
#include "app/setup.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/err.h"
#include "rules/age.h"
#include "rules/idnum.h"
#include "rules/intake.h"
#include "rules/region.h"
#include "store/application.h"
#include "store/audit.h"
#include "store/person.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOW TESTAPP_NOW /* 2026-03-02T08:00:00+08:00, a Monday */

struct fixture {
    struct testapp t;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (testapp_open(&f->t, "gen") < 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    int rc = testapp_close(&f->t);
    free(f);
    return rc;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long len = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *s = malloc((size_t)len + 1);
    assert_int_equal(fread(s, 1, (size_t)len, fp), (size_t)len);
    s[len] = '\0';
    fclose(fp);
    *n = (size_t)len;
    return s;
}

static long count_lines(const char *s, size_t n)
{
    long lines = 0;
    for (size_t i = 0; i < n; i++)
        lines += s[i] == '\n';
    return lines;
}

static int list_row(const struct app_list_row *r, void *arg)
{
    buf_printf(arg, "%s|%s|%s|%s|%s|%s\n", r->application_no, r->status, r->channel, r->deadline,
               r->register_region, r->submitted_at);
    return 0;
}

/* Every application within scope, as text lines in queue order. */
static void app_rows(struct app *a, const char *scope, struct buf *out)
{
    static const char *const statuses[] = {"approved", "rejected", NULL};
    struct store_conn *c = store_acquire(a->store);
    for (int i = 0; i < 3; i++) {
        struct app_list_query q = {.scope = scope, .status = statuses[i], .limit = 1000000};
        assert_true(store_app_list(c, &q, list_row, out) >= 0);
    }
    store_release(a->store, c);
}

/* Every person, revealed, as text lines in id order; returns how many. */
static long person_rows(struct app *a, struct buf *out)
{
    struct store_conn *c = store_acquire(a->store);
    struct arena ar;
    arena_init(&ar);
    long n = 0;
    for (int64_t id = 1;; id++) {
        struct person p;
        int rc = store_person_get(c, id, true, &ar, &p);
        if (rc == -ERR_NOT_FOUND)
            break;
        assert_int_equal(rc, 0);
        buf_printf(out, "%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s\n", p.person_key, p.id_type,
                   p.id_number, p.name, p.sex, p.birth_date, p.phone, p.ethnicity, p.education,
                   p.hukou_type, p.hukou_region, p.hukou_address, p.residence_region,
                   p.residence_address);
        arena_reset(&ar);
        n++;
    }
    arena_free(&ar);
    store_release(a->store, c);
    return n;
}

static int run(struct fixture *f, struct app *a, const struct gen_options *o, struct gen_counts *n)
{
    struct err_ctx ec = {0};
    return app_gen(a, &f->t.sys, o, n, &ec);
}

static void same_seed_gives_identical_files_and_rows_whatever_the_transaction_size(void **state)
{
    struct fixture *f = *state;
    char out1[128], out2[128], db2[128];
    snprintf(out1, sizeof out1, "%s/out1", f->t.dir);
    snprintf(out2, sizeof out2, "%s/out2", f->t.dir);
    snprintf(db2, sizeof db2, "%s/b.db", f->t.dir);
    struct gen_options o = {.people = 1500, .seed = 7, .out_dir = out1};
    struct gen_counts n1, n2;
    assert_int_equal(run(f, &f->t.app, &o, &n1), 0);
    struct app b;
    assert_int_equal(app__init(&b, db2, 2, true), 0);
    o.out_dir = out2;
    o.batch = 97; /* many small transactions instead of one */
    assert_int_equal(run(f, &b, &o, &n2), 0);

    assert_int_equal(n1.people, 1500);
    assert_int_equal(n2.people, 1500);
    assert_int_equal(n1.approved, n2.approved);
    assert_int_equal(n1.pending, n2.pending);
    assert_int_equal(n1.counter, n2.counter);
    assert_string_equal(n1.from, "2025-03-01");
    assert_string_equal(n1.to, "2026-03-01");
    for (int s = 0; s < VERIFY_SRC__COUNT; s++) {
        char p1[192], p2[192];
        snprintf(p1, sizeof p1, "%s/%s", out1, app_gen_file(s));
        snprintf(p2, sizeof p2, "%s/%s", out2, app_gen_file(s));
        size_t l1, l2;
        char *a1 = slurp(p1, &l1), *a2 = slurp(p2, &l2);
        assert_int_equal(l1, l2);
        assert_memory_equal(a1, a2, l1);
        assert_int_equal(n1.rows[s], n2.rows[s]);
        free(a1);
        free(a2);
    }
    struct buf r1 = {0}, r2 = {0};
    assert_int_equal(person_rows(&f->t.app, &r1), 1500);
    assert_int_equal(person_rows(&b, &r2), 1500);
    assert_string_equal(buf_cstr(&r1), buf_cstr(&r2));
    buf_reset(&r1);
    buf_reset(&r2);
    app_rows(&f->t.app, "", &r1);
    app_rows(&b, "", &r2);
    assert_int_equal(count_lines(r1.data, r1.len), 1500);
    assert_string_equal(buf_cstr(&r1), buf_cstr(&r2));
    buf_free(&r1);
    buf_free(&r2);

    /* The first application, in full, is the same too. */
    struct arena ar;
    arena_init(&ar);
    struct application x, y;
    struct store_conn *c1 = store_acquire(f->t.app.store), *c2 = store_acquire(b.store);
    char first[INTAKE_NO_SIZE + 8];
    struct buf one = {0};
    app_rows(&f->t.app, "", &one);
    snprintf(first, sizeof first, "%.*s", (int)strcspn(one.data, "|"), one.data);
    assert_int_equal(store_app_get(c1, "", first, &ar, &x), 0);
    assert_int_equal(store_app_get(c2, "", first, &ar, &y), 0);
    assert_string_equal(x.details, y.details);
    assert_string_equal(x.query_code_hash, y.query_code_hash);
    assert_string_equal(x.submitted_at, y.submitted_at);
    assert_true((x.decided_at == NULL) == (y.decided_at == NULL));
    store_release(f->t.app.store, c1);
    store_release(b.store, c2);
    buf_free(&one);
    arena_free(&ar);
    app__fini(&b);
}

static void stored_people_are_valid_and_live_under_the_region(void **state)
{
    struct fixture *f = *state;
    struct gen_options o = {.people = 800, .seed = 3, .region = "130600", .from = "2025-09"};
    struct gen_counts n;
    assert_int_equal(run(f, &f->t.app, &o, &n), 0);
    assert_string_equal(n.from, "2025-09-01");
    struct store_conn *c = store_acquire(f->t.app.store);
    struct arena ar;
    arena_init(&ar);
    int32_t today = clock_today();
    for (int64_t id = 1; id <= 800; id++) {
        struct person p;
        assert_int_equal(store_person_get(c, id, true, &ar, &p), 0);
        enum id_type t;
        assert_int_equal(idnum_type_parse(p.id_type, &t), 0);
        struct idnum num;
        assert_int_equal(idnum_parse(t, p.id_number, strlen(p.id_number), today, &num), 0);
        char key[STORE_PII_INDEX_SIZE]; /* the store holds the blind index of the key */
        store_pii_index(num.person_key, key);
        assert_string_equal(key, p.person_key);
        int32_t birth;
        assert_int_equal(date_parse(p.birth_date, strlen(p.birth_date), &birth), 0);
        /* 16-62 when applying, at most six months ago */
        assert_in_range(age_on(birth, today), 16, 63);
        assert_true(region_contains("130600", p.residence_region));
        if (t == ID_RESIDENT || t == ID_SSC)
            assert_memory_equal(p.id_number, p.hukou_region, 6);
        arena_reset(&ar);
    }
    struct person none;
    assert_int_equal(store_person_get(c, 801, true, &ar, &none), -ERR_NOT_FOUND);
    arena_free(&ar);
    store_release(f->t.app.store, c);

    struct buf rows = {0};
    app_rows(&f->t.app, "1306", &rows); /* 保定's jurisdiction prefix holds all of them */
    assert_int_equal(count_lines(rows.data, rows.len), 800);
    buf_free(&rows);
}

static void counts_add_up_and_match_the_files(void **state)
{
    struct fixture *f = *state;
    char out[128];
    snprintf(out, sizeof out, "%s/out", f->t.dir);
    struct gen_options o = {.people = 1200, .seed = 5, .out_dir = out};
    struct gen_counts n;
    assert_int_equal(run(f, &f->t.app, &o, &n), 0);
    assert_int_equal(n.online + n.counter + n.national, n.people);
    assert_int_equal(n.approved + n.rejected + n.pending, n.people);
    assert_int_equal(n.registrations, n.approved);
    assert_true(n.overdue <= n.pending);
    assert_true(n.pending > 0 && n.rejected > 0 && n.national > 0);
    for (int s = 0; s < VERIFY_SRC__COUNT; s++) {
        char path[192];
        snprintf(path, sizeof path, "%s/%s", out, app_gen_file(s));
        size_t len;
        char *text = slurp(path, &len);
        assert_int_equal(count_lines(text, len), n.rows[s] + 1); /* the header */
        assert_memory_equal(text, "id_number,event_date,", 21);
        free(text);
    }
    assert_true(n.rows[VERIFY_SRC_SSC_HOLDERS] > n.people * 9 / 10);
    assert_true(n.rows[VERIFY_SRC_INSURANCE] > n.people);

    struct buf pending = {0};
    struct store_conn *c = store_acquire(f->t.app.store);
    struct app_list_query q = {.scope = "", .limit = 100000};
    assert_int_equal(store_app_list(c, &q, list_row, &pending), n.pending);
    store_release(f->t.app.store, c);
    buf_free(&pending);
}

struct audit_seen {
    int n;
    char actor[64], detail[1024];
};

static int audit_row(const struct audit_row *r, void *arg)
{
    struct audit_seen *s = arg;
    s->n++;
    snprintf(s->actor, sizeof s->actor, "%s", r->actor);
    snprintf(s->detail, sizeof s->detail, "%s", r->detail);
    return 0;
}

static void one_audit_entry_per_run_and_a_repeat_skips_open_cases(void **state)
{
    struct fixture *f = *state;
    struct gen_options o = {.people = 300, .seed = 9, .region = "110105", .once = true};
    struct gen_counts first, again, third;
    assert_int_equal(run(f, &f->t.app, &o, &first), 0);
    assert_false(first.already);
    const char *key = "region=110105;seed=9;people=300;from=default";
    struct audit_seen seen = {0};
    struct store_conn *c = store_acquire(f->t.app.store);
    assert_int_equal(store_audit_each(c, "gen", key, 10, audit_row, &seen), 1);
    store_release(f->t.app.store, c);
    assert_string_equal(seen.actor, "system:gen");
    assert_non_null(strstr(seen.detail, "\"people\":300"));

    /* once: the same run again does nothing */
    assert_int_equal(run(f, &f->t.app, &o, &again), 0);
    assert_true(again.already);
    assert_int_equal(again.people, 0);
    struct buf rows = {0};
    app_rows(&f->t.app, "110105", &rows);
    assert_int_equal(count_lines(rows.data, rows.len), 300);

    /* without once: people with a pending application or a registration are skipped, the
     * rejected apply again */
    o.once = false;
    assert_int_equal(run(f, &f->t.app, &o, &third), 0);
    assert_int_equal(third.skipped, first.approved + first.pending);
    assert_int_equal(third.people, first.rejected);
    memset(&seen, 0, sizeof seen);
    c = store_acquire(f->t.app.store);
    assert_int_equal(store_audit_each(c, "gen", key, 10, audit_row, &seen), 2);
    store_release(f->t.app.store, c);
    buf_reset(&rows);
    app_rows(&f->t.app, "110105", &rows);
    assert_int_equal(count_lines(rows.data, rows.len), 300 + first.rejected);
    buf_free(&rows);
}

static void bad_options_name_their_field(void **state)
{
    struct fixture *f = *state;
    struct gen_counts n;
    struct {
        struct gen_options o;
        int rc;
        const char *field;
    } cases[] = {
        {{.people = 0}, -ERR_GEN_PEOPLE, "people"},
        {{.people = GEN_MAX_PEOPLE + 1}, -ERR_GEN_PEOPLE, "people"},
        {{.people = 5, .from = "2026-04"}, -ERR_GEN_FROM, "from"}, /* after this month */
        {{.people = 5, .from = "2026-3"}, -ERR_GEN_FROM, "from"},
        {{.people = 5, .from = "1999-12"}, -ERR_GEN_FROM, "from"},
        {{.people = 5, .from = "2025-13"}, -ERR_GEN_FROM, "from"},
        {{.people = 5, .from = "2025-03-01"}, -ERR_GEN_FROM, "from"},
        {{.people = 5, .region = "999999"}, -ERR_REGION_INVALID, "region"},
        {{.people = 5, .region = "810000"}, -ERR_REGION_INVALID, "region"},
        {{.people = 5, .region = "11"}, -ERR_REGION_FORMAT, "region"},
        {{.people = 5, .out_dir = "/proc/ureg-no-such-dir/x"}, -ERR_GEN_OUT, "out"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct err_ctx ec = {0};
        assert_int_equal(app_gen(&f->t.app, &f->t.sys, &cases[i].o, &n, &ec), cases[i].rc);
        assert_string_equal(ec.field, cases[i].field);
    }
    /* the current month is fine while a day of it has passed */
    struct gen_options ok = {.people = 5, .from = "2026-03"};
    assert_int_equal(run(f, &f->t.app, &ok, &n), 0);
    assert_string_equal(n.from, "2026-03-01");
    assert_string_equal(n.to, "2026-03-01");
    assert_int_equal(n.people, 5);
    assert_int_equal(n.pending, 5); /* applied yesterday: none decided yet */
}

static void a_run_leaves_a_fixed_clock_where_it_was(void **state)
{
    struct fixture *f = *state;
    struct gen_options o = {.people = 50, .seed = 1};
    struct gen_counts n;
    assert_int_equal(run(f, &f->t.app, &o, &n), 0);
    assert_true(clock_is_fixed());
    assert_int_equal(clock_now(), NOW);
}

static void demo_loads_its_people_once(void **state)
{
    struct fixture *f = *state;
    struct setup_counts sc;
    assert_int_equal(app_setup_refdata(&f->t.app, &f->t.sys, &sc), 0);
    assert_true(app_demo(&f->t.app, &f->t.sys) > 0);
    struct buf dc = {0}, xc = {0}, street = {0};
    app_rows(&f->t.app, "110101", &dc);
    app_rows(&f->t.app, "110102", &xc);
    app_rows(&f->t.app, "110101001", &street); /* counter applications of the street platform */
    assert_int_equal(count_lines(dc.data, dc.len) + count_lines(xc.data, xc.len), 300);
    assert_true(count_lines(street.data, street.len) > 0);
    assert_int_equal(app_demo(&f->t.app, &f->t.sys), 0); /* nothing new */
    struct buf again = {0};
    app_rows(&f->t.app, "1101", &again);
    assert_int_equal(count_lines(again.data, again.len), 300);
    buf_free(&dc);
    buf_free(&xc);
    buf_free(&street);
    buf_free(&again);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            same_seed_gives_identical_files_and_rows_whatever_the_transaction_size, setup,
            teardown),
        cmocka_unit_test_setup_teardown(stored_people_are_valid_and_live_under_the_region, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(counts_add_up_and_match_the_files, setup, teardown),
        cmocka_unit_test_setup_teardown(one_audit_entry_per_run_and_a_repeat_skips_open_cases,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(bad_options_name_their_field, setup, teardown),
        cmocka_unit_test_setup_teardown(a_run_leaves_a_fixed_clock_where_it_was, setup, teardown),
        cmocka_unit_test_setup_teardown(demo_loads_its_people_once, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
