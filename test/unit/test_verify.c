/*
 * test_verify.c — verification by comparison (notice §3 核验): event dates of reference
 * datasets, and the result and evidence of each check on both sides of its boundary.
 */
#include "testutil.h"

#include "base/date.h"
#include "base/err.h"
#include "rules/verify.h"

#include <string.h>

#define D(y, m, d) date_from_ymd(y, m, d)

/* A person unemployed since 2026-01-15, checked on 2026-03-02. */
static struct verify_facts facts(const struct verify_record *r, size_t n)
{
    struct verify_facts f = {
        .unemployed_since = D(2026, 1, 15), .today = D(2026, 3, 2), .records = r, .n_records = n};
    return f;
}

static void all_loaded(struct verify_facts *f)
{
    for (int s = 0; s < VERIFY_SRC__COUNT; s++)
        f->loaded[s] = true;
}

static struct verify_outcome decide(const struct verify_facts *f, enum verify_check k)
{
    struct verify_outcome out[VERIFY_CHECK__COUNT];
    memset(out, 0, sizeof out);
    verify_decide(f, out);
    for (int i = 0; i < VERIFY_CHECK__COUNT; i++)
        assert_int_equal(out[i].check, i);
    return out[k];
}

static void names_round_trip_and_unknown_sources_are_refused(void **state)
{
    (void)state;
    /* CONTRACT.md `ureg import SOURCE`: the seven dataset names. */
    const char *want[] = {
        "ssc_holders", "insurance", "employment_filings", "business_licences", "pensions",
        "deaths",      "custody"};
    for (int i = 0; i < VERIFY_SRC__COUNT; i++) {
        enum verify_source s = VERIFY_SRC__COUNT;
        assert_string_equal(verify_source_name((enum verify_source)i), want[i]);
        assert_int_equal(verify_source_parse(want[i], &s), 0);
        assert_int_equal(s, i);
    }
    enum verify_source s = VERIFY_SRC_DEATHS;
    assert_int_equal(verify_source_parse("Insurance", &s), -ERR_DATASET_SOURCE);
    assert_int_equal(verify_source_parse("pension", &s), -ERR_DATASET_SOURCE);
    assert_int_equal(verify_source_parse(NULL, &s), -ERR_DATASET_SOURCE);
    assert_int_equal(s, VERIFY_SRC_DEATHS);
    assert_null(verify_source_name(VERIFY_SRC__COUNT));

    /* The verification table's check_name and result values (003_registration.sql). */
    const char *checks[] = {"identity", "employment", "pension", "death", "custody"};
    for (int k = 0; k < VERIFY_CHECK__COUNT; k++)
        assert_string_equal(verify_check_name((enum verify_check)k), checks[k]);
    assert_null(verify_check_name(VERIFY_CHECK__COUNT));
    assert_string_equal(verify_result_name(VERIFY_PASS), "pass");
    assert_string_equal(verify_result_name(VERIFY_FAIL), "fail");
    assert_string_equal(verify_result_name(VERIFY_UNKNOWN), "unknown");
    assert_int_equal(verify_check_sources(VERIFY_CHECK_EMPLOYMENT),
                     (1u << VERIFY_SRC_INSURANCE) | (1u << VERIFY_SRC_EMPLOYMENT_FILINGS) |
                         (1u << VERIFY_SRC_BUSINESS_LICENCES));
}

static int32_t parse(const char *s)
{
    int32_t d = -1;
    int rc = verify_event_date_parse(s, s ? strlen(s) : 0, &d);
    return rc < 0 ? rc : d;
}

static void event_dates_take_day_forms_and_month_forms_as_the_first(void **state)
{
    (void)state;
    assert_int_equal(parse("2024-03-05"), D(2024, 3, 5));
    assert_int_equal(parse("20240305"), D(2024, 3, 5));
    assert_int_equal(parse("2024/3/5"), D(2024, 3, 5)); /* Excel, zh-CN locale */
    assert_int_equal(parse("2024/03/05"), D(2024, 3, 5));
    assert_int_equal(parse("2024-3-5"), D(2024, 3, 5));
    assert_int_equal(parse(" 2024-03-05\t"), D(2024, 3, 5));
    /* Contribution months (缴费年月) are YYYYMM: the first day of the month. */
    assert_int_equal(parse("202403"), D(2024, 3, 1));
    assert_int_equal(parse("2024-03"), D(2024, 3, 1));
    assert_int_equal(parse("2024/3"), D(2024, 3, 1));
    assert_int_equal(parse("2024-02-29"), D(2024, 2, 29));
    /* The accepted years are 1900..2199, both ends included. */
    assert_int_equal(parse("1900-01-01"), D(1900, 1, 1));
    assert_int_equal(parse("2199-12-31"), D(2199, 12, 31));
}

