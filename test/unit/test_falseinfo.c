/*
 * test_falseinfo.c — the untrue-promise rule (notice §5 ¶1): each source on both sides of each
 * boundary of the table in rules/falseinfo.h, the month form of contributions, the evidence
 * choice, and when app/verify's partial read suffices.
 */
#include "testutil.h"

#include "base/date.h"
#include "rules/falseinfo.h"

#include <string.h>

#define D(y, m, d) date_from_ymd(y, m, d)

/* Applied on 2024-03-10, unemployed since 2024-02-20. */
#define A D(2024, 3, 10)
#define U D(2024, 2, 20)

static struct falseinfo_finding decide_at(int32_t a, int32_t u, const struct verify_record *r,
                                          size_t n, enum falseinfo_check k)
{
    struct falseinfo_finding out[FALSEINFO__COUNT];
    memset(out, 0, sizeof out);
    falseinfo_decide(a, u, r, n, out);
    for (int i = 0; i < FALSEINFO__COUNT; i++) {
        assert_int_equal(out[i].check, i);
        assert_int_equal(out[i].untrue, out[i].evidence >= 0);
        assert_non_null(out[i].basis);
    }
    return out[k];
}

static struct falseinfo_finding one(enum verify_source s, int32_t day, enum falseinfo_check k)
{
    struct verify_record r = {s, day};
    return decide_at(A, U, &r, 1, k);
}

static void names(void **state)
{
    (void)state;
    assert_string_equal(falseinfo_check_name(FALSEINFO_EMPLOYMENT), "employment");
    assert_string_equal(falseinfo_check_name(FALSEINFO_PENSION), "pension");
    assert_null(falseinfo_check_name(FALSEINFO__COUNT));
    unsigned s = falseinfo_sources();
    assert_true(s & 1u << VERIFY_SRC_INSURANCE);
    assert_true(s & 1u << VERIFY_SRC_EMPLOYMENT_FILINGS);
    assert_true(s & 1u << VERIFY_SRC_BUSINESS_LICENCES);
    assert_true(s & 1u << VERIFY_SRC_PENSIONS);
    assert_false(s & 1u << VERIFY_SRC_DEATHS);
    assert_false(s & 1u << VERIFY_SRC_CUSTODY);
    assert_false(s & 1u << VERIFY_SRC_SSC_HOLDERS);
}

static void no_records_nothing_untrue(void **state)
{
    (void)state;
    struct falseinfo_finding f = decide_at(A, U, NULL, 0, FALSEINFO_EMPLOYMENT);
    assert_false(f.untrue);
    assert_int_equal(f.evidence, -1);
    assert_string_equal(f.basis, "none");
    assert_false(decide_at(A, U, NULL, 0, FALSEINFO_PENSION).untrue);
}

/* Filings and licences: a start in (U, A]. */
static void filing_and_licence_boundaries(void **state)
{
    (void)state;
    enum verify_source srcs[] = {VERIFY_SRC_EMPLOYMENT_FILINGS, VERIFY_SRC_BUSINESS_LICENCES};
    for (size_t i = 0; i < 2; i++) {
        assert_false(one(srcs[i], U - 1, FALSEINFO_EMPLOYMENT).untrue);
        assert_false(one(srcs[i], U, FALSEINFO_EMPLOYMENT).untrue); /* the job that ended */
        struct falseinfo_finding f = one(srcs[i], U + 1, FALSEINFO_EMPLOYMENT);
        assert_true(f.untrue);
        assert_int_equal(f.evidence, 0);
        assert_string_equal(f.basis, "employed_on_application_day");
        assert_true(one(srcs[i], A, FALSEINFO_EMPLOYMENT).untrue);
        assert_false(one(srcs[i], A + 1, FALSEINFO_EMPLOYMENT).untrue); /* found after applying */
        assert_false(one(srcs[i], U + 1, FALSEINFO_PENSION).untrue);
    }
}

