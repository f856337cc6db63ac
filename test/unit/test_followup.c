/*
 * test_followup.c — rules/followup: the counters of 人社厅发〔2020〕3号 §5 ¶2 (三) (3 refusals in a
 * row without good reason → exit 31; 6 months unreachable in a row → exit 32), their resets
 * (a reached contact, a service received), the day-by-day reading of same-day contacts, the
 * calendar-month boundary, the registration-day boundary and the next monthly contact's due day.
 */
#include "testutil.h"

#include "base/date.h"
#include "rules/followup.h"

#define D(y, m, d) date_from_ymd(y, m, d)
#define REG D(2026, 1, 15)

static struct followup_counters count_at(struct followup_event *ev, int n, int32_t today)
{
    struct followup_counters k;
    followup_count(ev, n, REG, today, 30, &k);
    return k;
}

static void calendar_months_count_whole_months_with_month_end_clamping(void **state)
{
    (void)state;
    assert_int_equal(followup_months(D(2026, 1, 15), D(2026, 7, 14)), 5);
    assert_int_equal(followup_months(D(2026, 1, 15), D(2026, 7, 15)), 6);
    assert_int_equal(followup_months(D(2026, 1, 15), D(2026, 1, 15)), 0);
    assert_int_equal(followup_months(D(2026, 1, 15), D(2026, 1, 1)), 0); /* before: 0 */
    /* from the 31st: a month is complete at the end of a shorter month */
    assert_int_equal(followup_months(D(2025, 8, 31), D(2026, 2, 27)), 5);
    assert_int_equal(followup_months(D(2025, 8, 31), D(2026, 2, 28)), 6);
    assert_int_equal(followup_months(D(2026, 1, 31), D(2026, 2, 28)), 1);
    assert_int_equal(followup_months(D(2026, 1, 31), D(2026, 3, 30)), 1);
    assert_int_equal(followup_months(D(2026, 1, 31), D(2026, 3, 31)), 2);
    assert_int_equal(followup_months(D(2023, 8, 31), D(2024, 2, 29)), 6); /* leap February */
    assert_int_equal(followup_months(D(2024, 2, 29), D(2025, 2, 28)), 12);
}

static void five_months_unreachable_is_not_yet_an_exit_six_is(void **state)
{
    (void)state;
    struct followup_event ev[] = {{1, D(2026, 2, 10), FOLLOWUP_UNREACHABLE},
                                  {2, D(2026, 3, 10), FOLLOWUP_UNREACHABLE}};
    struct followup_counters k = count_at(ev, 2, D(2026, 8, 9));
    int32_t day;
    assert_int_equal(k.unreachable_since, D(2026, 2, 10));
    assert_int_equal(k.unreachable_months, 5);
    assert_null(followup_exit_due(&k, 0, 0, &day));
    k = count_at(ev, 2, D(2026, 8, 10));
    assert_int_equal(k.unreachable_months, 6);
    assert_string_equal(followup_exit_due(&k, 0, 0, &day), "32");
    assert_int_equal(day, D(2026, 8, 10));
    assert_int_equal(k.unreachable.n, 2);
    assert_int_equal(k.unreachable.ids[0], 1);
    assert_int_equal(k.unreachable.dates[1], D(2026, 3, 10));
    assert_int_equal(k.unreachable.last_id, 2);
    /* a late run dates the exit on the day six months were complete */
    k = count_at(ev, 2, D(2026, 11, 1));
    assert_int_equal(k.unreachable_months, 8);
    assert_string_equal(followup_exit_due(&k, 0, 0, &day), "32");
    assert_int_equal(day, D(2026, 8, 10));
}

