/*
 * test_workday.c — the working-day calendar and deadlines in working days.
 *
 * The shipped calendar is checked against a table typed here from the State Council General
 * Office notices (国务院办公厅关于20XX年部分节假日安排的通知), not generated from
 * data/holidays.csv: every holiday span and every make-up working day of 2020-2026, and for every
 * day of those years workday_is must follow from this table and the weekends alone.
 */
#include "testutil.h"

#include "base/date.h"
#include "base/csv.h"
#include "base/err.h"
#include "rules/workday.h"

#include <string.h>

static int32_t D(const char *s)
{
    int32_t d = 0;
    assert_int_equal(date_parse(s, strlen(s), &d), 0);
    return d;
}

/* Holiday spans (放假), first and last day, as each notice states them. */
static const struct {
    const char *from, *to;
} notice_holidays[] = {
    /* 2020: 国办发明电〔2019〕16号; 春节 extended to Feb 2 by 国办发明电〔2020〕1号. */
    {"2020-01-01", "2020-01-01"}, /* 元旦 */
    {"2020-01-24", "2020-02-02"}, /* 春节 (was Jan 24-30) */
    {"2020-04-04", "2020-04-06"}, /* 清明节 */
    {"2020-05-01", "2020-05-05"}, /* 劳动节 */
    {"2020-06-25", "2020-06-27"}, /* 端午节 */
    {"2020-10-01", "2020-10-08"}, /* 国庆节、中秋节 */
    /* 2021: 国办发明电〔2020〕27号 */
    {"2021-01-01", "2021-01-03"},
    {"2021-02-11", "2021-02-17"},
    {"2021-04-03", "2021-04-05"},
    {"2021-05-01", "2021-05-05"},
    {"2021-06-12", "2021-06-14"},
    {"2021-09-19", "2021-09-21"},
    {"2021-10-01", "2021-10-07"},
    /* 2022: 国办发明电〔2021〕11号 */
    {"2022-01-01", "2022-01-03"},
    {"2022-01-31", "2022-02-06"},
    {"2022-04-03", "2022-04-05"},
    {"2022-04-30", "2022-05-04"},
    {"2022-06-03", "2022-06-05"},
    {"2022-09-10", "2022-09-12"},
    {"2022-10-01", "2022-10-07"},
    /* 2023: 国办发明电〔2022〕16号; 元旦 "2022年12月31日至2023年1月2日放假调休", no make-up
       day for 元旦 or 清明节. */
    {"2022-12-31", "2023-01-02"},
    {"2023-01-21", "2023-01-27"},
    {"2023-04-05", "2023-04-05"},
    {"2023-04-29", "2023-05-03"},
    {"2023-06-22", "2023-06-24"},
    {"2023-09-29", "2023-10-06"}, /* 中秋节、国庆节 */
    /* 2024: 国办发明电〔2023〕7号; 元旦 and 端午节 "放假，与周末连休" (one day each). */
    {"2024-01-01", "2024-01-01"},
    {"2024-02-10", "2024-02-17"},
    {"2024-04-04", "2024-04-06"},
    {"2024-05-01", "2024-05-05"},
    {"2024-06-10", "2024-06-10"},
    {"2024-09-15", "2024-09-17"},
    {"2024-10-01", "2024-10-07"},
    /* 2025: 国办发明电〔2024〕12号; from 2025 春节 and 劳动节 have one more statutory day. */
    {"2025-01-01", "2025-01-01"},
    {"2025-01-28", "2025-02-04"},
    {"2025-04-04", "2025-04-06"},
    {"2025-05-01", "2025-05-05"},
    {"2025-05-31", "2025-06-02"},
    {"2025-10-01", "2025-10-08"}, /* 国庆节、中秋节 */
    /* 2026: notice of 2025-11-04. */
    {"2026-01-01", "2026-01-03"},
    {"2026-02-15", "2026-02-23"},
    {"2026-04-04", "2026-04-06"},
    {"2026-05-01", "2026-05-05"},
    {"2026-06-19", "2026-06-21"},
    {"2026-09-25", "2026-09-27"},
    {"2026-10-01", "2026-10-07"},
};

