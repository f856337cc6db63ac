/*
 * test_track.c — the state machines of the tracked services (rules/track): every kind has an
 * initial status and a way to finish, every move the table allows and none it does not (all
 * pairs of every kind's statuses are tried), the loan's five steps in order, what each kind must
 * carry, and the date rules of its own (not before the last step, due not before the event).
 */
#include "testutil.h"

#include "base/date.h"
#include "rules/track.h"
#include "rules/vocab.h"

#include <string.h>

/* The moves the notice's services have, written out independently of track.c's table. */
static const struct {
    const char *kind, *from, *to;
} expected_moves[] = {
    {"training_referral", "referred", "enrolled"},
    {"training_referral", "referred", "declined"},
    {"training_referral", "enrolled", "completed"},
    {"training_referral", "enrolled", "dropped"},
    {"startup_training", "referred", "enrolled"},
    {"startup_training", "referred", "declined"},
    {"startup_training", "enrolled", "completed"},
    {"startup_training", "enrolled", "dropped"},
    {"startup_support", "arranged", "done"},
    {"startup_support", "arranged", "cancelled"},
    {"startup_loan", "applied", "reviewed"},
    {"startup_loan", "reviewed", "guaranteed"},
    {"startup_loan", "guaranteed", "granted"},
    {"startup_loan", "granted", "repaid"},
    {"startup_loan", "applied", "rejected"},
    {"startup_loan", "reviewed", "rejected"},
    {"startup_loan", "guaranteed", "rejected"},
    {"difficulty_recognition", "recognised", "revoked"},
    {"assistance_plan", "open", "closed"},
    {"plan_step", "planned", "done"},
    {"plan_step", "planned", "cancelled"},
    {"public_welfare_post", "placed", "left"},
    {"policy_application", "received", "forwarded"},
    {"policy_application", "received", "approved"},
    {"policy_application", "received", "rejected"},
    {"policy_application", "forwarded", "approved"},
    {"policy_application", "forwarded", "rejected"},
    {"ui_handover", "handed_over", "accepted"},
    {"ui_handover", "handed_over", "rejected"},
};
#define N_EXPECTED (sizeof expected_moves / sizeof *expected_moves)

static bool expected(const char *kind, const char *from, const char *to)
{
    for (size_t i = 0; i < N_EXPECTED; i++)
        if (strcmp(expected_moves[i].kind, kind) == 0 &&
            strcmp(expected_moves[i].from, from) == 0 && strcmp(expected_moves[i].to, to) == 0)
            return true;
    return false;
}

static void every_pair_of_statuses_moves_exactly_as_listed(void **state)
{
    (void)state;
    int allowed = 0;
    for (int k = 0; k < TRACK_KIND__COUNT; k++) {
        const char *name = vocab_track_kind_name((enum track_kind)k);
        const char *st[TRACK_MAX_STATUSES];
        int n = track_statuses((enum track_kind)k, st, TRACK_MAX_STATUSES);
        assert_true(n >= 2);
        assert_true(n < TRACK_MAX_STATUSES); /* room to spare */
        assert_string_equal(st[0], track_initial((enum track_kind)k));
        for (int i = 0; i < n; i++) {
            assert_true(track_status_valid((enum track_kind)k, st[i]));
            for (int j = 0; j < n; j++) {
                bool ok = track_move_allowed((enum track_kind)k, st[i], st[j]);
                assert_int_equal(ok, expected(name, st[i], st[j]));
                allowed += ok;
            }
        }
    }
    assert_int_equal(allowed, (int)N_EXPECTED); /* and every listed move belongs to some kind */
}

static void every_kind_starts_open_and_can_finish(void **state)
{
    (void)state;
    for (int k = 0; k < TRACK_KIND__COUNT; k++) {
        const char *st[TRACK_MAX_STATUSES];
        int n = track_statuses((enum track_kind)k, st, TRACK_MAX_STATUSES), finals = 0;
        assert_false(track_status_final((enum track_kind)k, st[0]));
        for (int i = 0; i < n; i++)
            finals += track_status_final((enum track_kind)k, st[i]);
        assert_true(finals >= 1);
    }
    assert_true(track_status_final(TRACK_KIND_STARTUP_LOAN, "repaid"));
    assert_true(track_status_final(TRACK_KIND_STARTUP_LOAN, "rejected"));
    assert_false(track_status_final(TRACK_KIND_STARTUP_LOAN, "granted"));
    assert_false(track_status_final(TRACK_KIND_STARTUP_LOAN, "nonsense"));
}

