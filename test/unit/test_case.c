/*
 * test_case.c — the one write path of a case (app/case.h) as its three users see it: the
 * generator stores what intake stores for the same person, a generator run leaves the global
 * clock alone while stamping the people's own instants, and audit details are JSON whatever
 * their values hold.
 */
#include "testutil.h"
#include "testapp.h"

#include "app/form.h"
#include "app/gen.h"
#include "app/intake.h"
#include "app/review.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/json.h"
#include "app/synth.h"
#include "rules/workday.h"
#include "store/application.h"
#include "store/audit.h"
#include "store/person.h"
#include "store/profile.h"

#include <stdlib.h>
#include <string.h>

#define NOW TESTAPP_NOW /* 2026-03-02T08:00:00+08:00, a Monday */

/* The first seed whose person 0 of a run from 2026-02 applies online and is still pending:
 * the case intake can also take. Fills *sp with that person. */
static uint64_t online_pending_seed(struct synth_person *sp)
{
    for (uint64_t seed = 1; seed < 1000; seed++) {
        struct synth_config cfg = {
            .region = GEN_DEFAULT_REGION,
            .from = date_from_ymd(2026, 2, 1),
            .today = clock_date_of(NOW),
            .review_workdays = 7, /* the default policy, as the fresh database has it */
            .cal = workcal_shipped(),
            .seed = seed,
        };
        struct synth_plan *plan;
        assert_int_equal(synth_plan_new(&cfg, &plan), 0);
        struct synth_slot slot;
        synth_slot(plan, 0, &slot);
        bool found = false;
        if (slot.channel == SYNTH_ONLINE) {
            struct synth_keys *keys = synth_keys_new(1);
            assert_int_equal(synth_person(plan, keys, &slot, sp), 0);
            found = sp->outcome == SYNTH_PENDING;
            synth_keys_free(keys);
        }
        synth_plan_free(plan);
        if (found)
            return seed;
    }
    fail_msg("no seed below 1000 gives an online pending person");
    return 0;
}

static int first_row(const struct app_list_row *r, void *arg)
{
    snprintf(arg, INTAKE_NO_SIZE, "%s", r->application_no);
    return 1;
}

/* The only application of `t` with its person, read back unmasked. */
static void read_case(struct testapp *t, struct arena *ar, struct application *a, struct person *p)
{
    char no[INTAKE_NO_SIZE] = "";
    struct store_conn *c = store_acquire(t->app.store);
    struct app_list_query q = {.scope = "", .status = "pending_review", .limit = 2};
    assert_int_equal(store_app_list(c, &q, first_row, no), 1);
    assert_int_equal(store_app_get(c, "", no, ar, a), 0);
    assert_int_equal(store_person_get(c, a->person_id, true, ar, p), 0);
    store_release(t->app.store, c);
}

