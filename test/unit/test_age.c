/*
 * test_age.c — ages and the statutory retirement age (rules/age).
 *
 * Retirement ages are checked against rows of the comparison tables attached to
 * 《国务院关于渐进式延迟法定退休年龄的办法》 (NPC Standing Committee decision of 2024-09-13, in
 * force 2025-01-01): 附件1 男职工, 附件2 原法定退休年龄五十周岁的女职工, 附件3 原法定退休年龄
 * 五十五周岁的女职工. Each expected value below is a literal read from those rules, not computed
 * by the code under test.
 */
#include "testutil.h"

#include "base/date.h"
#include "base/err.h"
#include "rules/age.h"

#include <string.h>

#define D(y, m, d) date_from_ymd((y), (m), (d))

/* The retirement age of someone born on the 15th of y-m, as years and months. */
static void expect_age(enum retire_category cat, int y, int m, int years, int months, int delay)
{
    struct retirement r;
    assert_int_equal(age_retirement(D(y, m, 15), cat, &r), 0);
    assert_int_equal(r.years, years);
    assert_int_equal(r.months, months);
    assert_int_equal(r.months_total, years * 12 + months);
    assert_int_equal(r.delay_months, delay);
}

/* The day someone born on y-m-d reaches the retirement age, as Y-M-D. */
static void expect_date(enum retire_category cat, int y, int m, int d, int ry, int rm, int rd)
{
    struct retirement r;
    assert_int_equal(age_retirement(D(y, m, d), cat, &r), 0);
    assert_int_equal(r.date, D(ry, rm, rd));
}

static void age_counts_the_birthday_itself_not_its_eve(void **state)
{
    (void)state;
    assert_int_equal(age_on(D(1990, 6, 15), D(2020, 6, 14)), 29);
    assert_int_equal(age_on(D(1990, 6, 15), D(2020, 6, 15)), 30);
    assert_int_equal(age_on(D(1990, 6, 15), D(2020, 6, 16)), 30);
    assert_int_equal(age_on(D(1990, 12, 31), D(2021, 12, 30)), 30);
    assert_int_equal(age_on(D(1990, 12, 31), D(2021, 12, 31)), 31);
    assert_int_equal(age_on(D(1991, 1, 1), D(2021, 12, 31)), 30);
    assert_int_equal(age_on(D(1990, 6, 15), D(1990, 6, 15)), 0);
    assert_true(age_on(D(1990, 6, 15), D(1990, 6, 14)) < 0);
}

static void february_29_births_age_on_march_1_in_common_years(void **state)
{
    (void)state;
    /* No 29 February in a common year: the birthday is reached the day after 28 February. */
    assert_int_equal(age_on(D(2000, 2, 29), D(2001, 2, 28)), 0);
    assert_int_equal(age_on(D(2000, 2, 29), D(2001, 3, 1)), 1);
    assert_int_equal(age_on(D(2000, 2, 29), D(2004, 2, 28)), 3);
    assert_int_equal(age_on(D(2000, 2, 29), D(2004, 2, 29)), 4);
    assert_int_equal(age_on(D(2000, 2, 29), D(2100, 2, 28)), 99); /* 2100 is common */
    assert_int_equal(age_on(D(2000, 2, 29), D(2100, 3, 1)), 100);
    /* and someone born on 1 March is not affected */
    assert_int_equal(age_on(D(2000, 3, 1), D(2001, 2, 28)), 0);
    assert_int_equal(age_on(D(2000, 3, 1), D(2004, 2, 29)), 3);
}

static void category_names_round_trip_and_unknown_ones_fail(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        enum retire_category cat;
    } names[] = {
        {"male", RETIRE_MALE}, {"female_50", RETIRE_FEMALE_50}, {"female_55", RETIRE_FEMALE_55}};
    for (size_t i = 0; i < 3; i++) {
        enum retire_category c;
        assert_int_equal(age_retire_category_parse(names[i].name, &c), 0);
        assert_int_equal(c, names[i].cat);
        assert_string_equal(age_retire_category_name(c), names[i].name);
    }
    enum retire_category c = RETIRE_FEMALE_55;
    const char *bad[] = {"", "Male", "female", "female_60", "男"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(age_retire_category_parse(bad[i], &c), -ERR_AGE_CATEGORY);
    assert_int_equal(age_retire_category_parse(NULL, &c), -ERR_AGE_CATEGORY);
    assert_int_equal(c, RETIRE_FEMALE_55);
    assert_null(age_retire_category_name((enum retire_category)3));

    struct retirement r, zero;
    memset(&zero, 0, sizeof zero);
    assert_int_equal(age_retirement(D(1970, 1, 1), (enum retire_category)3, &r), -ERR_AGE_CATEGORY);
    assert_memory_equal(&r, &zero, sizeof r);
    assert_false(age_is_working_age(D(1990, 1, 1), (enum retire_category)3, D(2026, 1, 1)));
}

