/*
 * test_stats.c — rules/stats: the reporting periods, bands and classes of the statistics.
 *
 * 人社厅发〔2020〕3号 §6: 将常住地为城镇的登记失业人员（包括农村进城务工人员和其他非本地户籍人员）
 * 纳入城镇登记失业人员统计范围 … 数据从信息系统中直接生成. A reporting month is the calendar
 * month or runs from the day after a cut-off day to that day of the next month; every day lies
 * in exactly one month, so one closing is the next opening.
 */
#include "testutil.h"

#include "base/date.h"
#include "base/err.h"
#include "rules/stats.h"

#include <string.h>

#define D(y, m, d) date_from_ymd(y, m, d)

static void expect_period(const char *s, int cutoff, int32_t start, int32_t end, int n)
{
    struct stats_period p;
    assert_int_equal(stats_period_parse(s, cutoff, &p), 0);
    assert_int_equal(p.start, start);
    assert_int_equal(p.end, end);
    assert_int_equal(p.n_months, n);
    char buf[STATS_PERIOD_STRLEN];
    assert_string_equal(stats_period_name(&p, buf), s);
}

static void a_calendar_month_runs_from_the_first_to_the_last_day(void **state)
{
    (void)state;
    expect_period("2026-01", 0, D(2026, 1, 1), D(2026, 1, 31), 1);
    expect_period("2026-02", 0, D(2026, 2, 1), D(2026, 2, 28), 1);
    expect_period("2024-02", 0, D(2024, 2, 1), D(2024, 2, 29), 1); /* a leap year */
    expect_period("2026-12", 0, D(2026, 12, 1), D(2026, 12, 31), 1);
}

static void a_cut_off_day_makes_the_21st_to_20th_month(void **state)
{
    (void)state;
    expect_period("2026-03", 20, D(2026, 2, 21), D(2026, 3, 20), 1);
    expect_period("2026-01", 20, D(2025, 12, 21), D(2026, 1, 20), 1); /* across the year */
    expect_period("2026-03", 28, D(2026, 3, 1), D(2026, 3, 28), 1);   /* Feb 28 + 1 */
    expect_period("2026-03", 1, D(2026, 2, 2), D(2026, 3, 1), 1);
}

static void a_quarter_is_its_three_months_end_to_end(void **state)
{
    (void)state;
    expect_period("2026-Q1", 0, D(2026, 1, 1), D(2026, 3, 31), 3);
    expect_period("2026-Q4", 0, D(2026, 10, 1), D(2026, 12, 31), 3);
    expect_period("2026-Q1", 20, D(2025, 12, 21), D(2026, 3, 20), 3);
}

static void malformed_periods_and_cut_offs_are_refused(void **state)
{
    (void)state;
    struct stats_period p;
    const char *bad[] = {"",        "2026-1",  "2026-13", "2026-00",    "2026/03", "2026-Q0",
                         "2026-Q5", "1999-12", "20260-1", "2026-03-01", "abcd-ef"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(stats_period_parse(bad[i], 0, &p), -ERR_STATS_PERIOD);
        assert_int_equal(p.start, 0);
    }
    assert_int_equal(stats_period_parse(NULL, 0, &p), -ERR_STATS_PERIOD);
    assert_int_equal(stats_period_parse("2026-03", 29, &p), -ERR_FIELD_INVALID);
    assert_int_equal(stats_period_parse("2026-03", -1, &p), -ERR_FIELD_INVALID);
}

static void every_day_lies_in_exactly_one_month_and_months_abut(void **state)
{
    (void)state;
    int cutoffs[] = {0, 1, 15, 20, 28};
    for (size_t c = 0; c < sizeof cutoffs / sizeof *cutoffs; c++) {
        struct stats_period p, q;
        stats_period_make(2024, 1, 1, cutoffs[c], &p);
        for (int i = 0; i < 40; i++) {
            stats_period_next(&p, cutoffs[c], &q);
            assert_int_equal(q.start, p.end + 1);
            struct stats_period back;
            stats_period_prev(&q, cutoffs[c], &back);
            assert_int_equal(back.start, p.start);
            assert_int_equal(back.end, p.end);
            for (int32_t d = p.start; d <= p.end; d++) {
                struct stats_period of;
                stats_period_of_day(d, cutoffs[c], &of);
                assert_int_equal(of.start, p.start);
            }
            p = q;
        }
    }
    struct stats_period q1, q2;
    stats_period_parse("2025-Q4", 0, &q1);
    stats_period_next(&q1, 0, &q2);
    assert_int_equal(q2.start, D(2026, 1, 1));
    assert_int_equal(q2.n_months, 3);
}

