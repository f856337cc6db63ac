/*
 * test_notify.c — the exit notifier's retry rule (app/notify: notify_retry_after over
 * rules/xmsg's backoff): 60 s after the first failure, doubled each attempt, capped at 6 h; and,
 * on a generated store, the claim that keeps two senders (serve's and a cron `notify run`) from
 * sending one notification twice, the phone read for a send, and a run through the log notifier.
 */
#include "testutil.h"
#include "testapp.h"

#include "app/exits.h"
#include "app/gen.h"
#include "app/notify.h"
#include "store/notify.h"
#include "store/person.h"

#include <string.h>

static void retry_doubles_from_a_minute_to_six_hours(void **state)
{
    (void)state;
    assert_int_equal(notify_retry_after(0), 0);
    assert_int_equal(notify_retry_after(1), 60);
    assert_int_equal(notify_retry_after(2), 120);
    assert_int_equal(notify_retry_after(3), 240);
    assert_int_equal(notify_retry_after(9), 15360);
    assert_int_equal(notify_retry_after(10), 21600);
    assert_int_equal(notify_retry_after(50), 21600);
}

static void the_log_notifier_always_delivers(void **state)
{
    (void)state;
    const struct notifier *n = notify_log();
    struct notify_row row = {.id = 7, .exit_id = 3, .channel = "sms", .text = "x"};
    char err[16] = "";
    assert_false(n->needs_phone); /* the log line never carries the number */
    assert_string_equal(n->channel, "log");
    assert_int_equal(n->send(n->ctx, &row, NULL, err, sizeof err), 0);
}

struct due {
    int n;
    struct notify_row last;
};

static int collect(const struct notify_row *n, void *arg)
{
    struct due *d = arg;
    d->n++;
    d->last = *n;
    d->last.channel = d->last.text = NULL; /* valid in the callback only */
    return 0;
}

static struct due due_at(struct testapp *t, int64_t now)
{
    struct due d = {0};
    struct store_conn *c = store_acquire(t->app.store);
    assert_true(store_notify_due(c, now, 100, collect, &d) >= 0);
    store_release(t->app.store, c);
    return d;
}

static const char SQL_T_ACTIVE[] =
    "SELECT id FROM registration WHERE status = 'active' ORDER BY id LIMIT 2";
static const char SQL_T_NOTIFIED[] =
    "SELECT COALESCE(exit_notified, -1) FROM registration WHERE id = $1";
static const char SQL_T_CHANNEL[] = "SELECT COUNT(*) FROM notification WHERE channel = 'log'"
                                    " AND status = 'sent' AND $1 > 0";

/* Exit the registrations of a generated store (reason 11, told) and return their ids. */
static void exit_two(struct testapp *t, int64_t regs[2])
{
    assert_int_equal(testapp_open(t, "test"), 0);
    struct gen_options g = {.people = 20, .seed = 3, .region = "110101"};
    struct gen_counts gc;
    struct err_ctx ec = {0};
    assert_int_equal(app_gen(&t->app, &t->sys, &g, &gc, &ec), 0);
    struct store_conn *c = store_acquire(t->app.store);
    struct store_q *q = store_q_open(c, SQL_T_ACTIVE);
    int n = 0;
    while (store_q_step(q) == 1 && n < 2)
        regs[n++] = store_q_col_int(q, 0);
    store_q_close(q);
    assert_int_equal(n, 2);
    json_t *ev = json_pack("{s:s}", "employer", "北京某某科技有限公司");
    struct exit_new e = {.reason_code = "11",
                         .subkind = "",
                         .date = clock_date_of(TESTAPP_NOW),
                         .note = "",
                         .evidence = ev,
                         .source = "caseworker"};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(store_tx_begin(c, true), 0);
        int64_t id;
        assert_int_equal(
            store_tx_end(c, exits_apply(c, &t->sys, TESTAPP_NOW, regs[i], &e, &id, &ec)), 0);
    }
    json_decref(ev);
    store_release(t->app.store, c);
}

