/*
 * test_exit.c — the exit rules (rules/exit: every reason for both actors, 24's subkinds, 22, the
 * dates, the evidence, 90's note, 13's threshold) and the exit core (app/exits) on a generated
 * store: an exit closes the registration, releases the open case, queues one notification only
 * when the notice asks for one, is refused a second time or outside the scope; proposals are
 * opened once and closed by the exit; a batch applies or proposes as exit_policy says.
 */
#include "testutil.h"
#include "testapp.h"

#include "app/exits.h"
#include "app/gen.h"
#include "base/date.h"
#include "rules/exit.h"
#include "store/registration.h"

#include <string.h>

/* --- rules/exit ------------------------------------------------------------------------- */

static bool has_all(const char *key, void *arg)
{
    (void)key;
    (void)arg;
    return true;
}

static bool has_none(const char *key, void *arg)
{
    (void)key;
    (void)arg;
    return false;
}

static bool has_source(const char *key, void *arg)
{
    (void)arg;
    return strcmp(key, "source") == 0;
}

#define REG 20000 /* a registration day number */
#define TODAY 20100

static int check(const char *code, const char *sub, enum exit_by by,
                 bool (*has)(const char *, void *), const char *note, int32_t date,
                 struct err_ctx *ec)
{
    struct exit_ask x = {
        .code = code, .subkind = sub, .note = note, .date = date, .by = by, .has = has};
    *ec = (struct err_ctx){0};
    return exit_check(&x, REG, TODAY, ec);
}

/* Every code of the code table exit_reason, as the table in exit.h says. */
static void every_reason_for_each_actor(void **state)
{
    (void)state;
    static const struct {
        const char *code;
        bool caseworker, batch, notify;
    } T[] = {{"11", 1, 1, 1}, {"12", 1, 1, 1}, {"13", 1, 0, 1}, {"14", 1, 0, 1},
             {"21", 1, 1, 1}, {"23", 1, 0, 1}, {"25", 1, 1, 0}, {"26", 1, 1, 0},
             {"31", 0, 1, 1}, {"32", 0, 1, 0}, {"90", 1, 0, 1}};
    struct err_ctx ec;
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        const char *c = T[i].code;
        assert_non_null(exit_reason_find(c));
        assert_int_equal(exit_notifies(c, ""), T[i].notify);
        int rc = check(c, "", EXIT_BY_CASEWORKER, has_all, "note", REG, &ec);
        assert_int_equal(rc, T[i].caseworker ? 0 : -ERR_EXIT_REASON_BATCH);
        rc = check(c, "", EXIT_BY_BATCH, has_source, "", TODAY, &ec);
        assert_int_equal(rc, T[i].batch ? 0 : -ERR_EXIT_REASON);
        if (!T[i].batch)
            assert_string_equal(ec.field, "reason_code");
    }
    assert_int_equal(check("22", "", EXIT_BY_CASEWORKER, has_all, "", REG, &ec),
                     -ERR_EXIT_AGE_RULE);
    assert_null(exit_reason_find("22"));
    assert_int_equal(check("99", "", EXIT_BY_CASEWORKER, has_all, "", REG, &ec), -ERR_EXIT_REASON);
    assert_int_equal(check("", "", EXIT_BY_CASEWORKER, has_all, "", REG, &ec), -ERR_FIELD_REQUIRED);
    assert_int_equal(check(NULL, "", EXIT_BY_BATCH, has_all, "", REG, &ec), -ERR_FIELD_REQUIRED);
    assert_false(exit_notifies("22", ""));
    assert_false(exit_notifies(NULL, ""));
}

/* 24 needs school, military or emigration; only emigration goes untold. */
static void reason_24_and_its_subkinds(void **state)
{
    (void)state;
    struct err_ctx ec;
    static const char *const OK[] = {"school", "military", "emigration"};
    for (int i = 0; i < 3; i++)
        assert_int_equal(check("24", OK[i], EXIT_BY_CASEWORKER, has_all, "", REG, &ec), 0);
    assert_true(exit_notifies("24", "school"));
    assert_true(exit_notifies("24", "military"));
    assert_false(exit_notifies("24", "emigration"));
    assert_int_equal(check("24", "", EXIT_BY_CASEWORKER, has_all, "", REG, &ec), -ERR_EXIT_SUBKIND);
    assert_string_equal(ec.field, "subkind");
    assert_int_equal(check("24", "abroad", EXIT_BY_CASEWORKER, has_all, "", REG, &ec),
                     -ERR_EXIT_SUBKIND);
    assert_int_equal(check("11", "school", EXIT_BY_CASEWORKER, has_all, "", REG, &ec),
                     -ERR_EXIT_SUBKIND);
    assert_int_equal(check("24", "school", EXIT_BY_BATCH, has_source, "", REG, &ec),
                     -ERR_EXIT_REASON);
}