static void event_dates_that_do_not_exist_or_have_other_shapes_are_refused(void **state)
{
    (void)state;
    const char *bad[] = {"2023-02-29", "20230229",   "202313",      "2024-00",      "2024-13",
                         "1899-12-31", "2200-01-01", "2024-03-05x", "2024/03-05",   "2024-03/05",
                         "",           "  ",         "2024/3/",     "2024/",        "2024",
                         "24-03-05",   "2024-003-5", "2024.03.05",  "2024年3月5日", "2024-3-32"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int32_t d = 12345;
        assert_int_equal(verify_event_date_parse(bad[i], strlen(bad[i]), &d), -ERR_DATASET_DATE);
        assert_int_equal(d, 12345); /* untouched */
    }
    int32_t d;
    assert_int_equal(verify_event_date_parse(NULL, 0, &d), -ERR_DATASET_DATE);
    /* n bounds the input: the bytes after it are not read. */
    assert_int_equal(verify_event_date_parse("2024-03-05garbage", 10, &d), 0);
    assert_int_equal(d, D(2024, 3, 5));
}

static void identity_passes_on_a_card_record(void **state)
{
    (void)state;
    struct verify_record r[] = {{VERIFY_SRC_INSURANCE, D(2025, 1, 1)},
                                {VERIFY_SRC_SSC_HOLDERS, D(2015, 6, 1)}};
    struct verify_facts f = facts(r, 2);
    all_loaded(&f);
    struct verify_outcome o = decide(&f, VERIFY_CHECK_IDENTITY);
    assert_int_equal(o.result, VERIFY_PASS);
    assert_string_equal(o.basis, "card_holder_found");
    assert_int_equal(o.evidence, 1);
    /* Presence is evidence even when no import of ssc_holders has completed. */
    memset(f.loaded, 0, sizeof f.loaded);
    o = decide(&f, VERIFY_CHECK_IDENTITY);
    assert_int_equal(o.result, VERIFY_PASS);
    assert_int_equal(o.evidence, 1);
}

static void identity_is_unknown_when_absent_or_never_loaded(void **state)
{
    (void)state;
    /* An insurance record does not prove who holds a social security card. */
    struct verify_record r[] = {{VERIFY_SRC_INSURANCE, D(2025, 1, 1)}};
    struct verify_facts f = facts(r, 1);
    f.loaded[VERIFY_SRC_SSC_HOLDERS] = true;
    struct verify_outcome o = decide(&f, VERIFY_CHECK_IDENTITY);
    assert_int_equal(o.result, VERIFY_UNKNOWN);
    assert_string_equal(o.basis, "not_found_in_loaded_dataset");
    assert_int_equal(o.evidence, -1);
    f.loaded[VERIFY_SRC_SSC_HOLDERS] = false;
    f.loaded[VERIFY_SRC_INSURANCE] = true;
    o = decide(&f, VERIFY_CHECK_IDENTITY);
    assert_int_equal(o.result, VERIFY_UNKNOWN);
    assert_string_equal(o.basis, "dataset_not_loaded");
}

static void employment_event_the_day_before_unemployed_since_passes(void **state)
{
    (void)state;
    struct verify_record r[] = {{VERIFY_SRC_EMPLOYMENT_FILINGS, D(2026, 1, 14)}};
    struct verify_facts f = facts(r, 1);
    f.loaded[VERIFY_SRC_INSURANCE] = true;
    struct verify_outcome o = decide(&f, VERIFY_CHECK_EMPLOYMENT);
    assert_int_equal(o.result, VERIFY_PASS);
    assert_string_equal(o.basis, "no_event_after_unemployed_since");
    assert_int_equal(o.evidence, 0); /* the last employment event is shown */
}

static void employment_event_on_unemployed_since_is_not_after_it(void **state)
{
    (void)state;
    /* "After" is event_date > unemployed_since: the last day of work may be that day. */
    struct verify_record r[] = {{VERIFY_SRC_INSURANCE, D(2026, 1, 15)}};
    struct verify_facts f = facts(r, 1);
    f.loaded[VERIFY_SRC_INSURANCE] = true;
    assert_int_equal(decide(&f, VERIFY_CHECK_EMPLOYMENT).result, VERIFY_PASS);
}