/* Make-up working days (上班), same notices. 2020-02-01 was one until the extension. */
static const char *const notice_makeups[] = {
    "2020-01-19", "2020-04-26", "2020-05-09", "2020-06-28", "2020-09-27", "2020-10-10",
    "2021-02-07", "2021-02-20", "2021-04-25", "2021-05-08", "2021-09-18", "2021-09-26",
    "2021-10-09", "2022-01-29", "2022-01-30", "2022-04-02", "2022-04-24", "2022-05-07",
    "2022-10-08", "2022-10-09", "2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06",
    "2023-06-25", "2023-10-07", "2023-10-08", "2024-02-04", "2024-02-18", "2024-04-07",
    "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12", "2025-01-26",
    "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11", "2026-01-04", "2026-02-14",
    "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
};

#define N_HOLIDAY_SPANS (sizeof notice_holidays / sizeof *notice_holidays)
#define N_MAKEUPS (sizeof notice_makeups / sizeof *notice_makeups)

static bool in_notice_holiday(int32_t d)
{
    for (size_t i = 0; i < N_HOLIDAY_SPANS; i++)
        if (d >= D(notice_holidays[i].from) && d <= D(notice_holidays[i].to))
            return true;
    return false;
}

static bool in_notice_makeup(int32_t d)
{
    for (size_t i = 0; i < N_MAKEUPS; i++)
        if (d == D(notice_makeups[i]))
            return true;
    return false;
}

static int32_t add_ok(const struct workcal *wc, const char *start, int n, int expect_rc)
{
    int32_t out = -1;
    assert_int_equal(workday_add(wc, D(start), n, &out), expect_rc);
    return out;
}

/* ---- the shipped calendar against the notices ------------------------------------------ */

static void shipped_calendar_knows_exactly_2020_to_2026(void **state)
{
    (void)state;
    const struct workcal *wc = workcal_shipped();
    assert_ptr_equal(wc, workcal_shipped()); /* built once */
    assert_int_equal(workcal_first_year(wc), 2020);
    assert_int_equal(workcal_last_year(wc), 2026);
    assert_false(workcal_knows(wc, D("2019-12-31")));
    assert_true(workcal_knows(wc, D("2020-01-01")));
    assert_true(workcal_knows(wc, D("2026-12-31")));
    assert_false(workcal_knows(wc, D("2027-01-01")));
}

static void every_notice_holiday_is_a_rest_day_and_every_makeup_day_works(void **state)
{
    (void)state;
    const struct workcal *wc = workcal_shipped();
    for (size_t i = 0; i < N_HOLIDAY_SPANS; i++)
        for (int32_t d = D(notice_holidays[i].from); d <= D(notice_holidays[i].to); d++)
            assert_false(workday_is(wc, d));
    for (size_t i = 0; i < N_MAKEUPS; i++) {
        int32_t d = D(notice_makeups[i]);
        assert_true(date_weekday(d) >= 6); /* the table itself: make-up days are weekend days */
        assert_true(workday_is(wc, d));
    }
}

static void no_other_special_days_in_2020_to_2026(void **state)
{
    (void)state;
    const struct workcal *wc = workcal_shipped();
    int n_work = 0;
    for (int32_t d = D("2020-01-01"); d <= D("2026-12-31"); d++) {
        bool expect = (date_weekday(d) <= 5 && !in_notice_holiday(d)) || in_notice_makeup(d);
        if (workday_is(wc, d) != expect) {
            char buf[DATE_STRLEN];
            fail_msg("%s: workday_is %d, notices say %d", date_format(d, buf), !expect, expect);
        }
        n_work += expect;
    }
    /* Sanity of the count itself: 7 years of about 249 working days. */
    assert_in_range(n_work, 7 * 245, 7 * 252);
}

static void every_listed_day_comes_from_a_notice(void **state)
{
    (void)state;
    const struct workcal *wc = workcal_shipped();
    struct workcal_entry e[80];
    size_t n_makeups_seen = 0;
    for (int y = 2020; y <= 2026; y++) {
        int n = workcal_entries(wc, y, e, 80);
        assert_in_range(n, 20, 80);
        for (int i = 0; i < n; i++) {
            int yy;
            date_to_ymd(e[i].day, &yy, NULL, NULL);
            assert_int_equal(yy, y);
            if (i > 0)
                assert_true(e[i - 1].day < e[i].day);
            assert_true(e[i].name_zh[0] != '\0');
            if (e[i].is_workday) {
                assert_true(in_notice_makeup(e[i].day));
                n_makeups_seen++;
            } else {
                assert_true(in_notice_holiday(e[i].day));
            }
        }
    }
    assert_int_equal(n_makeups_seen, N_MAKEUPS);
}