static void a_loan_goes_through_its_five_steps_in_order(void **state)
{
    (void)state;
    const char *steps[] = {"applied", "reviewed", "guaranteed", "granted", "repaid"};
    assert_string_equal(track_initial(TRACK_KIND_STARTUP_LOAN), "applied");
    for (int i = 0; i + 1 < 5; i++) {
        assert_true(track_move_allowed(TRACK_KIND_STARTUP_LOAN, steps[i], steps[i + 1]));
        for (int j = i + 2; j < 5; j++) /* no skipping */
            assert_false(track_move_allowed(TRACK_KIND_STARTUP_LOAN, steps[i], steps[j]));
        assert_false(track_move_allowed(TRACK_KIND_STARTUP_LOAN, steps[i + 1], steps[i]));
    }
    assert_false(track_move_allowed(TRACK_KIND_STARTUP_LOAN, "granted", "rejected"));
    assert_false(track_move_allowed(TRACK_KIND_STARTUP_LOAN, NULL, "reviewed"));
    /* A word of another kind is not a status of this one. */
    assert_false(track_status_valid(TRACK_KIND_STARTUP_LOAN, "enrolled"));
    assert_false(track_move_allowed(TRACK_KIND_TRAINING, "applied", "reviewed"));
}

static void each_kind_needs_what_its_record_must_say(void **state)
{
    (void)state;
    assert_int_equal(track_needs(TRACK_KIND_STARTUP_LOAN),
                     TRACK_NEEDS_SUBJECT | TRACK_NEEDS_AMOUNT);
    assert_int_equal(track_needs(TRACK_KIND_DIFFICULTY), TRACK_NEEDS_CODE | TRACK_NEEDS_EVIDENCE);
    assert_int_equal(track_needs(TRACK_KIND_PLAN_STEP),
                     TRACK_NEEDS_SUBJECT | TRACK_NEEDS_CODE | TRACK_NEEDS_PARENT | TRACK_NEEDS_DUE);
    for (int k = 0; k < TRACK_KIND__COUNT; k++) {
        unsigned n = track_needs((enum track_kind)k);
        assert_true(n & (TRACK_NEEDS_SUBJECT | TRACK_NEEDS_CODE)); /* every item says what */
        /* Only plan steps hang under a parent and carry a due date of their own. */
        assert_int_equal((n & TRACK_NEEDS_PARENT) != 0, k == TRACK_KIND_PLAN_STEP);
        assert_int_equal((n & TRACK_NEEDS_DUE) != 0, k == TRACK_KIND_PLAN_STEP);
    }
    assert_int_equal(track_needs((enum track_kind)TRACK_KIND__COUNT), 0);
    assert_int_equal(track_needs((enum track_kind) - 1), 0);
    assert_null(track_initial((enum track_kind)TRACK_KIND__COUNT));
    const char *types[] = {"counselling", "training", "job_referral", "public_welfare_post",
                           "other"};
    for (int i = 0; i < 5; i++)
        assert_true(track_step_type_valid(types[i]));
    assert_false(track_step_type_valid("Counselling"));
    assert_false(track_step_type_valid(""));
    assert_false(track_step_type_valid(NULL));
}

static void a_step_is_not_before_the_last_and_a_due_date_not_before_its_day(void **state)
{
    (void)state;
    /* Not in the future, not before the registration: rules/record's, tested in test_record. */
    int32_t last = date_from_ymd(2026, 4, 10);
    assert_int_equal(track_check_dates(last, INT32_MIN, INT32_MIN), 0);
    assert_int_equal(track_check_dates(last, INT32_MIN, last), 0);
    assert_int_equal(track_check_dates(last - 1, INT32_MIN, last), TRACK_E_BEFORE_LAST);
    /* A due date may lie ahead, but not before the day it is set. */
    assert_int_equal(track_check_dates(last, last + 30, INT32_MIN), 0);
    assert_int_equal(track_check_dates(last, last, INT32_MIN), 0);
    assert_int_equal(track_check_dates(last, last - 1, INT32_MIN), TRACK_E_DUE_BEFORE);
    /* The last step's rule is checked before the due date's. */
    assert_int_equal(track_check_dates(last - 1, last - 5, last), TRACK_E_BEFORE_LAST);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_pair_of_statuses_moves_exactly_as_listed),
        cmocka_unit_test(every_kind_starts_open_and_can_finish),
        cmocka_unit_test(a_loan_goes_through_its_five_steps_in_order),
        cmocka_unit_test(each_kind_needs_what_its_record_must_say),
        cmocka_unit_test(a_step_is_not_before_the_last_and_a_due_date_not_before_its_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
