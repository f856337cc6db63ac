/*
 * test_notify.c — the exit notifier's retry rule (app/notify: notify_retry_after over
 * rules/xmsg's backoff): 60 s after the first failure, doubled each attempt, capped at 6 h.
 */
#include "testutil.h"

#include "app/notify.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(retry_doubles_from_a_minute_to_six_hours),
        cmocka_unit_test(the_log_notifier_always_delivers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