static void spring_festival_2020_was_extended_to_february_2(void **state)
{
    (void)state;
    /* 国办发明电〔2020〕1号: 延长2020年春节假期至2月2日, 2月3日起正常上班 — so the Saturday
       2020-02-01, a make-up day in 国办发明电〔2019〕16号, became a rest day. */
    const struct workcal *wc = workcal_shipped();
    assert_false(workday_is(wc, D("2020-01-31")));
    assert_false(workday_is(wc, D("2020-02-01")));
    assert_false(workday_is(wc, D("2020-02-02")));
    assert_true(workday_is(wc, D("2020-02-03")));
    assert_true(workday_is(wc, D("2020-01-19"))); /* the Sunday make-up day stood */
    struct workcal_entry e;
    assert_true(workcal_lookup(wc, D("2020-02-02"), &e));
    assert_false(e.is_workday);
    assert_string_equal(e.name_zh, "春节");
    assert_false(workcal_lookup(wc, D("2020-02-03"), NULL));
}

static void entries_of_2025_list_the_new_eight_day_spring_festival(void **state)
{
    (void)state;
    /* 国办发明电〔2024〕12号: 春节 1月28日至2月4日放假调休, 1月26日、2月8日上班. */
    const struct workcal *wc = workcal_shipped();
    struct workcal_entry e[64];
    int n = workcal_entries(wc, 2025, e, 64);
    int spring_rest = 0, spring_work = 0;
    for (int i = 0; i < n; i++) {
        bool spring = strcmp(e[i].name_zh, "春节") == 0;
        spring_work += spring && e[i].is_workday;
        spring_rest += spring && !e[i].is_workday;
    }
    assert_int_equal(spring_rest, 8);
    assert_int_equal(spring_work, 2);
    assert_int_equal(workcal_entries(wc, 2025, NULL, 0), n); /* count only */
    assert_int_equal(workcal_entries(wc, 2019, e, 64), 0);
    assert_true(workcal_lookup(wc, D("2025-10-06"), &e[0]));
    assert_string_equal(e[0].name_zh, "国庆节、中秋节");
    assert_string_equal(e[0].name_en, "National Day and Mid-Autumn Festival");
}

/* ---- workday_add ----------------------------------------------------------------------- */

static void one_working_day_after_a_friday_is_the_monday(void **state)
{
    (void)state;
    const struct workcal *wc = workcal_shipped();
    int32_t d = add_ok(wc, "2025-03-07", 1, 0); /* Friday, an ordinary week */
    assert_int_equal(d, D("2025-03-10"));
    assert_int_equal(add_ok(wc, "2025-03-06", 1, 0), D("2025-03-07")); /* Thursday -> Friday */
}

static void a_start_on_a_rest_day_counts_from_the_next_working_day(void **state)
{
    (void)state;
    /* Saturday and Sunday starts: the Monday is working day 1, as from the Friday before. */
    const struct workcal *wc = workcal_shipped();
    assert_int_equal(add_ok(wc, "2025-03-08", 1, 0), D("2025-03-10"));
    assert_int_equal(add_ok(wc, "2025-03-09", 1, 0), D("2025-03-10"));
    assert_int_equal(add_ok(wc, "2025-03-08", 3, 0), D("2025-03-12"));
    /* A start inside a holiday: 2025-10-03 (国庆节) + 1 is the first day back, Oct 9. */
    assert_int_equal(add_ok(wc, "2025-10-03", 1, 0), D("2025-10-09"));
}

static void the_last_day_before_a_long_holiday_jumps_it(void **state)
{
    (void)state;
    const struct workcal *wc = workcal_shipped();
    /* 2026 春节 Feb 15-23; Feb 14 (Sat) is a make-up day, so it is the last day before. */
    assert_int_equal(add_ok(wc, "2026-02-13", 1, 0), D("2026-02-14"));
    assert_int_equal(add_ok(wc, "2026-02-14", 1, 0), D("2026-02-24"));
    /* 2024 春节 Feb 10-17, make-up Sun Feb 18: the day after the span is a working Sunday. */
    assert_int_equal(add_ok(wc, "2024-02-09", 1, 0), D("2024-02-18"));
}