static void a_period_that_has_not_begun_cannot_be_reported(void **state)
{
    (void)state;
    struct stats_period p;
    stats_period_parse("2026-04", 0, &p);
    assert_false(stats_period_started(&p, D(2026, 3, 31)));
    assert_true(stats_period_started(&p, D(2026, 4, 1)));
    stats_period_parse("2026-04", 20, &p); /* 2026-03-21 .. 2026-04-20 */
    assert_true(stats_period_started(&p, D(2026, 3, 21)));
    assert_false(stats_period_started(&p, D(2026, 3, 20)));
}

static void the_age_is_counted_at_the_end_of_the_periods_month(void **state)
{
    (void)state;
    int32_t end = D(2026, 3, 31);
    assert_int_equal(stats_age_band("2010-03", end), STATS_AGE_16_24); /* 16 this month */
    assert_int_equal(stats_age_band("2010-04", end), STATS_AGE_UNDER16);
    assert_int_equal(stats_age_band("2001-03", end), STATS_AGE_25_34); /* 25 */
    assert_int_equal(stats_age_band("2001-04", end), STATS_AGE_16_24); /* still 24 */
    assert_int_equal(stats_age_band("1991-04", end), STATS_AGE_25_34); /* 34 */
    assert_int_equal(stats_age_band("1991-03", end), STATS_AGE_35_44);
    assert_int_equal(stats_age_band("1981-03", end), STATS_AGE_45_54);
    assert_int_equal(stats_age_band("1971-04", end), STATS_AGE_45_54); /* 54 */
    assert_int_equal(stats_age_band("1971-03", end), STATS_AGE_55_UP);
    assert_int_equal(stats_age_band("", end), STATS_AGE_UNKNOWN);
    assert_int_equal(stats_age_band(NULL, end), STATS_AGE_UNKNOWN);
    assert_int_equal(stats_age_band("1971-13", end), STATS_AGE_UNKNOWN);
    assert_int_equal(stats_age_band("1971-3", end), STATS_AGE_UNKNOWN);
    assert_int_equal(stats_age_band("2027-01", end), STATS_AGE_UNKNOWN); /* born later */
    assert_string_equal(stats_age_key(STATS_AGE_55_UP), "55+");
    assert_string_equal(stats_age_key(STATS_AGE__COUNT), "unknown");
}

static void more_than_twelve_months_unemployed_is_long_term(void **state)
{
    (void)state;
    int32_t end = D(2026, 3, 31);
    assert_int_equal(stats_duration_band("2025-10-01", end), STATS_DUR_UNDER6);
    assert_int_equal(stats_duration_band("2025-09-30", end), STATS_DUR_6_12); /* 6 months */
    assert_int_equal(stats_duration_band("2025-03-31", end), STATS_DUR_6_12); /* 12 months */
    assert_int_equal(stats_duration_band("2025-03-30", end), STATS_DUR_OVER12);
    assert_int_equal(stats_duration_band("2026-04-10", end), STATS_DUR_UNDER6); /* after */
    assert_int_equal(stats_duration_band("2026-02-30", end), STATS_DUR_UNKNOWN);
    assert_int_equal(stats_duration_band(NULL, end), STATS_DUR_UNKNOWN);
    /* 2025-08-31 + 6 months is 2026-02-28 (clamped). */
    assert_int_equal(stats_duration_band("2025-08-31", D(2026, 2, 27)), STATS_DUR_UNDER6);
    assert_int_equal(stats_duration_band("2025-08-31", D(2026, 2, 28)), STATS_DUR_6_12);
    assert_string_equal(stats_duration_key(STATS_DUR_OVER12), "over12");
}

static void hukou_elsewhere_is_non_local_and_hmt_goes_by_document(void **state)
{
    (void)state;
    assert_int_equal(stats_hukou_class("resident_id", "110101", "110101"), STATS_HUKOU_LOCAL);
    assert_int_equal(stats_hukou_class("resident_id", "110102", "110101"), STATS_HUKOU_NONLOCAL);
    assert_int_equal(stats_hukou_class("resident_id", "110101", "110100"), STATS_HUKOU_LOCAL);
    assert_int_equal(stats_hukou_class("ssc", "440304", "110101"), STATS_HUKOU_NONLOCAL);
    assert_int_equal(stats_hukou_class("resident_id", "", "110101"), STATS_HUKOU_UNKNOWN);
    assert_int_equal(stats_hukou_class("resident_id", "119999", "110101"), STATS_HUKOU_UNKNOWN);
    const char *hmt[] = {"hkmotw_residence", "hkmo_permit", "tw_permit"};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(stats_hukou_class(hmt[i], "", "110101"), STATS_HUKOU_HMT);
        assert_int_equal(stats_hukou_class(hmt[i], "110101", "110101"), STATS_HUKOU_HMT);
    }
    assert_string_equal(stats_hukou_key(STATS_HUKOU_HMT), "hmt");
}