static void a_reached_contact_a_refusal_or_a_service_ends_the_unreachable_spell(void **state)
{
    (void)state;
    enum followup_kind resets[] = {FOLLOWUP_REACHED, FOLLOWUP_REFUSED, FOLLOWUP_SERVICE};
    for (int i = 0; i < 3; i++) {
        struct followup_event ev[] = {{1, D(2026, 2, 1), FOLLOWUP_UNREACHABLE},
                                      {2, D(2026, 4, 1), resets[i]},
                                      {3, D(2026, 5, 1), FOLLOWUP_UNREACHABLE}};
        struct followup_counters k = count_at(ev, 3, D(2026, 10, 31));
        assert_int_equal(k.unreachable_since, D(2026, 5, 1)); /* the first failure after it */
        assert_int_equal(k.unreachable_months, 5);
        assert_int_equal(k.unreachable.n, 1);
        assert_int_equal(k.unreachable.ids[0], 3);
        int32_t day;
        assert_null(followup_exit_due(&k, 0, 0, &day));
    }
    /* the reset as the last event: no spell at all */
    struct followup_event ev[] = {{1, D(2026, 2, 1), FOLLOWUP_UNREACHABLE},
                                  {2, D(2026, 2, 20), FOLLOWUP_REACHED}};
    struct followup_counters k = count_at(ev, 2, D(2026, 12, 1));
    assert_int_equal(k.unreachable_since, 0);
    assert_int_equal(k.unreachable_months, 0);
    assert_int_equal(k.unreachable.n, 0);
}

static void two_refusals_are_not_an_exit_three_are(void **state)
{
    (void)state;
    struct followup_event ev[] = {{1, D(2026, 2, 1), FOLLOWUP_REFUSED},
                                  {2, D(2026, 3, 1), FOLLOWUP_REFUSED},
                                  {3, D(2026, 4, 1), FOLLOWUP_REFUSED}};
    int32_t day;
    struct followup_counters k = count_at(ev, 2, D(2026, 4, 2));
    assert_int_equal(k.refusals, 2);
    assert_null(followup_exit_due(&k, 0, 0, &day));
    k = count_at(ev, 3, D(2026, 4, 2));
    assert_int_equal(k.refusals, 3);
    assert_string_equal(followup_exit_due(&k, 0, 0, &day), "31");
    assert_int_equal(day, D(2026, 4, 1));
    assert_int_equal(k.refused.n, 3);
    assert_int_equal(k.refused.ids[2], 3);
    assert_int_equal(k.refused.last_id, 3);
    assert_int_equal(k.unreachable_since, 0); /* refusing is being reached */
}

static void
a_reached_contact_or_a_service_resets_the_refusals_an_unreachable_one_does_not(void **state)
{
    (void)state;
    int32_t day;
    for (int reset = 0; reset < 2; reset++) {
        struct followup_event ev[] = {
            {1, D(2026, 2, 1), FOLLOWUP_REFUSED},
            {2, D(2026, 3, 1), FOLLOWUP_REFUSED},
            {3, D(2026, 3, 15), reset ? FOLLOWUP_SERVICE : FOLLOWUP_REACHED},
            {4, D(2026, 4, 1), FOLLOWUP_REFUSED},
        };
        struct followup_counters k = count_at(ev, 4, D(2026, 4, 2));
        assert_int_equal(k.refusals, 1);
        assert_int_equal(k.refused.n, 1);
        assert_int_equal(k.refused.ids[0], 4);
        assert_null(followup_exit_due(&k, 0, 0, &day));
    }
    struct followup_event ev[] = {
        {1, D(2026, 2, 1), FOLLOWUP_REFUSED},
        {2, D(2026, 2, 15), FOLLOWUP_UNREACHABLE},
        {3, D(2026, 3, 1), FOLLOWUP_REFUSED},
        {4, D(2026, 4, 1), FOLLOWUP_REFUSED},
    };
    struct followup_counters k = count_at(ev, 4, D(2026, 4, 2));
    assert_int_equal(k.refusals, 3);
    assert_string_equal(followup_exit_due(&k, 0, 0, &day), "31");
}