/* Contributions: only the month of A, and only when U is before its first day. */
static void contribution_months(void **state)
{
    (void)state;
    struct falseinfo_finding f = one(VERIFY_SRC_INSURANCE, D(2024, 3, 1), FALSEINFO_EMPLOYMENT);
    assert_true(f.untrue);
    assert_string_equal(f.basis, "contribution_for_application_month");
    assert_false(one(VERIFY_SRC_INSURANCE, D(2024, 2, 1), FALSEINFO_EMPLOYMENT).untrue);
    assert_false(one(VERIFY_SRC_INSURANCE, D(2024, 4, 1), FALSEINFO_EMPLOYMENT).untrue);
    assert_false(one(VERIFY_SRC_INSURANCE, D(2023, 3, 1), FALSEINFO_EMPLOYMENT).untrue);
    /* A month-form date is the 1st: another day of the month is not the contribution month. */
    assert_false(one(VERIFY_SRC_INSURANCE, D(2024, 3, 2), FALSEINFO_EMPLOYMENT).untrue);
    struct verify_record m = {VERIFY_SRC_INSURANCE, D(2024, 3, 1)};
    /* U on the 1st of A's month or later: the March contribution may pay for days before U. */
    assert_false(decide_at(A, D(2024, 3, 1), &m, 1, FALSEINFO_EMPLOYMENT).untrue);
    assert_false(decide_at(A, D(2024, 3, 5), &m, 1, FALSEINFO_EMPLOYMENT).untrue);
    /* U the last day of the month before: untrue. */
    assert_true(decide_at(A, D(2024, 2, 29), &m, 1, FALSEINFO_EMPLOYMENT).untrue);
    /* Applying on the 1st of the month or the last day. */
    assert_true(decide_at(D(2024, 3, 1), U, &m, 1, FALSEINFO_EMPLOYMENT).untrue);
    assert_true(decide_at(D(2024, 3, 31), U, &m, 1, FALSEINFO_EMPLOYMENT).untrue);
    assert_false(decide_at(D(2024, 4, 1), U, &m, 1, FALSEINFO_EMPLOYMENT).untrue);
    /* Across a year: applied 2025-01-03, unemployed since 2024-12-20, contribution 202501. */
    struct verify_record j = {VERIFY_SRC_INSURANCE, D(2025, 1, 1)};
    assert_true(decide_at(D(2025, 1, 3), D(2024, 12, 20), &j, 1, FALSEINFO_EMPLOYMENT).untrue);
    assert_false(decide_at(D(2025, 1, 3), D(2025, 1, 2), &j, 1, FALSEINFO_EMPLOYMENT).untrue);
}

static void pension_on_or_before_application(void **state)
{
    (void)state;
    struct falseinfo_finding f = one(VERIFY_SRC_PENSIONS, A, FALSEINFO_PENSION);
    assert_true(f.untrue);
    assert_string_equal(f.basis, "pension_before_application");
    assert_true(one(VERIFY_SRC_PENSIONS, D(2010, 1, 1), FALSEINFO_PENSION).untrue);
    assert_false(one(VERIFY_SRC_PENSIONS, A + 1, FALSEINFO_PENSION).untrue);
    assert_false(one(VERIFY_SRC_PENSIONS, A, FALSEINFO_EMPLOYMENT).untrue);
}

static void other_sources_ignored(void **state)
{
    (void)state;
    enum verify_source srcs[] = {VERIFY_SRC_SSC_HOLDERS, VERIFY_SRC_DEATHS, VERIFY_SRC_CUSTODY};
    for (size_t i = 0; i < 3; i++)
        for (int32_t d = U - 40; d <= A + 40; d++) {
            assert_false(one(srcs[i], d, FALSEINFO_EMPLOYMENT).untrue);
            assert_false(one(srcs[i], d, FALSEINFO_PENSION).untrue);
        }
}

