/*
 * test_compare.c — rules/compare: which reference records end an active registration (notice §5
 * ¶2: hired 11, business 12, pension 21, custody 25, death 26), the earliest kept per source,
 * and the exit chosen among them.
 */
#include "testutil.h"

#include "base/date.h"
#include "rules/compare.h"

#include <string.h>

#define REG date_from_ymd(2026, 3, 2)
#define TODAY date_from_ymd(2026, 6, 20)

static void every_source_has_its_reason(void **state)
{
    (void)state;
    assert_string_equal(compare_reason(VERIFY_SRC_INSURANCE), "11");
    assert_string_equal(compare_reason(VERIFY_SRC_EMPLOYMENT_FILINGS), "11");
    assert_string_equal(compare_reason(VERIFY_SRC_BUSINESS_LICENCES), "12");
    assert_string_equal(compare_reason(VERIFY_SRC_PENSIONS), "21");
    assert_string_equal(compare_reason(VERIFY_SRC_CUSTODY), "25");
    assert_string_equal(compare_reason(VERIFY_SRC_DEATHS), "26");
    assert_null(compare_reason(VERIFY_SRC_SSC_HOLDERS));
    assert_null(compare_reason(VERIFY_SRC__COUNT));
}

static void the_dates_that_qualify(void **state)
{
    (void)state;
    /* hired and business: strictly after the registration day, not after today */
    for (int s = VERIFY_SRC_INSURANCE; s <= VERIFY_SRC_BUSINESS_LICENCES; s++) {
        assert_false(compare_qualifies(s, REG - 1, REG, TODAY));
        assert_false(compare_qualifies(s, REG, REG, TODAY));
        assert_true(compare_qualifies(s, REG + 1, REG, TODAY));
        assert_true(compare_qualifies(s, TODAY, REG, TODAY));
        assert_false(compare_qualifies(s, TODAY + 1, REG, TODAY));
    }
    /* the contribution month of the registration (its first day) never counts */
    assert_false(compare_qualifies(VERIFY_SRC_INSURANCE, date_from_ymd(2026, 3, 1), REG, TODAY));
    assert_true(compare_qualifies(VERIFY_SRC_INSURANCE, date_from_ymd(2026, 4, 1), REG, TODAY));
    /* custody: from the registration day */
    assert_false(compare_qualifies(VERIFY_SRC_CUSTODY, REG - 1, REG, TODAY));
    assert_true(compare_qualifies(VERIFY_SRC_CUSTODY, REG, REG, TODAY));
    assert_false(compare_qualifies(VERIFY_SRC_CUSTODY, TODAY + 1, REG, TODAY));
    /* pension and death: any day up to today */
    assert_true(compare_qualifies(VERIFY_SRC_PENSIONS, REG - 400, REG, TODAY));
    assert_false(compare_qualifies(VERIFY_SRC_PENSIONS, TODAY + 1, REG, TODAY));
    assert_true(compare_qualifies(VERIFY_SRC_DEATHS, REG - 1, REG, TODAY));
    assert_false(compare_qualifies(VERIFY_SRC_DEATHS, TODAY + 1, REG, TODAY));
    assert_false(compare_qualifies(VERIFY_SRC_SSC_HOLDERS, REG + 1, REG, TODAY));
}

static void the_earliest_record_per_source_is_kept(void **state)
{
    (void)state;
    struct compare_found f;
    memset(&f, 0, sizeof f);
    assert_true(compare_offer(&f, VERIFY_SRC_INSURANCE, REG + 60, 7, 0, REG, TODAY));
    assert_true(compare_offer(&f, VERIFY_SRC_INSURANCE, REG + 30, 5, 2, REG, TODAY));
    assert_false(compare_offer(&f, VERIFY_SRC_INSURANCE, REG + 45, 9, 0, REG, TODAY));
    assert_false(compare_offer(&f, VERIFY_SRC_INSURANCE, REG + 30, 11, 0, REG, TODAY)); /* tie */
    assert_false(compare_offer(&f, VERIFY_SRC_INSURANCE, REG - 30, 3, 0, REG, TODAY));
    assert_int_equal(f.hit[VERIFY_SRC_INSURANCE].day, REG + 30);
    assert_int_equal(f.hit[VERIFY_SRC_INSURANCE].line, 5);
    assert_int_equal(f.hit[VERIFY_SRC_INSURANCE].import_id, 2);
    assert_int_equal(f.hit[VERIFY_SRC_EMPLOYMENT_FILINGS].day, 0);
    assert_false(compare_offer(&f, VERIFY_SRC__COUNT, REG + 1, 1, 0, REG, TODAY));
}

static void the_first_event_ends_the_registration(void **state)
{
    (void)state;
    struct compare_found f;
    struct compare_exit e = {.reason = "x"};
    memset(&f, 0, sizeof f);
    assert_false(compare_pick(&f, REG, &e));
    assert_string_equal(e.reason, "x"); /* untouched */
    compare_offer(&f, VERIFY_SRC_BUSINESS_LICENCES, REG + 20, 1, 0, REG, TODAY);
    compare_offer(&f, VERIFY_SRC_EMPLOYMENT_FILINGS, REG + 10, 2, 0, REG, TODAY);
    assert_true(compare_pick(&f, REG, &e));
    assert_string_equal(e.reason, "11");
    assert_int_equal(e.source, VERIFY_SRC_EMPLOYMENT_FILINGS);
    assert_int_equal(e.exit_date, REG + 10);
    assert_int_equal(e.hit->line, 2);
    /* a pension drawn before the registration: the exit is dated the registration day and
     * comes first */
    compare_offer(&f, VERIFY_SRC_PENSIONS, REG - 100, 3, 0, REG, TODAY);
    assert_true(compare_pick(&f, REG, &e));
    assert_string_equal(e.reason, "21");
    assert_int_equal(e.exit_date, REG);
    assert_int_equal(e.hit->day, REG - 100);
    /* the same day: death before custody before pension */
    compare_offer(&f, VERIFY_SRC_CUSTODY, REG, 4, 0, REG, TODAY);
    assert_true(compare_pick(&f, REG, &e));
    assert_string_equal(e.reason, "25");
    compare_offer(&f, VERIFY_SRC_DEATHS, REG - 5, 5, 0, REG, TODAY);
    assert_true(compare_pick(&f, REG, &e));
    assert_string_equal(e.reason, "26");
    assert_int_equal(e.exit_date, REG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_source_has_its_reason),
        cmocka_unit_test(the_dates_that_qualify),
        cmocka_unit_test(the_earliest_record_per_source_is_kept),
        cmocka_unit_test(the_first_event_ends_the_registration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
