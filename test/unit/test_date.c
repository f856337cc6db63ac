/*
 * test_date.c — civil day numbers, parsing and formatting.
 */
#include "testutil.h"

#include "base/date.h"
#include "base/err.h"

#include <string.h>

static void epoch_is_day_zero_and_a_thursday(void **state)
{
    (void)state;
    assert_int_equal(date_from_ymd(1970, 1, 1), 0);
    assert_int_equal(date_weekday(0), 4);
    assert_int_equal(date_weekday(date_from_ymd(2026, 11, 27)), 5); /* a Friday */
    assert_int_equal(date_weekday(date_from_ymd(1900, 1, 1)), 1);   /* a Monday */
}

static void round_trip_every_day_1900_to_2100(void **state)
{
    (void)state;
    int32_t prev = date_from_ymd(1899, 12, 31);
    for (int y = 1900; y <= 2100; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= date_days_in_month(y, m); d++) {
                int32_t day = date_from_ymd(y, m, d);
                assert_int_equal(day, prev + 1);
                int yy, mm, dd;
                date_to_ymd(day, &yy, &mm, &dd);
                assert_true(yy == y && mm == m && dd == d);
                prev = day;
            }
}

static void leap_years_follow_the_gregorian_rule(void **state)
{
    (void)state;
    assert_true(date_ymd_valid(2000, 2, 29));
    assert_false(date_ymd_valid(1900, 2, 29));
    assert_true(date_ymd_valid(2024, 2, 29));
    assert_false(date_ymd_valid(2026, 2, 29));
    assert_false(date_ymd_valid(2026, 4, 31));
    assert_false(date_ymd_valid(2026, 13, 1));
    assert_false(date_ymd_valid(2026, 0, 1));
    assert_false(date_ymd_valid(2026, 1, 0));
}

static void parse_accepts_only_real_iso_dates(void **state)
{
    (void)state;
    int32_t d;
    assert_int_equal(date_parse("2024-02-29", 10, &d), 0);
    assert_int_equal(d, date_from_ymd(2024, 2, 29));
    const char *bad[] = {"2023-02-29", "2024-2-29",  "2024/02/29", "20240229",   "2024-02-2x",
                         "",           "2024-00-10", "2024-12-32", " 2024-01-01"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(date_parse(bad[i], strlen(bad[i]), &d), -ERR_DATE_INVALID);
    char buf[DATE_STRLEN];
    assert_string_equal(date_format(date_from_ymd(2026, 1, 9), buf), "2026-01-09");
}

static void add_months_clamps_to_month_end(void **state)
{
    (void)state;
    char buf[DATE_STRLEN];
    assert_string_equal(date_format(date_add_months(date_from_ymd(2025, 1, 31), 1), buf),
                        "2025-02-28");
    assert_string_equal(date_format(date_add_months(date_from_ymd(2024, 3, 31), -1), buf),
                        "2024-02-29");
    assert_string_equal(date_format(date_add_months(date_from_ymd(1965, 1, 15), 60 * 12 + 1), buf),
                        "2025-02-15");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(epoch_is_day_zero_and_a_thursday),
        cmocka_unit_test(round_trip_every_day_1900_to_2100),
        cmocka_unit_test(leap_years_follow_the_gregorian_rule),
        cmocka_unit_test(parse_accepts_only_real_iso_dates),
        cmocka_unit_test(add_months_clamps_to_month_end),
    };
    return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