/* The day: not after today, not before the registration; both ends allowed. */
static void the_day_of_an_exit(void **state)
{
    (void)state;
    struct err_ctx ec;
    assert_int_equal(check("11", "", EXIT_BY_CASEWORKER, has_all, "", REG, &ec), 0);
    assert_int_equal(check("11", "", EXIT_BY_CASEWORKER, has_all, "", TODAY, &ec), 0);
    assert_int_equal(check("11", "", EXIT_BY_CASEWORKER, has_all, "", TODAY + 1, &ec),
                     -ERR_DATE_FUTURE);
    assert_string_equal(ec.field, "date");
    assert_int_equal(check("26", "", EXIT_BY_BATCH, has_source, "", REG - 1, &ec),
                     -ERR_DATE_BEFORE_REGISTRATION);
}

/* A caseworker's exit names the reason's evidence; a batch's names its source. */
static void the_evidence_an_exit_rests_on(void **state)
{
    (void)state;
    static const struct {
        const char *code, *field;
    } T[] = {{"11", "evidence.employer"},       {"12", "evidence.business"},
             {"13", "evidence.monthly_income"}, {"14", "evidence.post"},
             {"21", "evidence.pension_start"},  {"23", "evidence.certificate"},
             {"25", "evidence.document"},       {"26", "evidence.document"}};
    struct err_ctx ec;
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        assert_int_equal(check(T[i].code, "", EXIT_BY_CASEWORKER, has_none, "", REG, &ec),
                         -ERR_EXIT_EVIDENCE);
        assert_string_equal(ec.field, T[i].field);
        assert_int_equal(check(T[i].code, "", EXIT_BY_CASEWORKER, has_source, "", REG, &ec),
                         -ERR_EXIT_EVIDENCE);
    }
    assert_int_equal(check("24", "school", EXIT_BY_CASEWORKER, has_none, "", REG, &ec),
                     -ERR_EXIT_EVIDENCE);
    assert_int_equal(check("11", "", EXIT_BY_BATCH, has_none, "", REG, &ec), -ERR_EXIT_EVIDENCE);
    assert_string_equal(ec.field, "evidence.source");
    assert_int_equal(check("32", "", EXIT_BY_BATCH, NULL, "", REG, &ec), -ERR_EXIT_EVIDENCE);
    /* 90 rests on its note */
    assert_int_equal(check("90", "", EXIT_BY_CASEWORKER, has_none, "", REG, &ec),
                     -ERR_FIELD_REQUIRED);
    assert_string_equal(ec.field, "note");
    assert_int_equal(check("90", "", EXIT_BY_CASEWORKER, has_none, "迁出本省", REG, &ec), 0);
    assert_int_equal(check("90", "", EXIT_BY_CASEWORKER, has_none, "bad\001", REG, &ec),
                     -ERR_FIELD_INVALID);
}

static void the_stable_income_threshold(void **state)
{
    (void)state;
    struct err_ctx ec = {0};
    assert_int_equal(exit_income_check(3000, 0, &ec), -ERR_EXIT_INCOME_UNSET);
    assert_int_equal(exit_income_check(1119, 1120, &ec), -ERR_EXIT_INCOME_BELOW);
    assert_string_equal(ec.field, "evidence.monthly_income");
    assert_int_equal(exit_income_check(1120, 1120, &ec), 0);
    assert_int_equal(exit_income_check(5000, 1120, &ec), 0);
}

/* --- app/exits on a generated store ------------------------------------------------------ */

struct regs {
    int64_t id[8];
    int n;
};

static const char SQL_T_ACTIVE[] =
    "SELECT id FROM registration WHERE status = 'active' ORDER BY id LIMIT 8";