static void a_makeup_saturday_counts_as_a_working_day(void **state)
{
    (void)state;
    const struct workcal *wc = workcal_shipped();
    /* 2025-02-08 (Sat) 上班: one working day after Friday Feb 7 is that Saturday. */
    assert_int_equal(add_ok(wc, "2025-02-07", 1, 0), D("2025-02-08"));
    assert_int_equal(add_ok(wc, "2025-02-07", 2, 0), D("2025-02-10"));
    /* An ordinary Saturday does not: 2025-02-15. */
    assert_int_equal(add_ok(wc, "2025-02-14", 1, 0), D("2025-02-17"));
}

static void seven_day_deadline_from_2025_09_30_crosses_national_day(void **state)
{
    (void)state;
    /* §3: 7 working days. Oct 1-8 off; then Oct 9, 10, 11 (Sat, 上班), 13, 14, 15, 16. */
    const struct workcal *wc = workcal_shipped();
    assert_int_equal(add_ok(wc, "2025-09-30", 7, 0), D("2025-10-16"));
    /* 79号: 3 working days — Oct 9, 10, 11. */
    assert_int_equal(add_ok(wc, "2025-09-30", 3, 0), D("2025-10-11"));
    /* The Sunday make-up day before it: 2025-09-26 (Fri) + 1 = Sep 28 (Sun). */
    assert_int_equal(add_ok(wc, "2025-09-26", 1, 0), D("2025-09-28"));
}

static void a_deadline_past_the_last_known_year_says_beyond(void **state)
{
    (void)state;
    const struct workcal *wc = workcal_shipped();
    /* 2026-12-28 (Mon) + 3: Dec 29, 30, 31 — still inside 2026. */
    assert_int_equal(add_ok(wc, "2026-12-28", 3, 0), D("2026-12-31"));
    /* + 7 reaches into 2027, unknown: answered by weekends alone (Jan 1 Fri, 4, 5, 6). */
    assert_int_equal(add_ok(wc, "2026-12-28", 7, WORKDAY_BEYOND), D("2027-01-06"));
    /* From the last known day on, every answer is beyond; so is one before the first year. */
    assert_int_equal(add_ok(wc, "2026-12-31", 1, WORKDAY_BEYOND), D("2027-01-01"));
    assert_int_equal(add_ok(wc, "2019-12-30", 1, WORKDAY_BEYOND), D("2019-12-31"));
    assert_int_equal(add_ok(wc, "2019-12-31", 1, 0), D("2020-01-02")); /* Jan 1 off */
}

static void n_outside_1_to_3660_is_out_of_range(void **state)
{
    (void)state;
    const struct workcal *wc = workcal_shipped();
    int32_t out = 12345;
    assert_int_equal(workday_add(wc, D("2025-01-02"), 0, &out), -ERR_CAL_RANGE);
    assert_int_equal(workday_add(wc, D("2025-01-02"), -1, &out), -ERR_CAL_RANGE);
    assert_int_equal(workday_add(wc, D("2025-01-02"), WORKDAY_MAX_N + 1, &out), -ERR_CAL_RANGE);
    assert_int_equal(workday_add(wc, D("2025-01-02"), 1 << 30, &out), -ERR_CAL_RANGE);
    assert_int_equal(out, 12345); /* untouched */
    assert_int_equal(workday_add(wc, D("2025-01-02"), WORKDAY_MAX_N, &out), WORKDAY_BEYOND);
    int between = 0;
    assert_int_equal(workday_between(wc, D("2025-01-02"), out, &between), WORKDAY_BEYOND);
    assert_int_equal(between, WORKDAY_MAX_N);
    /* The answer may not pass 9999-12-31; a start outside the calendar is not a date. */
    assert_int_equal(workday_add(wc, date_from_ymd(9999, 12, 30), 2, &out), -ERR_CAL_RANGE);
    assert_int_equal(workday_add(wc, date_from_ymd(1, 1, 1) - 1, 1, &out), -ERR_DATE_INVALID);
}

/* ---- workday_between ------------------------------------------------------------------- */

