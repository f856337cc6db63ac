/*
 * test_synthhist.c — generated histories (app/synthhist): the same arguments give the same
 * history; every date lies between the registration and today; a registry event before this
 * month ends the registration with its reason on its day, one in this month is left for `ureg
 * compare`; 32 comes only after six months unreachable from the first failed attempt and 31 on
 * the third refusal in a row; the window keeps the last contacts.
 */
#include "testutil.h"

#include "app/synthhist.h"
#include "base/date.h"

#include <string.h>

static void deterministic_and_within_the_dates(void **state)
{
    (void)state;
    struct synth_person sp;
    memset(&sp, 0, sizeof sp);
    int32_t reg = date_from_ymd(2024, 1, 10), today = date_from_ymd(2026, 11, 30);
    int exited = 0, by_reason[100] = {0};
    for (uint64_t i = 0; i < 4000; i++) {
        struct synth_history a, b;
        synth_history(9, i, &sp, reg, today, 6, &a);
        synth_history(9, i, &sp, reg, today, 6, &b);
        assert_memory_equal(&a, &b, sizeof a);
        assert_true(a.first_contact_on > reg && a.first_contact_on <= reg + 4);
        assert_true(a.n >= 0 && a.n <= 6);
        for (int k = 0; k < a.n; k++) {
            assert_true(a.contacts[k].day > reg && a.contacts[k].day <= today);
            if (k)
                assert_true(a.contacts[k].day > a.contacts[k - 1].day);
        }
        if (a.exit_reason) {
            exited++;
            by_reason[atoi(a.exit_reason)]++;
            assert_true(a.exit_day > reg && a.exit_day <= today);
            if (a.n)
                assert_true(a.exit_day >= a.contacts[a.n - 1].day);
            if (strcmp(a.exit_reason, "32") == 0) {
                assert_string_equal(a.exit_source, "followup");
                assert_string_equal(a.contacts[a.n - 1].result, "unreachable");
            }
            if (strcmp(a.exit_reason, "31") == 0) {
                assert_int_equal(a.refusal_run, 3);
                for (int k = a.n - 3; k < a.n; k++)
                    assert_string_equal(a.contacts[k].result, "refused");
            }
            if (strcmp(a.exit_reason, "24") == 0)
                assert_true(strcmp(a.exit_subkind, "school") == 0 ||
                            strcmp(a.exit_subkind, "military") == 0 ||
                            strcmp(a.exit_subkind, "emigration") == 0);
            else
                assert_string_equal(a.exit_subkind, "");
        }
    }
    /* nearly three years at about 7 % a month: most have left, each way seen */
    assert_true(exited > 3000 && exited < 4000);
    assert_true(by_reason[11] > by_reason[12] && by_reason[12] > 0);
    assert_true(by_reason[13] > 0 && by_reason[24] > 0 && by_reason[31] > 0 && by_reason[32] > 0);
}

/* 32: six calendar months from the first failed attempt, never earlier. */
static void unreachable_for_six_months_from_the_first_failure(void **state)
{
    (void)state;
    struct synth_person sp;
    memset(&sp, 0, sizeof sp);
    int32_t reg = date_from_ymd(2024, 1, 10), today = date_from_ymd(2026, 11, 30);
    int seen = 0;
    for (uint64_t i = 0; i < 20000 && seen < 20; i++) {
        struct synth_history h;
        synth_history(3, i, &sp, reg, today, SYNTH_HIST_MAX, &h);
        if (!h.exit_reason || strcmp(h.exit_reason, "32") != 0)
            continue;
        seen++;
        int k = h.n - 1;
        while (k > 0 && strcmp(h.contacts[k - 1].result, "reached") != 0 &&
               strcmp(h.contacts[k - 1].result, "refused") != 0)
            k--;
        int32_t first_failed = h.contacts[k].day;
        assert_true(date_add_months(first_failed, 6) <= h.exit_day);
        /* the contact before the exit was still short of six months */
        assert_true(h.n - k >= 2);
        assert_true(date_add_months(first_failed, 6) > h.contacts[h.n - 2].day);
    }
    assert_true(seen >= 20);
}

/* A dataset event after the registration and before this month ends it on the event's day; one
 * in this month is for this month's comparison. */
static void a_registry_event_before_this_month_is_the_exit(void **state)
{
    (void)state;
    struct synth_person sp;
    memset(&sp, 0, sizeof sp);
    int32_t reg = date_from_ymd(2026, 5, 10), today = date_from_ymd(2026, 11, 30);
    sp.n_events = 2;
    sp.events[0] = (struct synth_event){.source = VERIFY_SRC_SSC_HOLDERS, .day = reg + 1};
    sp.events[1] = (struct synth_event){.source = VERIFY_SRC_DEATHS, .day = reg + 20};
    int found = 0;
    for (uint64_t i = 0; i < 200; i++) {
        struct synth_history h;
        synth_history(1, i, &sp, reg, today, 6, &h);
        assert_non_null(h.exit_reason);
        if (strcmp(h.exit_reason, "26") == 0) {
            found++;
            assert_int_equal(h.exit_day, reg + 20);
            assert_string_equal(h.exit_source, "compare");
        }
    }
    assert_true(found > 100); /* the others left earlier for another reason */
    sp.events[1].day = date_from_ymd(2026, 11, 3);
    for (uint64_t i = 0; i < 200; i++) {
        struct synth_history h;
        synth_history(1, i, &sp, reg, today, 6, &h);
        assert_false(h.exit_reason && strcmp(h.exit_reason, "26") == 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deterministic_and_within_the_dates),
        cmocka_unit_test(unreachable_for_six_months_from_the_first_failure),
        cmocka_unit_test(a_registry_event_before_this_month_is_the_exit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