static struct regs active_regs(struct testapp *t)
{
    struct regs r = {0};
    struct store_conn *c = store_acquire(t->app.store);
    struct store_q *q = store_q_open(c, SQL_T_ACTIVE);
    while (store_q_step(q) == 1 && r.n < 8)
        r.id[r.n++] = store_q_col_int(q, 0);
    store_q_close(q);
    store_release(t->app.store, c);
    assert_true(r.n >= 6);
    return r;
}

static int64_t count(struct testapp *t, const char *sql, int64_t id)
{
    int64_t n = -1;
    struct store_conn *c = store_acquire(t->app.store);
    struct store_q *q = store_q_open(c, sql);
    store_q_int(q, 1, id);
    assert_int_equal(store_q_one_int(q, &n, -ERR_NOT_FOUND), 0);
    store_release(t->app.store, c);
    return n;
}

static const char SQL_T_NOTES[] = "SELECT COUNT(*) FROM notification WHERE registration_id = $1";
static const char SQL_T_OPEN[] =
    "SELECT COUNT(*) FROM person_open o JOIN registration r ON r.registration_no ="
    " o.registration_no WHERE r.id = $1";
static const char SQL_T_NOTIFIED[] =
    "SELECT COALESCE(exit_notified, -1) FROM registration WHERE id = $1";
static const char SQL_T_EXITED[] =
    "SELECT COUNT(*) FROM registration WHERE id = $1 AND status = 'exited'";
static const char SQL_T_AUDITS[] =
    "SELECT COUNT(*) FROM audit_log WHERE action = 'registration.exit' AND $1 > 0";
static const char SQL_T_UPLOADS[] =
    "SELECT COUNT(*) FROM exchange_outbox WHERE kind = 'exit' AND body LIKE '%\"exit_reason\":\"%'"
    " AND $1 > 0";
static const char SQL_T_PROPOSALS[] =
    "SELECT COUNT(*) FROM exit_proposal WHERE registration_id = $1 AND status = 'open'";
static const char SQL_T_CONFIRMED[] =
    "SELECT COUNT(*) FROM exit_proposal WHERE exit_id = $1 AND status = 'confirmed'";

/* Run fn inside one write transaction; returns its result (the transaction's end on success). */
static int in_tx(struct testapp *t, const struct actor *by, int64_t reg, const struct exit_new *e,
                 int64_t *exit_id, struct err_ctx *ec)
{
    struct store_conn *c = store_acquire(t->app.store);
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = exits_apply(c, by, TESTAPP_NOW, reg, e, exit_id, ec);
    rc = store_tx_end(c, rc);
    store_release(t->app.store, c);
    return rc;
}

static void open_store(struct testapp *t)
{
    assert_int_equal(testapp_open(t, "test"), 0);
    struct gen_options g = {.people = 40, .seed = 7, .region = "110101"};
    struct gen_counts gc;
    struct err_ctx ec = {0};
    assert_int_equal(app_gen(&t->app, &t->sys, &g, &gc, &ec), 0);
}