static void employment_event_the_day_after_unemployed_since_fails(void **state)
{
    (void)state;
    struct verify_record r[] = {{VERIFY_SRC_INSURANCE, D(2025, 12, 1)},
                                {VERIFY_SRC_BUSINESS_LICENCES, D(2026, 1, 16)}};
    struct verify_facts f = facts(r, 2);
    f.loaded[VERIFY_SRC_INSURANCE] = true;
    struct verify_outcome o = decide(&f, VERIFY_CHECK_EMPLOYMENT);
    assert_int_equal(o.result, VERIFY_FAIL);
    assert_string_equal(o.basis, "event_after_unemployed_since");
    assert_int_equal(o.evidence, 1);
    /* A contradicting event fails the check even when no import has completed. */
    memset(f.loaded, 0, sizeof f.loaded);
    assert_int_equal(decide(&f, VERIFY_CHECK_EMPLOYMENT).result, VERIFY_FAIL);
}

static void employment_fail_evidence_is_the_latest_event_after(void **state)
{
    (void)state;
    struct verify_record r[] = {
        {VERIFY_SRC_INSURANCE, D(2026, 2, 1)},
        {VERIFY_SRC_EMPLOYMENT_FILINGS, D(2026, 2, 20)},
        {VERIFY_SRC_INSURANCE, D(2026, 1, 1)},
        {VERIFY_SRC_PENSIONS, D(2026, 3, 1)}, /* not an employment source */
        {VERIFY_SRC_BUSINESS_LICENCES, D(2026, 2, 10)},
    };
    struct verify_facts f = facts(r, 5);
    all_loaded(&f);
    struct verify_outcome o = decide(&f, VERIFY_CHECK_EMPLOYMENT);
    assert_int_equal(o.result, VERIFY_FAIL);
    assert_int_equal(o.evidence, 1);
}

static void employment_contribution_month_of_unemployment_is_not_after(void **state)
{
    (void)state;
    /* Contributions paid for January (202601 → 2026-01-01) by someone out of work since the
     * 15th pass; a contribution for February (→ 2026-02-01) contradicts joblessness. */
    struct verify_record r[2];
    assert_int_equal(verify_event_date_parse("202601", 6, &r[0].event_date), 0);
    assert_int_equal(verify_event_date_parse("202602", 6, &r[1].event_date), 0);
    r[0].source = r[1].source = VERIFY_SRC_INSURANCE;
    struct verify_facts f = facts(r, 1);
    f.loaded[VERIFY_SRC_INSURANCE] = true;
    assert_int_equal(decide(&f, VERIFY_CHECK_EMPLOYMENT).result, VERIFY_PASS);
    f.n_records = 2;
    struct verify_outcome o = decide(&f, VERIFY_CHECK_EMPLOYMENT);
    assert_int_equal(o.result, VERIFY_FAIL);
    assert_int_equal(o.evidence, 1);
}

static void employment_passes_if_one_source_is_loaded_else_is_unknown(void **state)
{
    (void)state;
    struct verify_record r[] = {{VERIFY_SRC_INSURANCE, D(2025, 6, 1)}};
    struct verify_facts f = facts(r, 1);
    f.loaded[VERIFY_SRC_PENSIONS] = true; /* not one of the check's sources */
    struct verify_outcome o = decide(&f, VERIFY_CHECK_EMPLOYMENT);
    assert_int_equal(o.result, VERIFY_UNKNOWN);
    assert_string_equal(o.basis, "dataset_not_loaded");
    assert_int_equal(o.evidence, 0); /* what is known is still shown */
    for (int s = VERIFY_SRC_INSURANCE; s <= VERIFY_SRC_BUSINESS_LICENCES; s++) {
        memset(f.loaded, 0, sizeof f.loaded);
        f.loaded[s] = true;
        assert_int_equal(decide(&f, VERIFY_CHECK_EMPLOYMENT).result, VERIFY_PASS);
    }
    f.n_records = 0;
    o = decide(&f, VERIFY_CHECK_EMPLOYMENT);
    assert_int_equal(o.result, VERIFY_PASS);
    assert_int_equal(o.evidence, -1);
}