static void men_born_before_1965_keep_60(void **state)
{
    (void)state;
    expect_age(RETIRE_MALE, 1950, 6, 60, 0, 0);
    expect_age(RETIRE_MALE, 1964, 12, 60, 0, 0); /* last month without delay */
    expect_date(RETIRE_MALE, 1964, 12, 15, 2024, 12, 15);
}

static void men_steps_follow_the_table(void **state)
{
    (void)state;
    /* 附件1: 1965年1月-4月 → 60岁1个月 (退休 2025年2月-5月) */
    expect_age(RETIRE_MALE, 1965, 1, 60, 1, 1);
    expect_date(RETIRE_MALE, 1965, 1, 15, 2025, 2, 15);
    expect_age(RETIRE_MALE, 1965, 4, 60, 1, 1);
    expect_date(RETIRE_MALE, 1965, 4, 15, 2025, 5, 15);
    /* 1965年5月-8月 → 60岁2个月 (2025年7月-10月) */
    expect_age(RETIRE_MALE, 1965, 5, 60, 2, 2);
    expect_date(RETIRE_MALE, 1965, 5, 15, 2025, 7, 15);
    expect_age(RETIRE_MALE, 1965, 8, 60, 2, 2);
    expect_age(RETIRE_MALE, 1965, 9, 60, 3, 3);
    /* 1970年1月-4月 → 61岁4个月 (2031年5月-8月) */
    expect_age(RETIRE_MALE, 1970, 1, 61, 4, 16);
    expect_date(RETIRE_MALE, 1970, 1, 15, 2031, 5, 15);
    expect_age(RETIRE_MALE, 1969, 12, 61, 3, 15);
    /* 1976年5月-8月 → 62岁11个月 (2039年4月-7月); from 1976年9月 → 63岁 (2039年9月) */
    expect_age(RETIRE_MALE, 1976, 8, 62, 11, 35);
    expect_date(RETIRE_MALE, 1976, 8, 15, 2039, 7, 15);
    expect_age(RETIRE_MALE, 1976, 9, 63, 0, 36);
    expect_date(RETIRE_MALE, 1976, 9, 15, 2039, 9, 15);
    expect_age(RETIRE_MALE, 1990, 1, 63, 0, 36);
}

static void women_50_steps_follow_the_table(void **state)
{
    (void)state;
    expect_age(RETIRE_FEMALE_50, 1974, 12, 50, 0, 0); /* last month without delay */
    expect_date(RETIRE_FEMALE_50, 1974, 12, 15, 2024, 12, 15);
    /* 附件2: 1975年1月-2月 → 50岁1个月 (2025年2月-3月); 1975年3月-4月 → 50岁2个月 */
    expect_age(RETIRE_FEMALE_50, 1975, 1, 50, 1, 1);
    expect_date(RETIRE_FEMALE_50, 1975, 1, 15, 2025, 2, 15);
    expect_age(RETIRE_FEMALE_50, 1975, 2, 50, 1, 1);
    expect_date(RETIRE_FEMALE_50, 1975, 2, 15, 2025, 3, 15);
    expect_age(RETIRE_FEMALE_50, 1975, 3, 50, 2, 2);
    expect_date(RETIRE_FEMALE_50, 1975, 3, 15, 2025, 5, 15);
    /* 1980年1月-2月 → 52岁7个月 (2032年8月-9月) */
    expect_age(RETIRE_FEMALE_50, 1979, 12, 52, 6, 30);
    expect_age(RETIRE_FEMALE_50, 1980, 1, 52, 7, 31);
    expect_date(RETIRE_FEMALE_50, 1980, 1, 15, 2032, 8, 15);
    /* 1984年9月-10月 → 54岁11个月; from 1984年11月 → 55岁 (2039年11月) */
    expect_age(RETIRE_FEMALE_50, 1984, 10, 54, 11, 59);
    expect_age(RETIRE_FEMALE_50, 1984, 11, 55, 0, 60);
    expect_date(RETIRE_FEMALE_50, 1984, 11, 15, 2039, 11, 15);
    expect_age(RETIRE_FEMALE_50, 2000, 6, 55, 0, 60);
}