static void an_exit_closes_the_case_and_queues_one_notice(void **state)
{
    (void)state;
    struct testapp t;
    open_store(&t);
    struct regs r = active_regs(&t);
    json_t *ev = json_pack("{s:s}", "employer", "北京某某科技有限公司");
    struct exit_new e = {.reason_code = "11",
                         .subkind = "",
                         .date = clock_date_of(TESTAPP_NOW),
                         .note = "",
                         .evidence = ev,
                         .source = "caseworker"};
    struct err_ctx ec = {0};
    int64_t id = 0;
    assert_int_equal(count(&t, SQL_T_OPEN, r.id[0]), 1);
    assert_int_equal(in_tx(&t, &t.sys, r.id[0], &e, &id, &ec), 0);
    assert_true(id > 0);
    assert_int_equal(count(&t, SQL_T_EXITED, r.id[0]), 1);
    assert_int_equal(count(&t, SQL_T_OPEN, r.id[0]), 0);
    assert_int_equal(count(&t, SQL_T_NOTES, r.id[0]), 1);
    assert_int_equal(count(&t, SQL_T_NOTIFIED, r.id[0]), 0);
    assert_int_equal(count(&t, SQL_T_AUDITS, 1), 1);
    assert_int_equal(count(&t, SQL_T_UPLOADS, 1), 1); /* for the national platform (§7) */
    /* a second exit of the same registration is refused, nothing added */
    assert_int_equal(in_tx(&t, &t.sys, r.id[0], &e, &id, &ec), -ERR_REGISTRATION_EXITED);
    assert_int_equal(count(&t, SQL_T_NOTES, r.id[0]), 1);
    /* died, imprisoned, emigrated: no notification, exit_notified NULL */
    json_decref(ev);
    ev = json_pack("{s:s}", "document", "死亡证明 2026-03-01");
    e = (struct exit_new){.reason_code = "26",
                          .subkind = "",
                          .date = clock_date_of(TESTAPP_NOW),
                          .note = "",
                          .evidence = ev,
                          .source = "caseworker"};
    assert_int_equal(in_tx(&t, &t.sys, r.id[1], &e, &id, &ec), 0);
    e.reason_code = "24";
    e.subkind = "emigration";
    assert_int_equal(in_tx(&t, &t.sys, r.id[2], &e, &id, &ec), 0);
    e.subkind = "school";
    assert_int_equal(in_tx(&t, &t.sys, r.id[3], &e, &id, &ec), 0);
    assert_int_equal(count(&t, SQL_T_NOTES, r.id[1]), 0);
    assert_int_equal(count(&t, SQL_T_NOTIFIED, r.id[1]), -1);
    assert_int_equal(count(&t, SQL_T_NOTES, r.id[2]), 0);
    assert_int_equal(count(&t, SQL_T_NOTES, r.id[3]), 1);
    assert_int_equal(count(&t, SQL_T_UPLOADS, 1), 4);
    /* outside the caller's scope: not found, nothing written */
    struct actor xc = t.sys;
    snprintf(xc.scope, sizeof xc.scope, "1201");
    e.reason_code = "26";
    e.subkind = "";
    assert_int_equal(in_tx(&t, &xc, r.id[4], &e, &id, &ec), -ERR_NOT_FOUND);
    assert_int_equal(count(&t, SQL_T_EXITED, r.id[4]), 0);
    /* a refused exit writes nothing: the future */
    e.date = clock_date_of(TESTAPP_NOW) + 1;
    assert_int_equal(in_tx(&t, &t.sys, r.id[4], &e, &id, &ec), -ERR_DATE_FUTURE);
    assert_int_equal(count(&t, SQL_T_EXITED, r.id[4]), 0);
    assert_int_equal(count(&t, SQL_T_OPEN, r.id[4]), 1);
    json_decref(ev);
    assert_int_equal(testapp_close(&t), 0);
}

static void reason_13_needs_the_regions_threshold(void **state)
{
    (void)state;
    struct testapp t;
    open_store(&t);
    struct regs r = active_regs(&t);
    json_t *ev = json_pack("{s:i}", "monthly_income", 1100);
    struct exit_new e = {.reason_code = "13",
                         .subkind = "",
                         .date = clock_date_of(TESTAPP_NOW),
                         .note = "",
                         .evidence = ev,
                         .source = "caseworker"};
    struct err_ctx ec = {0};
    int64_t id;
    assert_int_equal(in_tx(&t, &t.sys, r.id[0], &e, &id, &ec), -ERR_EXIT_INCOME_UNSET);
    assert_int_equal(app_exit_income_set(&t.app, &t.sys, "110000", 1200, &ec), 0);
    assert_int_equal(in_tx(&t, &t.sys, r.id[0], &e, &id, &ec), -ERR_EXIT_INCOME_BELOW);
    /* the county's own threshold is the longer prefix and wins */
    assert_int_equal(app_exit_income_set(&t.app, &t.sys, "110101", 1100, &ec), 0);
    assert_int_equal(in_tx(&t, &t.sys, r.id[0], &e, &id, &ec), 0);
    assert_int_equal(app_exit_income_set(&t.app, &t.sys, "999999", 1100, &ec), -ERR_REGION_INVALID);
    assert_int_equal(app_exit_income_set(&t.app, &t.sys, "110000", 0, &ec), -ERR_FIELD_INVALID);
    json_object_set_new(ev, "monthly_income", json_string("1500"));
    assert_int_equal(in_tx(&t, &t.sys, r.id[1], &e, &id, &ec), -ERR_EXIT_EVIDENCE);
    json_decref(ev);
    assert_int_equal(testapp_close(&t), 0);
}