static void pension_dated_today_fails_and_dated_tomorrow_passes(void **state)
{
    (void)state;
    /* Notice §1: 依法享受基本养老保险待遇 ends working age, so a pension makes one ineligible. */
    struct verify_record today[] = {{VERIFY_SRC_PENSIONS, D(2026, 3, 2)}};
    struct verify_record tomorrow[] = {{VERIFY_SRC_PENSIONS, D(2026, 3, 3)},
                                       {VERIFY_SRC_PENSIONS, D(2026, 4, 1)}};
    struct verify_facts f = facts(today, 1);
    f.loaded[VERIFY_SRC_PENSIONS] = true;
    struct verify_outcome o = decide(&f, VERIFY_CHECK_PENSION);
    assert_int_equal(o.result, VERIFY_FAIL);
    assert_string_equal(o.basis, "pension_on_or_before_today");
    assert_int_equal(o.evidence, 0);
    f = facts(tomorrow, 2);
    f.loaded[VERIFY_SRC_PENSIONS] = true;
    o = decide(&f, VERIFY_CHECK_PENSION);
    assert_int_equal(o.result, VERIFY_PASS);
    assert_string_equal(o.basis, "no_pension_on_or_before_today");
    assert_int_equal(o.evidence, 0); /* the pension that starts first is shown */
    f.loaded[VERIFY_SRC_PENSIONS] = false;
    assert_int_equal(decide(&f, VERIFY_CHECK_PENSION).result, VERIFY_UNKNOWN);
}

static void pension_fail_evidence_is_the_latest_past_record(void **state)
{
    (void)state;
    struct verify_record r[] = {{VERIFY_SRC_PENSIONS, D(2020, 1, 1)},
                                {VERIFY_SRC_PENSIONS, D(2026, 3, 9)},
                                {VERIFY_SRC_PENSIONS, D(2025, 1, 1)}};
    struct verify_facts f = facts(r, 3);
    struct verify_outcome o = decide(&f, VERIFY_CHECK_PENSION);
    assert_int_equal(o.result, VERIFY_FAIL);
    assert_int_equal(o.evidence, 2);
}

static void death_record_fails_whatever_its_date(void **state)
{
    (void)state;
    struct verify_record r[] = {{VERIFY_SRC_DEATHS, D(2026, 5, 1)}};
    struct verify_facts f = facts(r, 1);
    struct verify_outcome o = decide(&f, VERIFY_CHECK_DEATH);
    assert_int_equal(o.result, VERIFY_FAIL);
    assert_string_equal(o.basis, "death_recorded");
    assert_int_equal(o.evidence, 0);
    f.n_records = 0;
    assert_int_equal(decide(&f, VERIFY_CHECK_DEATH).result, VERIFY_UNKNOWN);
    f.loaded[VERIFY_SRC_DEATHS] = true;
    o = decide(&f, VERIFY_CHECK_DEATH);
    assert_int_equal(o.result, VERIFY_PASS);
    assert_string_equal(o.basis, "no_death_recorded");
    assert_int_equal(o.evidence, -1);
}

static void custody_dated_today_fails_and_dated_tomorrow_passes(void **state)
{
    (void)state;
    struct verify_record r[] = {{VERIFY_SRC_CUSTODY, D(2026, 3, 3)}};
    struct verify_facts f = facts(r, 1);
    f.loaded[VERIFY_SRC_CUSTODY] = true;
    struct verify_outcome o = decide(&f, VERIFY_CHECK_CUSTODY);
    assert_int_equal(o.result, VERIFY_PASS);
    assert_string_equal(o.basis, "no_custody_since_unemployed");
    f.today = D(2026, 3, 3);
    o = decide(&f, VERIFY_CHECK_CUSTODY);
    assert_int_equal(o.result, VERIFY_FAIL);
    assert_string_equal(o.basis, "custody_since_unemployed");
    assert_int_equal(o.evidence, 0);
}

static void custody_before_unemployment_passes_as_for_people_released(void **state)
{
    (void)state;
    /* 失业原因 70 刑满释放: custody that began before unemployed_since (2026-01-15), the day
     * itself included, does not make the person unavailable now; the day after does. */
    struct verify_record before[] = {{VERIFY_SRC_CUSTODY, D(2026, 1, 15)}};
    struct verify_facts f = facts(before, 1);
    f.loaded[VERIFY_SRC_CUSTODY] = true;
    assert_int_equal(decide(&f, VERIFY_CHECK_CUSTODY).result, VERIFY_PASS);
    struct verify_record after[] = {{VERIFY_SRC_CUSTODY, D(2026, 1, 16)}};
    f = facts(after, 1);
    f.loaded[VERIFY_SRC_CUSTODY] = true;
    assert_int_equal(decide(&f, VERIFY_CHECK_CUSTODY).result, VERIFY_FAIL);
}