static void contacts_of_one_day_are_read_as_that_day(void **state)
{
    (void)state;
    int32_t day;
    /* three refusals recorded on one day are one refusal */
    struct followup_event same[] = {{1, D(2026, 2, 1), FOLLOWUP_REFUSED},
                                    {2, D(2026, 2, 1), FOLLOWUP_REFUSED},
                                    {3, D(2026, 2, 1), FOLLOWUP_REFUSED}};
    struct followup_counters k = count_at(same, 3, D(2026, 3, 1));
    assert_int_equal(k.refusals, 1);
    assert_int_equal(k.refused.n, 3); /* all three are behind it */
    assert_null(followup_exit_due(&k, 0, 0, &day));
    /* a reached contact and a refusal on one day: reached wins, whatever the recording order */
    for (int order = 0; order < 2; order++) {
        struct followup_event ev[] = {
            {1, D(2026, 2, 1), FOLLOWUP_REFUSED},
            {2, D(2026, 3, 1), FOLLOWUP_REFUSED},
            {order ? 3 : 4, D(2026, 4, 1), FOLLOWUP_REFUSED},
            {order ? 4 : 3, D(2026, 4, 1), FOLLOWUP_REACHED},
        };
        k = count_at(ev, 4, D(2026, 4, 2));
        assert_int_equal(k.refusals, 0);
        assert_null(followup_exit_due(&k, 0, 0, &day));
    }
    /* unreachable and reached on one day: reached (no spell) */
    struct followup_event ur[] = {{1, D(2026, 2, 1), FOLLOWUP_REACHED},
                                  {2, D(2026, 2, 1), FOLLOWUP_UNREACHABLE}};
    k = count_at(ur, 2, D(2026, 12, 1));
    assert_int_equal(k.unreachable_since, 0);
    /* the events may come in any order */
    struct followup_event mixed[] = {{3, D(2026, 4, 1), FOLLOWUP_REFUSED},
                                     {1, D(2026, 2, 1), FOLLOWUP_REFUSED},
                                     {2, D(2026, 3, 1), FOLLOWUP_REFUSED}};
    k = count_at(mixed, 3, D(2026, 4, 1));
    assert_int_equal(k.refusals, 3);
    assert_int_equal(k.refusal_third, D(2026, 4, 1));
}

static void the_registration_day_counts_days_before_it_and_after_today_do_not(void **state)
{
    (void)state;
    struct followup_event ev[] = {{1, REG - 1, FOLLOWUP_REACHED},
                                  {2, REG, FOLLOWUP_UNREACHABLE},
                                  {3, D(2026, 9, 1), FOLLOWUP_REACHED}};
    struct followup_counters k = count_at(ev, 3, D(2026, 7, 15));
    assert_int_equal(k.unreachable_since, REG); /* the registration day itself counts */
    assert_int_equal(k.unreachable_months, 6);  /* 01-15 → 07-15 */
    assert_int_equal(k.last_contact, REG);      /* the later (future) contact is left out */
    int32_t day;
    assert_string_equal(followup_exit_due(&k, 0, 0, &day), "32");
    assert_int_equal(day, D(2026, 7, 15));
    k = count_at(ev, 3, D(2026, 7, 14));
    assert_int_equal(k.unreachable_months, 5);
    /* a contact before the registration only: as if none */
    k = count_at(ev, 1, REG + 3);
    assert_int_equal(k.last_contact, 0);
    assert_int_equal(k.next_contact_due, REG + 30);
}

static void the_next_contact_is_due_the_interval_after_the_last_contact(void **state)
{
    (void)state;
    struct followup_counters k;
    followup_count(NULL, 0, REG, REG, 30, &k);
    assert_int_equal(k.next_contact_due, REG + 30); /* from the registration day */
    assert_false(k.overdue);
    followup_count(NULL, 0, REG, REG + 30, 30, &k);
    assert_false(k.overdue); /* due today: not overdue yet */
    followup_count(NULL, 0, REG, REG + 31, 30, &k);
    assert_true(k.overdue);
    struct followup_event ev[] = {{1, D(2026, 2, 1), FOLLOWUP_UNREACHABLE},
                                  {2, D(2026, 2, 20), FOLLOWUP_SERVICE}};
    followup_count(ev, 2, REG, D(2026, 3, 1), 14, &k);
    assert_int_equal(k.last_contact, D(2026, 2, 1)); /* any result; a service is no contact */
    assert_int_equal(k.next_contact_due, D(2026, 2, 15));
    assert_true(k.overdue);
}