static int64_t one_int(struct testapp *t, const char *sql, int64_t arg)
{
    int64_t v = -99;
    struct store_conn *c = store_acquire(t->app.store);
    struct store_q *q = store_q_open(c, sql);
    store_q_int(q, 1, arg);
    assert_int_equal(store_q_one_int(q, &v, -ERR_NOT_FOUND), 0);
    store_release(t->app.store, c);
    return v;
}

static void a_claimed_notification_goes_to_one_sender_only(void **state)
{
    (void)state;
    struct testapp t;
    int64_t regs[2];
    exit_two(&t, regs);
    const int64_t now = TESTAPP_NOW;
    struct due d = due_at(&t, now);
    assert_int_equal(d.n, 2);
    int64_t id = d.last.id;
    assert_true(d.last.person_id > 0);
    struct store_conn *c = store_acquire(t.app.store);
    /* the first sender claims it; the second finds it taken */
    assert_int_equal(store_notify_claim(c, id, now, now + 600), 0);
    assert_int_equal(store_notify_claim(c, id, now, now + 600), -ERR_CONFLICT);
    store_release(t.app.store, c);
    assert_int_equal(due_at(&t, now).n, 1);
    assert_int_equal(due_at(&t, now + 599).n, 1);
    assert_int_equal(due_at(&t, now + 600).n, 2); /* a sender killed mid-send: due again */

    /* the phone for the send is the person's, decrypted */
    struct arena ar;
    arena_init(&ar);
    struct person p;
    char phone[64];
    c = store_acquire(t.app.store);
    assert_int_equal(store_person_get(c, d.last.person_id, true, &ar, &p), 0);
    assert_int_equal(store_person_phone(c, d.last.person_id, phone, sizeof phone), 0);
    assert_string_equal(phone, p.phone);
    assert_int_equal(strlen(phone), 11);
    assert_int_equal(store_person_phone(c, d.last.person_id, phone, 5), -ERR_INTERNAL);
    assert_string_equal(phone, "");
    assert_int_equal(store_person_phone(c, 999999, phone, sizeof phone), -ERR_NOT_FOUND);
    arena_free(&ar);

    /* sent: never due again, never claimed or marked again */
    assert_int_equal(store_notify_sent(c, id, "sms", now), 0);
    assert_int_equal(store_notify_claim(c, id, now + 86400, now + 87000), -ERR_CONFLICT);
    assert_int_equal(store_notify_sent(c, id, "sms", now), -ERR_CONFLICT);
    assert_int_equal(store_notify_failed(c, id, "sms", now, "x"), -ERR_CONFLICT);
    store_release(t.app.store, c);
    assert_int_equal(due_at(&t, now + 86400).n, 1);
    assert_int_not_equal(due_at(&t, now + 86400).last.id, id);
    assert_int_equal(one_int(&t, SQL_T_NOTIFIED, d.last.registration_id), 1);
    assert_int_equal(testapp_close(&t), 0);
}

static void a_run_sends_each_due_one_once(void **state)
{
    (void)state;
    struct testapp t;
    int64_t regs[2];
    exit_two(&t, regs);
    int sent = -1, failed = -1;
    assert_int_equal(app_notify_run(&t.app, NULL, TESTAPP_NOW, &sent, &failed), 0);
    assert_int_equal(sent, 2);
    assert_int_equal(failed, 0);
    assert_int_equal(one_int(&t, SQL_T_CHANNEL, 1), 2); /* the channel it went through */
    for (int i = 0; i < 2; i++)
        assert_int_equal(one_int(&t, SQL_T_NOTIFIED, regs[i]), 1);
    assert_int_equal(app_notify_run(&t.app, notify_log(), TESTAPP_NOW + 86400, &sent, &failed), 0);
    assert_int_equal(sent, 0);
    assert_int_equal(failed, 0);
    assert_int_equal(testapp_close(&t), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(retry_doubles_from_a_minute_to_six_hours),
        cmocka_unit_test(the_log_notifier_always_delivers),
        cmocka_unit_test(a_claimed_notification_goes_to_one_sender_only),
        cmocka_unit_test(a_run_sends_each_due_one_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