static void gen_stores_what_intake_stores_for_the_same_person(void **state)
{
    (void)state;
    struct testapp g, in;
    struct synth_person sp;
    assert_int_equal(testapp_open(&g, "gen"), 0);
    assert_int_equal(testapp_open(&in, "intake"), 0);
    uint64_t seed = online_pending_seed(&sp);

    struct gen_options o = {.people = 1, .seed = seed, .from = "2026-02"};
    struct gen_counts n;
    struct err_ctx ec = {0};
    assert_int_equal(app_gen(&g.app, &g.sys, &o, &n, &ec), 0);
    assert_int_equal(n.people, 1);
    assert_int_equal(n.pending, 1);

    /* The same person submits online at the instant the generator gave them. */
    json_t *dj = form_details_json(&sp.form);
    char *details = json_dump(dj);
    json_decref(dj);
    struct actor pub = {.kind = ACTOR_PUBLIC};
    struct intake_submission sub = {.channel = "online", .form = &sp.form, .details = details};
    struct intake_receipt r;
    clock_set(sp.submitted);
    int rc = app_intake_submit(&in.app, &pub, &sub, &r, &ec);
    clock_set(NOW);
    free(details);
    assert_int_equal(rc, 0);

    struct arena ar;
    arena_init(&ar);
    struct application ga, ia;
    struct person gp, ip;
    read_case(&g, &ar, &ga, &gp);
    read_case(&in, &ar, &ia, &ip);
    /* Every column but the query code's hash (a random code each time). */
    const char *gs[] = {
        ga.application_no, ga.channel,        ga.status,           ga.register_region,
        ga.scope_region,   ga.register_basis, ga.unemployed_since, ga.unemployment_reason,
        ga.commitment_at,  ga.difficulty,     ga.details,          ga.submitted_at,
        ga.accepted_on,    ga.deadline};
    const char *is[] = {
        ia.application_no, ia.channel,        ia.status,           ia.register_region,
        ia.scope_region,   ia.register_basis, ia.unemployed_since, ia.unemployment_reason,
        ia.commitment_at,  ia.difficulty,     ia.details,          ia.submitted_at,
        ia.accepted_on,    ia.deadline};
    for (size_t i = 0; i < sizeof gs / sizeof *gs; i++)
        assert_string_equal(gs[i], is[i]);
    assert_null(ga.national_no);
    assert_null(ia.national_no);
    assert_int_equal(ga.ui_benefit, ia.ui_benefit);
    assert_int_equal(ga.agency_id, ia.agency_id);
    assert_int_equal(ga.accepted_by, ia.accepted_by);
    assert_string_equal(ga.application_no, r.application_no);
    const char *gq[] = {gp.person_key,
                        gp.id_type,
                        gp.id_number,
                        gp.name,
                        gp.sex,
                        gp.birth_date,
                        gp.phone,
                        gp.ethnicity,
                        gp.education,
                        gp.hukou_type,
                        gp.hukou_region,
                        gp.hukou_address,
                        gp.residence_region,
                        gp.residence_address};
    const char *iq[] = {ip.person_key,
                        ip.id_type,
                        ip.id_number,
                        ip.name,
                        ip.sex,
                        ip.birth_date,
                        ip.phone,
                        ip.ethnicity,
                        ip.education,
                        ip.hukou_type,
                        ip.hukou_region,
                        ip.hukou_address,
                        ip.residence_region,
                        ip.residence_address};
    for (size_t i = 0; i < sizeof gq / sizeof *gq; i++)
        assert_string_equal(gq[i], iq[i]);
    arena_free(&ar);
    assert_int_equal(testapp_close(&in), 0);
    assert_int_equal(testapp_close(&g), 0);
}

/* The registration's id for its number, read back directly. */
static int64_t reg_id_of(struct testapp *t, const char *reg_no)
{
    int64_t id = 0;
    struct store_conn *c = store_acquire(t->app.store);
    struct store_q *q = store_q_open(c, "SELECT id FROM registration WHERE registration_no = $1");
    store_q_text(q, 1, reg_no);
    assert_int_equal(store_q_one_int(q, &id, -ERR_NOT_FOUND), 0);
    store_release(t->app.store, c);
    return id;
}

static void approval_seeds_the_profile_from_the_form(void **state)
{
    (void)state;
    struct testapp t;
    struct synth_person sp;
    assert_int_equal(testapp_open(&t, "intake"), 0);
    online_pending_seed(&sp);
    sp.form.skills = "电工、焊工";
    sp.form.certificates = "电工证";
    sp.form.job_occupation = "6-31-01-03";
    sp.form.job_region = "110105";
    sp.form.job_salary_min = 6000;
    sp.form.training_intent = true;
    sp.form.startup_intent = false;
    json_t *dj = form_details_json(&sp.form);
    char *details = json_dump(dj);
    json_decref(dj);
    struct actor pub = {.kind = ACTOR_PUBLIC};
    struct intake_submission sub = {.channel = "online", .form = &sp.form, .details = details};
    struct intake_receipt r;
    struct err_ctx ec = {0};
    assert_int_equal(app_intake_submit(&t.app, &pub, &sub, &r, &ec), 0);
    free(details);
    char reg_no[INTAKE_NO_SIZE];
    assert_int_equal(
        app_review_decide(&t.app, &t.sys, r.application_no, "approve", NULL, reg_no, &ec), 0);

    struct arena ar;
    arena_init(&ar);
    struct profile p;
    int64_t id = reg_id_of(&t, reg_no);
    struct store_conn *c = store_acquire(t.app.store);
    assert_int_equal(store_profile_get(c, "", id, &ar, &p), 0);
    assert_int_equal(store_profile_get(c, "12", id, &ar, &p), -ERR_NOT_FOUND); /* out of scope */
    assert_int_equal(store_profile_get(c, "11", id, &ar, &p), 0);
    store_release(t.app.store, c);
    assert_string_equal(p.unemployment_reason, sp.form.unemployment_reason);
    assert_string_equal(p.skills, "电工、焊工");
    assert_string_equal(p.certificates, "电工证");
    assert_string_equal(p.intent_occupation, "6-31-01-03");
    assert_string_equal(p.intent_region, "110105");
    assert_int_equal(p.intent_salary_min, 6000);
    assert_true(p.training_intent);
    assert_false(p.startup_intent);
    assert_string_equal(p.tier, "");
    assert_string_equal(p.categories, "[]");
    assert_null(p.explained_on);
    arena_free(&ar);
    assert_int_equal(testapp_close(&t), 0);
}