static void a_reverted_or_dismissed_exit_is_found_again_only_from_a_newer_contact(void **state)
{
    (void)state;
    struct followup_event ev[] = {{5, D(2026, 2, 1), FOLLOWUP_REFUSED},
                                  {6, D(2026, 3, 1), FOLLOWUP_REFUSED},
                                  {7, D(2026, 4, 1), FOLLOWUP_REFUSED},
                                  {8, D(2026, 5, 1), FOLLOWUP_REFUSED}};
    int32_t day;
    struct followup_counters k = count_at(ev, 3, D(2026, 4, 2));
    assert_null(followup_exit_due(&k, 7, 0, &day)); /* reverted with contact 7 behind it */
    assert_string_equal(followup_exit_due(&k, 0, 7, &day), "31"); /* another reason's revert */
    k = count_at(ev, 4, D(2026, 5, 2));
    assert_string_equal(followup_exit_due(&k, 7, 0, &day), "31"); /* a fourth refusal */
    struct followup_event un[] = {{9, D(2026, 2, 1), FOLLOWUP_UNREACHABLE}};
    k = count_at(un, 1, D(2026, 12, 1));
    assert_null(followup_exit_due(&k, 0, 9, &day));
}

static void when_both_are_due_the_earlier_day_wins(void **state)
{
    (void)state;
    /* unreachable from Feb (6 months: Aug 1), then refusals … but refusing ends the spell, so
     * both can only be due from separate trails when the refusals came first */
    struct followup_event ev[] = {{1, D(2026, 2, 1), FOLLOWUP_REFUSED},
                                  {2, D(2026, 2, 2), FOLLOWUP_REFUSED},
                                  {3, D(2026, 2, 3), FOLLOWUP_REFUSED},
                                  {4, D(2026, 2, 4), FOLLOWUP_UNREACHABLE}};
    struct followup_counters k = count_at(ev, 4, D(2026, 9, 1));
    int32_t day;
    assert_int_equal(k.refusals, 3);
    assert_int_equal(k.unreachable_months, 6);
    assert_string_equal(followup_exit_due(&k, 0, 0, &day), "31");
    assert_int_equal(day, D(2026, 2, 3));
    assert_string_equal(followup_exit_due(&k, 3, 0, &day), "32"); /* 31 suppressed */
    assert_int_equal(day, D(2026, 8, 4));
    assert_ptr_equal(followup_trail_of(&k, "31"), &k.refused);
    assert_ptr_equal(followup_trail_of(&k, "32"), &k.unreachable);
    assert_null(followup_trail_of(&k, "11"));
}

static void a_long_trail_keeps_its_first_ids_and_counts_all(void **state)
{
    (void)state;
    struct followup_event ev[40];
    for (int i = 0; i < 40; i++)
        ev[i] = (struct followup_event){i + 1, D(2026, 2, 1) + i, FOLLOWUP_UNREACHABLE};
    struct followup_counters k = count_at(ev, 40, D(2026, 3, 30));
    assert_int_equal(k.unreachable.n, 40);
    assert_int_equal(k.unreachable.ids[FOLLOWUP_IDS_MAX - 1], FOLLOWUP_IDS_MAX);
    assert_int_equal(k.unreachable.last_id, 40);
    assert_int_equal(k.unreachable_since, D(2026, 2, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(calendar_months_count_whole_months_with_month_end_clamping),
        cmocka_unit_test(five_months_unreachable_is_not_yet_an_exit_six_is),
        cmocka_unit_test(a_reached_contact_a_refusal_or_a_service_ends_the_unreachable_spell),
        cmocka_unit_test(two_refusals_are_not_an_exit_three_are),
        cmocka_unit_test(
            a_reached_contact_or_a_service_resets_the_refusals_an_unreachable_one_does_not),
        cmocka_unit_test(contacts_of_one_day_are_read_as_that_day),
        cmocka_unit_test(the_registration_day_counts_days_before_it_and_after_today_do_not),
        cmocka_unit_test(the_next_contact_is_due_the_interval_after_the_last_contact),
        cmocka_unit_test(a_reverted_or_dismissed_exit_is_found_again_only_from_a_newer_contact),
        cmocka_unit_test(when_both_are_due_the_earlier_day_wins),
        cmocka_unit_test(a_long_trail_keeps_its_first_ids_and_counts_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