static void women_55_steps_follow_the_table(void **state)
{
    (void)state;
    expect_age(RETIRE_FEMALE_55, 1969, 12, 55, 0, 0); /* last month without delay */
    /* 附件3: 1970年1月-4月 → 55岁1个月 (2025年2月-5月); 1970年5月 → 55岁2个月 */
    expect_age(RETIRE_FEMALE_55, 1970, 1, 55, 1, 1);
    expect_date(RETIRE_FEMALE_55, 1970, 1, 15, 2025, 2, 15);
    expect_age(RETIRE_FEMALE_55, 1970, 4, 55, 1, 1);
    expect_age(RETIRE_FEMALE_55, 1970, 5, 55, 2, 2);
    /* 1975年1月-4月 → 56岁4个月 (2031年5月-8月) */
    expect_age(RETIRE_FEMALE_55, 1974, 12, 56, 3, 15);
    expect_age(RETIRE_FEMALE_55, 1975, 1, 56, 4, 16);
    expect_date(RETIRE_FEMALE_55, 1975, 1, 15, 2031, 5, 15);
    /* 1981年5月-8月 → 57岁11个月; from 1981年9月 → 58岁 (2039年9月) */
    expect_age(RETIRE_FEMALE_55, 1981, 8, 57, 11, 35);
    expect_age(RETIRE_FEMALE_55, 1981, 9, 58, 0, 36);
    expect_date(RETIRE_FEMALE_55, 1981, 9, 15, 2039, 9, 15);
}

static void every_step_is_one_month_after_step_birth_months(void **state)
{
    (void)state;
    /* Walk each table month by month: the delay never falls, rises by at most one month at a
     * time, and each level below the cap lasts exactly 4 (men, women-55) or 2 (women-50) birth
     * months. */
    static const struct {
        enum retire_category cat;
        int first_year, step, cap;
    } tables[] = {{RETIRE_MALE, 1965, 4, 36},
                  {RETIRE_FEMALE_50, 1975, 2, 60},
                  {RETIRE_FEMALE_55, 1970, 4, 36}};
    for (size_t t = 0; t < 3; t++) {
        int prev = 0, run = 0, n_levels = 0;
        for (int i = -24; i < 12 * 20; i++) {
            int y = tables[t].first_year + (i >= 0 ? i / 12 : -1 - (-i - 1) / 12);
            int m = ((i % 12) + 12) % 12 + 1;
            struct retirement r;
            assert_int_equal(age_retirement(D(y, m, 1), tables[t].cat, &r), 0);
            int delay = r.delay_months;
            if (i < 0)
                assert_int_equal(delay, 0);
            assert_true(delay == prev || delay == prev + 1);
            if (delay != prev) {
                if (prev > 0)
                    assert_int_equal(run, tables[t].step);
                n_levels++;
                run = 0;
            }
            run++;
            prev = delay;
        }
        assert_int_equal(prev, tables[t].cap);
        assert_int_equal(n_levels, tables[t].cap);
    }
}

static void retirement_day_is_the_birth_day_or_the_1st_after_a_short_month(void **state)
{
    (void)state;
    /* 1965-01-31 + 60y1m: there is no 2025-02-31, so the age is reached on 2025-03-01 */
    expect_date(RETIRE_MALE, 1965, 1, 31, 2025, 3, 1);
    expect_date(RETIRE_MALE, 1965, 3, 31, 2025, 5, 1);  /* no 04-31 */
    expect_date(RETIRE_MALE, 1965, 5, 31, 2025, 7, 31); /* 07-31 exists */
    expect_date(RETIRE_MALE, 1964, 2, 29, 2024, 2, 29); /* 2024 is leap */
    expect_date(RETIRE_FEMALE_55, 1960, 2, 29, 2015, 3, 1);
    expect_date(RETIRE_FEMALE_50, 1968, 2, 29, 2018, 3, 1);
}

static void whole_year_retirement_day_agrees_with_age_on(void **state)
{
    (void)state;
    /* For every birth day 1948-1964 (men keep 60): 60 on the retirement day, 59 the day before. */
    for (int32_t b = D(1948, 1, 1); b <= D(1964, 12, 31); b++) {
        struct retirement r;
        assert_int_equal(age_retirement(b, RETIRE_MALE, &r), 0);
        assert_int_equal(age_on(b, r.date), 60);
        assert_int_equal(age_on(b, r.date - 1), 59);
    }
}