static void urban_is_decided_from_the_residence_region(void **state)
{
    (void)state;
    assert_int_equal(stats_urban_class("110101"), STATS_URBAN);    /* 东城区 */
    assert_int_equal(stats_urban_class("130181"), STATS_URBAN);    /* 辛集市, county-level */
    assert_int_equal(stats_urban_class("130123"), STATS_RURAL);    /* 正定县 */
    assert_int_equal(stats_urban_class("429021"), STATS_RURAL);    /* 神农架林区 */
    assert_int_equal(stats_urban_class("150222"), STATS_RURAL);    /* 固阳县 */
    assert_int_equal(stats_urban_class("110101001"), STATS_URBAN); /* 东华门街道 */
    assert_int_equal(stats_urban_class("441900"), STATS_URBAN);    /* 东莞市, no counties */
    assert_int_equal(stats_urban_class("110000"), STATS_URBAN_UNKNOWN); /* a province */
    assert_int_equal(stats_urban_class("130100"), STATS_URBAN_UNKNOWN); /* a city */
    assert_int_equal(stats_urban_class("999999"), STATS_URBAN_UNKNOWN);
    assert_int_equal(stats_urban_class(""), STATS_URBAN_UNKNOWN);
    assert_int_equal(stats_urban_class(NULL), STATS_URBAN_UNKNOWN);
    assert_string_equal(stats_urban_key(STATS_RURAL), "rural");
}

static void a_township_is_rural_and_a_town_follows_its_county(void **state)
{
    (void)state;
    /* 130123 正定县: its 镇 are rural like the county, its 乡 rural. */
    assert_int_equal(stats_urban_class("130123100"), STATS_RURAL); /* 正定镇 */
    assert_int_equal(stats_urban_class("130123201"), STATS_RURAL); /* 南楼乡 */
    /* 110111 房山区 is urban: so is its 阎村镇; 朝阳区's 南磨房地区 likewise. */
    assert_int_equal(stats_urban_class("110111101"), STATS_URBAN);
    assert_int_equal(stats_urban_class("110105021"), STATS_URBAN);
}

static void the_identity_and_the_rate(void **state)
{
    (void)state;
    assert_true(stats_identity_ok(100, 20, 15, 105));
    assert_false(stats_identity_ok(100, 20, 15, 104));
    assert_true(stats_identity_ok(0, 0, 0, 0));
    assert_int_equal(stats_rate_bp(385, 9615), 385); /* 3.85 % */
    assert_int_equal(stats_rate_bp(1, 2), 3333);     /* 33.33 % */
    assert_int_equal(stats_rate_bp(2, 1), 6667);     /* rounded half up */
    assert_int_equal(stats_rate_bp(0, 100), 0);
    assert_int_equal(stats_rate_bp(5, -1), -1); /* not entered */
    assert_int_equal(stats_rate_bp(0, 0), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_calendar_month_runs_from_the_first_to_the_last_day),
        cmocka_unit_test(a_cut_off_day_makes_the_21st_to_20th_month),
        cmocka_unit_test(a_quarter_is_its_three_months_end_to_end),
        cmocka_unit_test(malformed_periods_and_cut_offs_are_refused),
        cmocka_unit_test(every_day_lies_in_exactly_one_month_and_months_abut),
        cmocka_unit_test(a_period_that_has_not_begun_cannot_be_reported),
        cmocka_unit_test(the_age_is_counted_at_the_end_of_the_periods_month),
        cmocka_unit_test(more_than_twelve_months_unemployed_is_long_term),
        cmocka_unit_test(hukou_elsewhere_is_non_local_and_hmt_goes_by_document),
        cmocka_unit_test(urban_is_decided_from_the_residence_region),
        cmocka_unit_test(a_township_is_rural_and_a_town_follows_its_county),
        cmocka_unit_test(the_identity_and_the_rate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