static void between_counts_after_from_up_to_to_and_mirrors(void **state)
{
    (void)state;
    const struct workcal *wc = workcal_shipped();
    int n = -1;
    assert_int_equal(workday_between(wc, D("2025-03-07"), D("2025-03-07"), &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(workday_between(wc, D("2025-03-07"), D("2025-03-10"), &n), 0);
    assert_int_equal(n, 1); /* Sat, Sun, Mon */
    assert_int_equal(workday_between(wc, D("2025-03-10"), D("2025-03-07"), &n), 0);
    assert_int_equal(n, -1);
    assert_int_equal(workday_between(wc, D("2025-03-08"), D("2025-03-09"), &n), 0);
    assert_int_equal(n, 0); /* a weekend alone */
    /* National Day 2025: (Sep 30, Oct 16] holds 7 working days; (Sep 30, Oct 8] none. */
    assert_int_equal(workday_between(wc, D("2025-09-30"), D("2025-10-16"), &n), 0);
    assert_int_equal(n, 7);
    assert_int_equal(workday_between(wc, D("2025-09-30"), D("2025-10-08"), &n), 0);
    assert_int_equal(n, 0);
    /* 2025: 261 weekdays - 18 weekdays off (Jan 1; Jan 28-31, Feb 3-4; Apr 4; May 1, 2, 5;
       Jun 2; Oct 1-3, 6-8) + 5 make-up days = 248 working days. */
    assert_int_equal(workday_between(wc, D("2024-12-31"), D("2025-12-31"), &n), 0);
    int naive = 0;
    for (int32_t d = D("2025-01-01"); d <= D("2025-12-31"); d++)
        naive += workday_is(wc, d);
    assert_int_equal(n, naive);
    assert_int_equal(n, 248);
    /* Into an unknown year: beyond, counted by weekends. */
    assert_int_equal(workday_between(wc, D("2026-12-31"), D("2027-01-08"), &n), WORKDAY_BEYOND);
    assert_int_equal(n, 6);
    assert_int_equal(workday_between(wc, D("2027-01-08"), D("2026-12-31"), &n), WORKDAY_BEYOND);
    assert_int_equal(n, -6);
}

static void between_agrees_with_add_and_with_counting_day_by_day(void **state)
{
    (void)state;
    const struct workcal *wc = workcal_shipped();
    const int ns[] = {1, 3, 5, 7, 30};
    for (int32_t s = D("2019-12-01"); s <= D("2026-12-31"); s++) {
        for (size_t k = 0; k < sizeof ns / sizeof *ns; k++) {
            int32_t d;
            int rc = workday_add(wc, s, ns[k], &d);
            assert_true(rc == 0 || rc == WORKDAY_BEYOND);
            assert_true(workday_is(wc, d));
            int n, rc2 = workday_between(wc, s, d, &n);
            assert_int_equal(rc2, rc);
            assert_int_equal(n, ns[k]);
            assert_int_equal(workday_between(wc, s, d - 1, &n) >= 0, 1);
            assert_int_equal(n, ns[k] - 1);
        }
    }
    /* Spans of every length up to 60 days from a spread of starts, against a naive count. */
    for (int32_t s = D("2019-12-20"); s <= D("2027-01-10"); s += 13)
        for (int len = -60; len <= 60; len++) {
            int n, naive = 0;
            int32_t lo = len >= 0 ? s : s + len, hi = len >= 0 ? s + len : s;
            for (int32_t d = lo + 1; d <= hi; d++)
                naive += workday_is(wc, d);
            assert_true(workday_between(wc, s, s + len, &n) >= 0);
            assert_int_equal(n, len >= 0 ? naive : -naive);
        }
}

/* ---- loading and importing ------------------------------------------------------------- */

static const char HEADER[] = "date,kind,name_zh,name_en\n";

static int load(struct workcal *wc, const char *text, int *bad_line)
{
    return workcal_load_csv(wc, text, strlen(text), bad_line);
}

static void a_bad_row_rejects_the_whole_file_and_names_its_line(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int line;
    } cases[] = {
        /* line 4: a date that does not exist; rows 3 must not be applied either. */
        {"# 2027\ndate,kind,name_zh,name_en\n2027-01-01,holiday,元旦,New Year's Day\n"
         "2027-02-30,holiday,春节,Spring Festival\n",
         4},
        {"date,kind,name_zh,name_en\n2027-01-01,holiday,元旦\n", 2},         /* 3 fields */
        {"date,kind,name_zh,name_en\n2027-01-01,holiday,元旦,a,b\n", 2},     /* 5 fields */
        {"date,kind,name_zh,name_en\n2027-01-01,rest,元旦,x\n", 2},          /* kind */
        {"date,kind,name_zh,name_en\n\n\n2027-01-01,holiday,,x\n", 4},       /* empty name */
        {"date,kind,name_zh,name_en\n2027-01-04,workday,元旦,x\n", 2},       /* a Monday */
        {"date,kind,name_zh,name_en\n2027/01/01,holiday,元旦,x\n", 2},       /* date form */
        {"date,kind,name_zh,name_en\n2027-01-01,holiday,\"元旦,x\n", 2},     /* open quote */
        {"date,kind,name_zh,name_en\n2027-01-01,holiday,元\"旦,x\n", 2},     /* stray quote */
        {"date,kind,name_zh,name_en\n2027-01-01,holiday,\xE5\x85,x\n", 2},   /* bad UTF-8 */
        {"date,kind,name_zh,name_en\n2027-01-01,holiday,\"元\n旦\",x\n", 2}, /* a line break */
        {"\xEF\xBB\xBF# c\r\ndate,kind,name_zh,name_en\r\n\r\n2027-02-30,holiday,a,b\r\n", 4},
        {"date,kind,name_zh,name_en\n\"2027-01-01\",holiday,a,b\n\"x\"y,holiday,a,b\n", 3},
        {"date,kind,name_zh,name_en\n2027-01-01,holiday,a\tb,x\n", 2}, /* control */
        {"date,kind,name,name_en\n2027-01-01,holiday,元旦,x\n", 1},    /* header */
        {"2027-01-01,holiday,元旦,x\n", 1},                            /* no header */
        {"# only a comment\n\n", 0},                                   /* empty */
        {"", 0},
        {"date,kind,name_zh,name_en\n2027-01-01,holiday,"
         "0123456789012345678901234567890123456789012345678901234567890123456789"
         "0123456789012345678901234567890123456789,x\n",
         2}, /* a 110-byte name */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct workcal *wc = workcal_clone(workcal_shipped());
        int bad = -1;
        assert_int_equal(load(wc, cases[i].text, &bad), -ERR_CAL_FORMAT);
        if (bad != cases[i].line)
            fail_msg("case %zu: bad line %d, expected %d", i, bad, cases[i].line);
        assert_false(workcal_knows(wc, D("2027-01-01")));
        assert_true(workday_is(wc, D("2027-01-01"))); /* nothing applied */
        assert_int_equal(workcal_last_year(wc), 2026);
        assert_int_equal(load(wc, cases[i].text, NULL), -ERR_CAL_FORMAT); /* NULL is fine */
        workcal_free(wc);
    }
}

static void the_shipped_file_format_is_accepted_with_bom_crlf_and_quotes(void **state)
{
    (void)state;
    struct workcal *wc = workcal_new();
    const char text[] = "\xEF\xBB\xBF# exported from a spreadsheet\r\n"
                        "date,kind,name_zh,name_en\r\n"
                        "2027-01-01,holiday,\"元旦\",\"New Year's Day, \"\"1\"\"\"\r\n"
                        "   \r\n"
                        "2027-01-02,holiday,元旦,"; /* no final line end, empty English */
    assert_int_equal(workcal_load_csv(wc, text, sizeof text - 1, NULL), 0);
    struct workcal_entry e;
    assert_true(workcal_lookup(wc, D("2027-01-01"), &e));
    assert_string_equal(e.name_zh, "元旦");
    assert_string_equal(e.name_en, "New Year's Day, \"1\"");
    assert_true(workcal_lookup(wc, D("2027-01-02"), &e));
    assert_string_equal(e.name_en, "");
    workcal_free(wc);
}

static void a_new_calendar_knows_no_year_and_counts_weekends(void **state)
{
    (void)state;
    struct workcal *wc = workcal_new();
    assert_int_equal(workcal_first_year(wc), 0);
    assert_int_equal(workcal_last_year(wc), 0);
    assert_true(workday_is(wc, D("2025-10-01"))); /* no holidays listed */
    assert_false(workday_is(wc, D("2025-10-04")));
    int32_t d;
    assert_int_equal(workday_add(wc, D("2025-09-30"), 7, &d), WORKDAY_BEYOND);
    assert_int_equal(d, D("2025-10-09"));
    /* A header alone is a valid empty schedule: no rows, no years. */
    assert_int_equal(load(wc, HEADER, NULL), 0);
    assert_int_equal(workcal_last_year(wc), 0);
    workcal_free(wc);
    workcal_free(NULL);
}

static void importing_a_2027_schedule_makes_2027_known(void **state)
{
    (void)state;
    /* Next year's notice arrives in November: an operator loads it into a copy of the shipped
       calendar. 1 January is a statutory holiday every year (全国年节及纪念日放假办法). */
    struct workcal *wc = workcal_clone(workcal_shipped());
    assert_int_equal(load(wc,
                          "date,kind,name_zh,name_en\n"
                          "2027-01-01,holiday,元旦,New Year's Day\n",
                          NULL),
                     0);
    assert_true(workcal_knows(wc, D("2027-06-30")));
    assert_int_equal(workcal_first_year(wc), 2020);
    assert_int_equal(workcal_last_year(wc), 2027);
    assert_false(workday_is(wc, D("2027-01-01")));
    /* The deadline that was "beyond" is now exact, and one day later for Jan 1. */
    int32_t d;
    assert_int_equal(workday_add(wc, D("2026-12-28"), 7, &d), 0);
    assert_int_equal(d, D("2027-01-07"));
    /* The shipped calendar is not touched by the import into its clone. */
    assert_false(workcal_knows(workcal_shipped(), D("2027-01-01")));
    assert_true(workday_is(workcal_shipped(), D("2027-01-01")));
    /* A gap year stays unknown: loading 2029 does not make 2028 known. */
    assert_int_equal(load(wc, "date,kind,name_zh,name_en\n2029-01-01,holiday,元旦,x\n", NULL), 0);
    assert_false(workcal_knows(wc, D("2028-07-01")));
    assert_int_equal(workday_add(wc, D("2028-06-29"), 1, &d), WORKDAY_BEYOND);
    assert_int_equal(workday_add(wc, D("2027-12-29"), 1, &d), 0);
    workcal_free(wc);
}

static void a_later_row_for_the_same_day_replaces_the_earlier(void **state)
{
    (void)state;
    struct workcal *wc = workcal_clone(workcal_shipped());
    /* Within one text: the second row for 2027-02-06 (a Saturday) wins. */
    assert_int_equal(load(wc,
                          "date,kind,name_zh,name_en\n"
                          "2027-02-06,holiday,春节,Spring Festival\n"
                          "2027-02-06,workday,春节,Spring Festival\n",
                          NULL),
                     0);
    assert_true(workday_is(wc, D("2027-02-06")));
    assert_int_equal(workcal_entries(wc, 2027, NULL, 0), 1);
    /* Across loads: a corrected 2026 schedule overrides the shipped row (2026-10-10 上班). */
    assert_true(workday_is(wc, D("2026-10-10")));
    int before = workcal_entries(wc, 2026, NULL, 0);
    assert_int_equal(load(wc, "date,kind,name_zh,name_en\n2026-10-10,holiday,国庆节,x\n", NULL), 0);
    assert_false(workday_is(wc, D("2026-10-10")));
    assert_int_equal(workcal_entries(wc, 2026, NULL, 0), before);
    /* workcal_add replaces likewise, and refuses a make-up day on a weekday. */
    assert_int_equal(workcal_add(wc, D("2026-10-10"), true, "国庆节", NULL), 0);
    assert_true(workday_is(wc, D("2026-10-10")));
    assert_int_equal(workcal_add(wc, D("2026-10-12"), true, "x", "x"), -ERR_FIELD_INVALID);
    assert_true(workday_is(wc, D("2026-10-12")));
    assert_int_equal(workcal_add(wc, date_from_ymd(1, 1, 1) - 1, false, "x", "x"),
                     -ERR_DATE_INVALID);
    workcal_free(wc);
}

/* One row checked as an importer that reads the file itself needs it (fuzz_calendar found
 * `ureg calendar import` storing rows the calendar then dropped at every start). */
static void a_row_is_checked_by_the_same_rules_as_the_shipped_file(void **state)
{
    (void)state;
    struct {
        const char *f[5];
        size_t n;
        int want;
    } cases[] = {
        {{"2027-01-09", "workday", "元旦", "New Year"}, 4, 0},           /* a Saturday */
        {{"2027-01-01", "holiday", "元旦", ""}, 4, 0},                   /* name_en may be empty */
        {{"2026-03-04", "workday", "调休", "typo"}, 4, -ERR_CAL_FORMAT}, /* a Wednesday */
        {{"2027-01-01", "holiday", "", "New Year"}, 4, -ERR_CAL_FORMAT},
        {{"2027-01-01", "holiday", "元\x01旦", ""}, 4, -ERR_CAL_FORMAT},
        {{"2027-01-01", "day off", "元旦", ""}, 4, -ERR_CAL_FORMAT},
        {{"0000-01-01", "holiday", "元旦", ""}, 4, -ERR_DATE_INVALID},
        {{"2027-02-30", "holiday", "元旦", ""}, 4, -ERR_DATE_INVALID},
        {{"2027-01-01", "holiday", "元旦"}, 3, -ERR_CSV_FIELDS},
        {{"2027-01-01", "holiday", "元旦", "", "x"}, 5, -ERR_CSV_FIELDS},
    };
    char long_name[128];
    memset(long_name, 'a', 101);
    long_name[101] = '\0';
    for (size_t i = 0; i < sizeof cases / sizeof *cases + 1; i++) {
        const char *fields[5] = {"2027-01-01", "holiday", long_name, "", NULL};
        size_t n = 4;
        int want = -ERR_CAL_FORMAT; /* the extra case: a name over 100 bytes */
        if (i < sizeof cases / sizeof *cases) {
            memcpy(fields, cases[i].f, sizeof fields);
            n = cases[i].n;
            want = cases[i].want;
        }
        size_t lens[5];
        for (size_t k = 0; k < n; k++)
            lens[k] = strlen(fields[k]);
        struct csv_record rec = {.n_fields = n, .fields = fields, .lens = lens, .line = 2};
        int32_t day = -1;
        bool is_workday = false;
        assert_int_equal(workcal_row_check(&rec, &day, &is_workday), want);
        if (want == 0) {
            assert_int_equal(day, date_from_ymd(2027, 1, i == 0 ? 9 : 1));
            assert_int_equal(is_workday, i == 0);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_calendar_knows_exactly_2020_to_2026),
        cmocka_unit_test(every_notice_holiday_is_a_rest_day_and_every_makeup_day_works),
        cmocka_unit_test(no_other_special_days_in_2020_to_2026),
        cmocka_unit_test(every_listed_day_comes_from_a_notice),
        cmocka_unit_test(spring_festival_2020_was_extended_to_february_2),
        cmocka_unit_test(entries_of_2025_list_the_new_eight_day_spring_festival),
        cmocka_unit_test(one_working_day_after_a_friday_is_the_monday),
        cmocka_unit_test(a_start_on_a_rest_day_counts_from_the_next_working_day),
        cmocka_unit_test(the_last_day_before_a_long_holiday_jumps_it),
        cmocka_unit_test(a_makeup_saturday_counts_as_a_working_day),
        cmocka_unit_test(seven_day_deadline_from_2025_09_30_crosses_national_day),
        cmocka_unit_test(a_deadline_past_the_last_known_year_says_beyond),
        cmocka_unit_test(n_outside_1_to_3660_is_out_of_range),
        cmocka_unit_test(between_counts_after_from_up_to_to_and_mirrors),
        cmocka_unit_test(between_agrees_with_add_and_with_counting_day_by_day),
        cmocka_unit_test(a_bad_row_rejects_the_whole_file_and_names_its_line),
        cmocka_unit_test(the_shipped_file_format_is_accepted_with_bom_crlf_and_quotes),
        cmocka_unit_test(a_new_calendar_knows_no_year_and_counts_weekends),
        cmocka_unit_test(importing_a_2027_schedule_makes_2027_known),
        cmocka_unit_test(a_later_row_for_the_same_day_replaces_the_earlier),
        cmocka_unit_test(a_row_is_checked_by_the_same_rules_as_the_shipped_file),
    };
    return cmocka_run_group_tests_name("workday", tests, NULL, NULL);
}