static void births_outside_the_calendar_are_date_invalid(void **state)
{
    (void)state;
    struct retirement r;
    assert_int_equal(age_retirement(D(1, 1, 1) - 1, RETIRE_MALE, &r), -ERR_DATE_INVALID);
    assert_int_equal(age_retirement(D(9900, 1, 1), RETIRE_MALE, &r), -ERR_DATE_INVALID);
    assert_int_equal(age_retirement(D(9899, 12, 31), RETIRE_FEMALE_50, &r), 0);
    assert_false(age_is_working_age(D(9900, 1, 1), RETIRE_MALE, D(9920, 1, 1)));
}

static void working_age_starts_on_the_16th_birthday(void **state)
{
    (void)state;
    /* 年满16周岁（含）: the birthday itself counts */
    assert_false(age_is_working_age(D(2010, 3, 15), RETIRE_MALE, D(2026, 3, 14)));
    assert_true(age_is_working_age(D(2010, 3, 15), RETIRE_MALE, D(2026, 3, 15)));
    assert_true(age_is_working_age(D(2010, 3, 15), RETIRE_FEMALE_50, D(2026, 3, 15)));
    /* born 29 February 2084: 2100 is a common year, so 16 on 2100-03-01 */
    assert_false(age_is_working_age(D(2084, 2, 29), RETIRE_FEMALE_55, D(2100, 2, 28)));
    assert_true(age_is_working_age(D(2084, 2, 29), RETIRE_FEMALE_55, D(2100, 3, 1)));
    assert_false(age_is_working_age(D(2010, 3, 15), RETIRE_MALE, D(2000, 1, 1)));
}

static void working_age_ends_on_the_retirement_day(void **state)
{
    (void)state;
    /* men born 1964-12-15: 60 on 2024-12-15 */
    assert_true(age_is_working_age(D(1964, 12, 15), RETIRE_MALE, D(2024, 12, 14)));
    assert_false(age_is_working_age(D(1964, 12, 15), RETIRE_MALE, D(2024, 12, 15)));
    /* men born 1965-01-15: 60y1m on 2025-02-15 */
    assert_true(age_is_working_age(D(1965, 1, 15), RETIRE_MALE, D(2025, 2, 14)));
    assert_false(age_is_working_age(D(1965, 1, 15), RETIRE_MALE, D(2025, 2, 15)));
    /* women workers born 1980-01-15: 52y7m on 2032-08-15 */
    assert_true(age_is_working_age(D(1980, 1, 15), RETIRE_FEMALE_50, D(2032, 8, 14)));
    assert_false(age_is_working_age(D(1980, 1, 15), RETIRE_FEMALE_50, D(2032, 8, 15)));
    /* the same woman as a cadre (55 + delay) still works then */
    assert_true(age_is_working_age(D(1980, 1, 15), RETIRE_FEMALE_55, D(2032, 8, 15)));
    /* women cadres born 1975-01-15: 56y4m on 2031-05-15 */
    assert_true(age_is_working_age(D(1975, 1, 15), RETIRE_FEMALE_55, D(2031, 5, 14)));
    assert_false(age_is_working_age(D(1975, 1, 15), RETIRE_FEMALE_55, D(2031, 5, 15)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(age_counts_the_birthday_itself_not_its_eve),
        cmocka_unit_test(february_29_births_age_on_march_1_in_common_years),
        cmocka_unit_test(category_names_round_trip_and_unknown_ones_fail),
        cmocka_unit_test(men_born_before_1965_keep_60),
        cmocka_unit_test(men_steps_follow_the_table),
        cmocka_unit_test(women_50_steps_follow_the_table),
        cmocka_unit_test(women_55_steps_follow_the_table),
        cmocka_unit_test(every_step_is_one_month_after_step_birth_months),
        cmocka_unit_test(retirement_day_is_the_birth_day_or_the_1st_after_a_short_month),
        cmocka_unit_test(whole_year_retirement_day_agrees_with_age_on),
        cmocka_unit_test(births_outside_the_calendar_are_date_invalid),
        cmocka_unit_test(working_age_starts_on_the_16th_birthday),
        cmocka_unit_test(working_age_ends_on_the_retirement_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