static int batch(struct testapp *t, int64_t reg, const char *code, bool *applied)
{
    json_t *ev = json_pack("{s:s, s:s}", "source", "insurance", "event_date", "2026-03-01");
    struct exit_new e = {.reason_code = code,
                         .subkind = "",
                         .date = clock_date_of(TESTAPP_NOW),
                         .note = "",
                         .evidence = ev,
                         .source = "compare"};
    struct err_ctx ec = {0};
    struct store_conn *c = store_acquire(t->app.store);
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = exits_batch(c, &t->sys, TESTAPP_NOW, reg, &e, applied, &ec);
    rc = store_tx_end(c, rc);
    store_release(t->app.store, c);
    json_decref(ev);
    return rc;
}

static void a_batch_applies_or_proposes_as_the_policy_says(void **state)
{
    (void)state;
    struct testapp t;
    open_store(&t);
    struct regs r = active_regs(&t);
    struct err_ctx ec = {0};
    bool applied = false;
    assert_int_equal(batch(&t, r.id[0], "11", &applied), 0);
    assert_true(applied);
    assert_int_equal(count(&t, SQL_T_EXITED, r.id[0]), 1);
    assert_int_equal(app_exit_policy_set(&t.app, &t.sys, "11", "propose", &ec), 0);
    assert_int_equal(app_exit_policy_set(&t.app, &t.sys, "13", "propose", &ec), -ERR_EXIT_REASON);
    assert_int_equal(app_exit_policy_set(&t.app, &t.sys, "11", "maybe", &ec), -ERR_FIELD_INVALID);
    /* proposed twice: one open proposal, the registration still active */
    assert_int_equal(batch(&t, r.id[1], "11", &applied), 0);
    assert_false(applied);
    assert_int_equal(batch(&t, r.id[1], "11", &applied), 0);
    assert_int_equal(count(&t, SQL_T_PROPOSALS, r.id[1]), 1);
    assert_int_equal(count(&t, SQL_T_EXITED, r.id[1]), 0);
    assert_int_equal(app_exit_policy_set(&t.app, &t.sys, "12", "propose", &ec), 0);
    assert_int_equal(batch(&t, r.id[1], "12", &applied), 0);
    assert_int_equal(count(&t, SQL_T_PROPOSALS, r.id[1]), 2);
    /* the caseworker confirms 11: that proposal confirmed with the exit, 12 dismissed. The exit
     * rests on the comparison's record (no caseworker's "employer" key): checked as the batch's */
    json_t *ev = json_pack("{s:s, s:s}", "source", "insurance", "event_date", "2026-03-01");
    struct exit_new e = {.reason_code = "11",
                         .subkind = "",
                         .date = clock_date_of(TESTAPP_NOW),
                         .note = "",
                         .evidence = ev,
                         .source = "proposal"};
    int64_t id = 0;
    assert_int_equal(in_tx(&t, &t.sys, r.id[1], &e, &id, &ec), 0);
    assert_int_equal(count(&t, SQL_T_PROPOSALS, r.id[1]), 0);
    assert_int_equal(count(&t, SQL_T_CONFIRMED, id), 1);
    /* no proposal for an exited registration */
    assert_int_equal(batch(&t, r.id[1], "11", &applied), -ERR_REGISTRATION_EXITED);
    /* a follow-up proposal (32, a batch's reason) is confirmed on the contacts behind it; the same
     * exit as a caseworker's own is refused */
    json_decref(ev);
    ev = json_pack("{s:s, s:i}", "counter", "unreachable", "contacts", 6);
    e.reason_code = "32";
    e.evidence = ev;
    e.source = "caseworker";
    assert_int_equal(in_tx(&t, &t.sys, r.id[2], &e, &id, &ec), -ERR_EXIT_REASON_BATCH);
    e.source = "proposal";
    assert_int_equal(in_tx(&t, &t.sys, r.id[2], &e, &id, &ec), 0);
    assert_int_equal(count(&t, SQL_T_EXITED, r.id[2]), 1);
    json_decref(ev);
    assert_int_equal(testapp_close(&t), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_reason_for_each_actor),
        cmocka_unit_test(reason_24_and_its_subkinds),
        cmocka_unit_test(the_day_of_an_exit),
        cmocka_unit_test(the_evidence_an_exit_rests_on),
        cmocka_unit_test(the_stable_income_threshold),
        cmocka_unit_test(an_exit_closes_the_case_and_queues_one_notice),
        cmocka_unit_test(reason_13_needs_the_regions_threshold),
        cmocka_unit_test(a_batch_applies_or_proposes_as_the_policy_says),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
