/*
 * test_lists.c — the policy, service and agency lists (app/lists, store/lists): a change or a
 * retirement is a new version in force from its day, and a day reads what was in force then
 * (notice §4(二); 附件4); days never go back; scope; every agency on the list; the migration
 * that lists the agencies already there. Against a real SQLite database; the clock is fixed at
 * 2026-03-02.
 */
#include "testutil.h"
#include "testapp.h"

#include "app/accounts.h"
#include "app/lists.h"
#include "app/setup.h"
#include "base/date.h"
#include "base/err.h"
#include "store/lists.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fixture {
    struct testapp t;
    struct actor xc; /* a supervisor of 西城区 (110102) */
};

static int32_t day(int m, int d)
{
    return date_from_ymd(2026, m, d);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct setup_counts n;
    struct agency xc = {.name = "西城区公共就业服务中心", .region = "110102", .kind = "pes"};
    int64_t ag, uid;
    if (testapp_open(&f->t, "test") < 0 || app_setup_refdata(&f->t.app, &f->t.sys, &n) < 0 ||
        app_agency_add(&f->t.app, &f->t.sys, &xc, &ag) < 0 ||
        app_user_add(&f->t.app, &f->t.sys, "xc.sup", "correct horse", "supervisor", ag, &uid) < 0)
        return -1;
    f->xc = (struct actor){.kind = ACTOR_STAFF,
                           .user_id = uid,
                           .username = "xc.sup",
                           .role = "supervisor",
                           .agency_id = ag,
                           .region = "110102",
                           .scope = "110102",
                           .remote = "test"};
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

static const struct list_input policy = {
    .region = "110101",
    .name = "一次性求职创业补贴",
    .target = "登记失业的高校毕业生",
    .content = "按规定发放",
    .conditions = "已进行失业登记",
    .accepting = "东城区公共就业服务中心",
};

struct seen {
    int n;
    int64_t id[8];
    int version[8];
    char content[8][64];
};

static int seen_row(const struct list_version *v, void *arg)
{
    struct seen *s = arg;
    if (s->n < 8) {
        s->id[s->n] = v->id;
        s->version[s->n] = v->version;
        snprintf(s->content[s->n], sizeof s->content[0], "%s", v->content);
    }
    s->n++;
    return 0;
}

/* The policies of 东城区 in force on `on`. */
static struct seen in_force(struct fixture *f, enum list_kind k, const char *region, int32_t on)
{
    struct seen s = {0};
    struct err_ctx ec = {0};
    struct list_filter flt = {.region = region, .on = on, .limit = 100};
    assert_true(app_list_in_force(&f->t.app, k, &flt, seen_row, &s, &ec) >= 0);
    return s;
}

static void pattern_escapes_like_wildcards_and_lowers_ascii(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(store_list_pattern("A_b%c\\贷", out, sizeof out), 0);
    assert_string_equal(out, "%a\\_b\\%c\\\\贷%");
    assert_int_equal(store_list_pattern("", out, sizeof out), 0);
    assert_string_equal(out, "%%");
    assert_int_equal(store_list_pattern("abcdef", out, 6), -ERR_FIELD_INVALID);
}

static void a_change_is_a_new_version_in_force_from_its_day(void **state)
{
    /* §4(二) lists "in force": the version a day reads is the last one begun by then. */
    struct fixture *f = *state;
    struct list_result r1, r2, r3;
    struct err_ctx ec = {0};
    assert_int_equal(app_list_add(&f->t.app, &f->t.sys, LIST_KIND_POLICY, &policy, &r1, &ec), 0);
    assert_int_equal(r1.version, 1);
    assert_int_equal(r1.valid_from, day(3, 2));
    struct list_input next = policy;
    next.content = "每人2000元";
    next.valid_from = day(3, 10);
    assert_int_equal(
        app_list_change(&f->t.app, &f->t.sys, LIST_KIND_POLICY, r1.id, &next, &r2, &ec), 0);
    assert_int_equal(r2.version, 2);
    assert_int_equal(app_list_retire(&f->t.app, &f->t.sys, LIST_KIND_POLICY, r1.id, day(3, 20),
                                     "到期", &r3, &ec),
                     0);
    assert_true(r3.retired);

    assert_int_equal(in_force(f, LIST_KIND_POLICY, "110101", day(3, 1)).n, 0);
    struct seen s = in_force(f, LIST_KIND_POLICY, "110101", day(3, 9));
    assert_int_equal(s.n, 1);
    assert_int_equal(s.version[0], 1);
    assert_string_equal(s.content[0], "按规定发放");
    s = in_force(f, LIST_KIND_POLICY, "110101", day(3, 10)); /* the boundary day: the new one */
    assert_int_equal(s.version[0], 2);
    assert_string_equal(s.content[0], "每人2000元");
    assert_int_equal(in_force(f, LIST_KIND_POLICY, "110101", day(3, 19)).version[0], 2);
    assert_int_equal(in_force(f, LIST_KIND_POLICY, "110101", day(3, 20)).n, 0);
    /* Above and beside the region: 北京市 includes 东城区; 西城区 does not. */
    assert_int_equal(in_force(f, LIST_KIND_POLICY, "110000", day(3, 9)).n, 1);
    assert_int_equal(in_force(f, LIST_KIND_POLICY, "110102", day(3, 9)).n, 0);
    /* Retired: a second retirement is refused. */
    assert_int_equal(
        app_list_retire(&f->t.app, &f->t.sys, LIST_KIND_POLICY, r1.id, day(3, 25), NULL, &r3, &ec),
        -ERR_LIST_RETIRED);
}

static void same_day_versions_the_latest_wins(void **state)
{
    struct fixture *f = *state;
    struct list_input svc = {
        .region = "110102", .name = "职业介绍", .target = "登记失业人员", .content = "第一版"};
    struct list_result r;
    struct err_ctx ec = {0};
    assert_int_equal(app_list_add(&f->t.app, &f->xc, LIST_KIND_SERVICE, &svc, &r, &ec), 0);
    svc.content = "第二版";
    assert_int_equal(app_list_change(&f->t.app, &f->xc, LIST_KIND_SERVICE, r.id, &svc, &r, &ec), 0);
    struct seen s = in_force(f, LIST_KIND_SERVICE, "110102", 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.version[0], 2);
    assert_string_equal(s.content[0], "第二版");
}

static int count_versions(const struct list_entry_view *e, void *arg)
{
    *(int *)arg += e->n;
    return 0;
}

static int versions_of(struct fixture *f, enum list_kind k)
{
    int n = 0;
    struct err_ctx ec = {0};
    struct list_filter flt = {.limit = 1000};
    assert_true(app_list_history(&f->t.app, &f->t.sys, k, 0, &flt, count_versions, &n, &ec) >= 0);
    return n;
}

static void days_never_go_back_and_bad_input_changes_nothing(void **state)
{
    struct fixture *f = *state;
    struct list_result r;
    struct err_ctx ec = {0};
    struct list_input in = policy;
    in.valid_from = day(4, 1);
    assert_int_equal(app_list_add(&f->t.app, &f->t.sys, LIST_KIND_POLICY, &in, &r, &ec), 0);
    int64_t id = r.id;
    int before = versions_of(f, LIST_KIND_POLICY);

    in.valid_from = day(3, 1); /* yesterday */
    memset(&ec, 0, sizeof ec);
    assert_int_equal(app_list_add(&f->t.app, &f->t.sys, LIST_KIND_POLICY, &in, &r, &ec),
                     -ERR_LIST_VALID_FROM_PAST);
    assert_string_equal(ec.field, "valid_from");
    in.valid_from = day(3, 31); /* before the entry's version of 1 April */
    assert_int_equal(app_list_change(&f->t.app, &f->t.sys, LIST_KIND_POLICY, id, &in, &r, &ec),
                     -ERR_LIST_VALID_FROM_ORDER);
    assert_int_equal(app_list_retire(&f->t.app, &f->t.sys, LIST_KIND_POLICY, id, 0, NULL, &r, &ec),
                     -ERR_LIST_VALID_FROM_ORDER);
    in = policy;
    in.conditions = "";
    assert_int_equal(app_list_add(&f->t.app, &f->t.sys, LIST_KIND_POLICY, &in, &r, &ec),
                     -ERR_FIELD_REQUIRED);
    assert_string_equal(ec.field, "conditions");
    in = policy;
    in.region = "110199"; /* well formed, no such county */
    assert_int_equal(app_list_add(&f->t.app, &f->t.sys, LIST_KIND_POLICY, &in, &r, &ec),
                     -ERR_REGION_INVALID);
    assert_string_equal(ec.field, "region");
    assert_int_equal(versions_of(f, LIST_KIND_POLICY), before);
}

static void another_regions_entry_is_not_found(void **state)
{
    /* Scope as everywhere: 西城区's supervisor neither sees nor changes 东城区's list. */
    struct fixture *f = *state;
    struct list_result r;
    struct err_ctx ec = {0};
    assert_int_equal(app_list_add(&f->t.app, &f->t.sys, LIST_KIND_POLICY, &policy, &r, &ec), 0);
    int64_t id = r.id;
    assert_int_equal(app_list_change(&f->t.app, &f->xc, LIST_KIND_POLICY, id, &policy, &r, &ec),
                     -ERR_NOT_FOUND);
    assert_int_equal(app_list_retire(&f->t.app, &f->xc, LIST_KIND_POLICY, id, 0, NULL, &r, &ec),
                     -ERR_NOT_FOUND);
    int n = 0;
    struct list_filter flt = {.limit = 10};
    assert_int_equal(
        app_list_history(&f->t.app, &f->xc, LIST_KIND_POLICY, id, &flt, count_versions, &n, &ec),
        -ERR_NOT_FOUND);
    memset(&ec, 0, sizeof ec);
    assert_int_equal(app_list_add(&f->t.app, &f->xc, LIST_KIND_POLICY, &policy, &r, &ec),
                     -ERR_LIST_REGION_SCOPE);
    assert_string_equal(ec.field, "region");
}

static void every_agency_is_an_entry_of_the_agency_list(void **state)
{
    /* 附件4: the agency list names the agencies; its id is the agency's. */
    struct fixture *f = *state;
    struct agency dc = {.name = "东城区公共就业服务中心",
                        .region = "110101",
                        .kind = "pes",
                        .address = "东城区示例街2号",
                        .phone = "010-12333",
                        .items = "[\"失业登记\"]"};
    int64_t id;
    assert_int_equal(app_agency_add(&f->t.app, &f->t.sys, &dc, &id), 0);
    struct seen s = in_force(f, LIST_KIND_AGENCY, "110101", 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.id[0], id);
}

static const char SQL_T_AGENCY[] =
    "INSERT INTO agency (name, region, kind, address, phone, items, created_at)"
    " VALUES ('老机构', '110105', 'pes', '朝阳区示例路', '010-1', '[\"失业登记\"]',"
    " '2025-06-01T09:00:00+08:00')";

static void the_migration_lists_the_agencies_already_there(void **state)
{
    /* 010 runs on a database with agencies: each becomes an entry in force from its creation. */
    struct fixture *f = *state;
    struct store_conn *c = store_acquire(f->t.app.store);
    struct store_q *q = store_q_open(c, SQL_T_AGENCY);
    assert_int_equal(store_q_done(q), 1);
    assert_int_equal(store_exec_script(c, "DROP TABLE list_version; DROP TABLE list_entry;"
                                          " DELETE FROM schema_migrations WHERE version = 10"),
                     0);
    store_release(f->t.app.store, c);
    assert_int_equal(store_migrate(f->t.app.store), 1);
    struct seen s = in_force(f, LIST_KIND_AGENCY, "110105", day(3, 2));
    assert_int_equal(s.n, 1);
    assert_int_equal(s.version[0], 1);
    assert_int_equal(in_force(f, LIST_KIND_AGENCY, "110105", date_from_ymd(2025, 5, 31)).n, 0);
    assert_int_equal(in_force(f, LIST_KIND_AGENCY, "110105", date_from_ymd(2025, 6, 1)).n, 1);
    assert_int_equal(in_force(f, LIST_KIND_AGENCY, "110102", 0).n, 1); /* the fixture's */
}

static void the_fields_of_each_list(void **state)
{
    (void)state;
    const char *want[][6] = {
        {"name", "target", "content", "conditions", "accepting_agency", NULL},
        {"item", "target", "content", NULL},
        {"name", "address", "phone", "items", "hours", NULL},
    };
    for (int k = 0; k < LIST_KIND__COUNT; k++) {
        const struct list_field *fl = app_list_fields((enum list_kind)k);
        int i = 0;
        for (; fl[i].json; i++)
            assert_string_equal(fl[i].json, want[k][i]);
        assert_null(want[k][i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pattern_escapes_like_wildcards_and_lowers_ascii),
        cmocka_unit_test(the_fields_of_each_list),
        cmocka_unit_test_setup_teardown(a_change_is_a_new_version_in_force_from_its_day, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(same_day_versions_the_latest_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(days_never_go_back_and_bad_input_changes_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(another_regions_entry_is_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(every_agency_is_an_entry_of_the_agency_list, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_migration_lists_the_agencies_already_there, setup,
                                        teardown),
    };
    return cmocka_run_group_tests_name("lists", tests, NULL, NULL);
}