static void records_count_only_for_the_checks_reading_their_source(void **state)
{
    (void)state;
    /* Every kind of record dated after unemployed_since and before today, one at a time: only
     * the check reading that source fails. */
    static const enum verify_check fails[VERIFY_SRC__COUNT] = {
        VERIFY_CHECK__COUNT, /* ssc_holders fails nothing */
        VERIFY_CHECK_EMPLOYMENT, VERIFY_CHECK_EMPLOYMENT, VERIFY_CHECK_EMPLOYMENT,
        VERIFY_CHECK_PENSION,    VERIFY_CHECK_DEATH,      VERIFY_CHECK_CUSTODY,
    };
    for (int s = 0; s < VERIFY_SRC__COUNT; s++) {
        struct verify_record r[] = {{(enum verify_source)s, D(2026, 2, 1)}};
        struct verify_facts f = facts(r, 1);
        all_loaded(&f);
        struct verify_outcome out[VERIFY_CHECK__COUNT];
        verify_decide(&f, out);
        for (int k = 0; k < VERIFY_CHECK__COUNT; k++) {
            enum verify_result want = k == (int)fails[s] ? VERIFY_FAIL : VERIFY_PASS;
            if (k == VERIFY_CHECK_IDENTITY && s != VERIFY_SRC_SSC_HOLDERS)
                want = VERIFY_UNKNOWN; /* absent from a loaded ssc_holders */
            assert_int_equal(out[k].result, want);
        }
    }
}

static void nothing_loaded_and_nothing_found_is_unknown_everywhere(void **state)
{
    (void)state;
    struct verify_facts f = facts(NULL, 0);
    struct verify_outcome out[VERIFY_CHECK__COUNT];
    verify_decide(&f, out);
    for (int k = 0; k < VERIFY_CHECK__COUNT; k++) {
        assert_int_equal(out[k].result, VERIFY_UNKNOWN);
        assert_string_equal(out[k].basis, "dataset_not_loaded");
        assert_int_equal(out[k].evidence, -1);
    }
}

static void ties_on_the_date_go_to_the_first_record(void **state)
{
    (void)state;
    struct verify_record r[] = {{VERIFY_SRC_INSURANCE, D(2026, 2, 1)},
                                {VERIFY_SRC_EMPLOYMENT_FILINGS, D(2026, 2, 1)},
                                {VERIFY_SRC_SSC_HOLDERS, D(2010, 1, 1)},
                                {VERIFY_SRC_SSC_HOLDERS, D(2010, 1, 1)}};
    struct verify_facts f = facts(r, 4);
    all_loaded(&f);
    assert_int_equal(decide(&f, VERIFY_CHECK_EMPLOYMENT).evidence, 0);
    assert_int_equal(decide(&f, VERIFY_CHECK_IDENTITY).evidence, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_round_trip_and_unknown_sources_are_refused),
        cmocka_unit_test(event_dates_take_day_forms_and_month_forms_as_the_first),
        cmocka_unit_test(event_dates_that_do_not_exist_or_have_other_shapes_are_refused),
        cmocka_unit_test(identity_passes_on_a_card_record),
        cmocka_unit_test(identity_is_unknown_when_absent_or_never_loaded),
        cmocka_unit_test(employment_event_the_day_before_unemployed_since_passes),
        cmocka_unit_test(employment_event_on_unemployed_since_is_not_after_it),
        cmocka_unit_test(employment_event_the_day_after_unemployed_since_fails),
        cmocka_unit_test(employment_fail_evidence_is_the_latest_event_after),
        cmocka_unit_test(employment_contribution_month_of_unemployment_is_not_after),
        cmocka_unit_test(employment_passes_if_one_source_is_loaded_else_is_unknown),
        cmocka_unit_test(pension_dated_today_fails_and_dated_tomorrow_passes),
        cmocka_unit_test(pension_fail_evidence_is_the_latest_past_record),
        cmocka_unit_test(death_record_fails_whatever_its_date),
        cmocka_unit_test(custody_dated_today_fails_and_dated_tomorrow_passes),
        cmocka_unit_test(custody_before_unemployment_passes_as_for_people_released),
        cmocka_unit_test(records_count_only_for_the_checks_reading_their_source),
        cmocka_unit_test(nothing_loaded_and_nothing_found_is_unknown_everywhere),
        cmocka_unit_test(ties_on_the_date_go_to_the_first_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