/* Every day from 60 before U to 60 after A, for every employment source: the table exactly. */
static void exhaustive_days(void **state)
{
    (void)state;
    for (int32_t d = U - 60; d <= A + 60; d++) {
        bool filing = d > U && d <= A;
        assert_int_equal(one(VERIFY_SRC_EMPLOYMENT_FILINGS, d, FALSEINFO_EMPLOYMENT).untrue,
                         filing);
        assert_int_equal(one(VERIFY_SRC_BUSINESS_LICENCES, d, FALSEINFO_EMPLOYMENT).untrue, filing);
        assert_int_equal(one(VERIFY_SRC_INSURANCE, d, FALSEINFO_EMPLOYMENT).untrue,
                         d == D(2024, 3, 1));
        assert_int_equal(one(VERIFY_SRC_PENSIONS, d, FALSEINFO_PENSION).untrue, d <= A);
    }
}

static void evidence_is_latest_first_on_ties(void **state)
{
    (void)state;
    struct verify_record r[] = {{VERIFY_SRC_EMPLOYMENT_FILINGS, U + 2},
                                {VERIFY_SRC_INSURANCE, D(2024, 2, 1)},
                                {VERIFY_SRC_EMPLOYMENT_FILINGS, U + 5},
                                {VERIFY_SRC_BUSINESS_LICENCES, U + 5},
                                {VERIFY_SRC_EMPLOYMENT_FILINGS, A + 3},
                                {VERIFY_SRC_PENSIONS, D(2020, 1, 1)},
                                {VERIFY_SRC_PENSIONS, D(2022, 6, 1)},
                                {VERIFY_SRC_PENSIONS, D(2022, 6, 1)},
                                {VERIFY_SRC_PENSIONS, A + 1}};
    struct falseinfo_finding e = decide_at(A, U, r, 9, FALSEINFO_EMPLOYMENT);
    assert_int_equal(e.evidence, 2); /* U+5, before the tie at index 3; not the later A+3 */
    assert_string_equal(e.basis, "employed_on_application_day");
    struct falseinfo_finding p = decide_at(A, U, r, 9, FALSEINFO_PENSION);
    assert_int_equal(p.evidence, 6);
    /* The contribution month (03-01) after the filings' U+2 (02-22): it is the evidence. */
    struct verify_record r2[] = {{VERIFY_SRC_EMPLOYMENT_FILINGS, U + 2},
                                 {VERIFY_SRC_INSURANCE, D(2024, 3, 1)}};
    e = decide_at(A, U, r2, 2, FALSEINFO_EMPLOYMENT);
    assert_int_equal(e.evidence, 1);
    assert_string_equal(e.basis, "contribution_for_application_month");
}

static void partial_read_suffices(void **state)
{
    (void)state;
    int32_t today = D(2024, 6, 5);
    struct verify_record r[] = {{VERIFY_SRC_INSURANCE, D(2024, 7, 1)},
                                {VERIFY_SRC_INSURANCE, D(2024, 6, 1)},
                                {VERIFY_SRC_PENSIONS, D(2024, 3, 10)}};
    /* The insurance read stopped at 06-01, after A: the March month may lie further back. */
    assert_false(falseinfo_records_suffice(A, today, r, 3, VERIFY_SRC_INSURANCE));
    assert_true(falseinfo_records_suffice(A, today, r, 3, VERIFY_SRC_PENSIONS));
    assert_true(falseinfo_records_suffice(A, today, r, 3, VERIFY_SRC_EMPLOYMENT_FILINGS));
    /* Applied today: whatever the read stopped at is on or before A. */
    assert_true(falseinfo_records_suffice(today, today, r, 3, VERIFY_SRC_INSURANCE));
    assert_true(falseinfo_records_suffice(A, today, NULL, 0, VERIFY_SRC_INSURANCE));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names),
        cmocka_unit_test(no_records_nothing_untrue),
        cmocka_unit_test(filing_and_licence_boundaries),
        cmocka_unit_test(contribution_months),
        cmocka_unit_test(pension_on_or_before_application),
        cmocka_unit_test(other_sources_ignored),
        cmocka_unit_test(exhaustive_days),
        cmocka_unit_test(evidence_is_latest_first_on_ties),
        cmocka_unit_test(partial_read_suffices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