struct decided {
    struct app *a;
    char now[CLOCK_STRLEN];
    int n;
};

static int check_decided(const struct app_list_row *r, void *arg)
{
    struct decided *d = arg;
    struct arena ar;
    struct application a;
    arena_init(&ar);
    struct store_conn *c = store_acquire(d->a->store);
    int rc = store_app_get(c, "", r->application_no, &ar, &a);
    store_release(d->a->store, c);
    assert_int_equal(rc, 0);
    /* Decided after submission and before the run: the person's history, not the clock. */
    assert_non_null(a.decided_at);
    assert_true(strcmp(a.submitted_at, a.decided_at) < 0);
    assert_true(strcmp(a.decided_at, d->now) < 0);
    arena_free(&ar);
    d->n++;
    return 0;
}

static void gen_leaves_the_clock_alone_and_stamps_each_persons_instants(void **state)
{
    (void)state;
    struct testapp t;
    assert_int_equal(testapp_open(&t, "gen"), 0);
    struct gen_options o = {.people = 60, .seed = 7, .batch = 7};
    struct gen_counts n;
    struct err_ctx ec = {0};

    /* A fixed clock stays fixed where it was ... */
    assert_int_equal(app_gen(&t.app, &t.sys, &o, &n, &ec), 0);
    assert_true(clock_is_fixed());
    assert_int_equal(clock_now(), NOW);
    assert_true(n.approved + n.rejected > 0);
    struct decided d = {.a = &t.app};
    clock_format(NOW, d.now);
    struct store_conn *c = store_acquire(t.app.store);
    const char *statuses[] = {"approved", "rejected"};
    for (int i = 0; i < 2; i++) {
        struct app_list_query q = {.scope = "", .status = statuses[i], .limit = 1000};
        assert_true(store_app_list(c, &q, check_decided, &d) >= 0);
    }
    store_release(t.app.store, c);
    assert_int_equal(d.n, n.approved + n.rejected);

    /* ... and the real clock stays real. */
    clock_clear();
    struct gen_options o2 = {.people = 5, .seed = 8};
    assert_int_equal(app_gen(&t.app, &t.sys, &o2, &n, &ec), 0);
    assert_false(clock_is_fixed());
    assert_int_equal(testapp_close(&t), 0);
}

static int find_entry(const struct audit_row *r, void *arg)
{
    char **detail = arg;
    *detail = strdup(r->detail);
    return 1;
}

static void audit_details_are_json_whatever_their_values_hold(void **state)
{
    (void)state;
    struct testapp t;
    assert_int_equal(testapp_open(&t, "audit"), 0);
    const char *nasty = "a \"quoted\" \\ back\\slash, a\nnewline, 中文 and }{";
    struct store_conn *c = store_acquire(t.app.store);
    assert_int_equal(app_audit(c, &t.sys, NOW, "test.detail", "test", "1",
                               json_pack("{s:s, s:i}", "text", nasty, "n", 3)),
                     0);
    assert_int_equal(app_audit(c, &t.sys, NOW, "test.detail", "test", "2", NULL), 0);
    char *detail = NULL;
    assert_int_equal(store_audit_each(c, "test", "1", 10, find_entry, &detail), 1);
    json_error_t err;
    json_t *back = json_loads(detail, 0, &err);
    assert_non_null(back);
    assert_string_equal(json_string_value(json_object_get(back, "text")), nasty);
    assert_int_equal(json_integer_value(json_object_get(back, "n")), 3);
    json_decref(back);
    free(detail);
    assert_int_equal(store_audit_each(c, "test", "2", 10, find_entry, &detail), 1);
    assert_string_equal(detail, "{}");
    free(detail);
    store_release(t.app.store, c);
    assert_int_equal(testapp_close(&t), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gen_stores_what_intake_stores_for_the_same_person),
        cmocka_unit_test(gen_leaves_the_clock_alone_and_stamps_each_persons_instants),
        cmocka_unit_test(audit_details_are_json_whatever_their_values_hold),
        cmocka_unit_test(approval_seeds_the_profile_from_the_form),
    };
    return cmocka_run_group_tests_name("case", tests, NULL, NULL);
}
