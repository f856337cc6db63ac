/*
 * falseinfo.c — the untrue-promise rule. See falseinfo.h; the table there is the whole rule.
 */
#include "rules/falseinfo.h"

#include "base/date.h"

const char *falseinfo_check_name(enum falseinfo_check k)
{
    switch (k) {
    case FALSEINFO_EMPLOYMENT:
        return "employment";
    case FALSEINFO_PENSION:
        return "pension";
    default:
        return NULL;
    }
}

unsigned falseinfo_sources(void)
{
    return 1u << VERIFY_SRC_INSURANCE | 1u << VERIFY_SRC_EMPLOYMENT_FILINGS |
           1u << VERIFY_SRC_BUSINESS_LICENCES | 1u << VERIFY_SRC_PENSIONS;
}

/* The first day of the month of `day`. */
static int32_t falseinfo__month_start(int32_t day)
{
    int d;
    date_to_ymd(day, NULL, NULL, &d);
    return day - (d - 1);
}

/* Whether record r shows a job on day A that began after U (the employment rows of the table). */
static bool falseinfo__employed(const struct verify_record *r, int32_t a, int32_t u,
                                const char **basis)
{
    switch (r->source) {
    case VERIFY_SRC_EMPLOYMENT_FILINGS:
    case VERIFY_SRC_BUSINESS_LICENCES:
        *basis = "employed_on_application_day";
        return r->event_date > u && r->event_date <= a;
    case VERIFY_SRC_INSURANCE: {
        int32_t m1 = falseinfo__month_start(a);
        *basis = "contribution_for_application_month";
        return r->event_date == m1 && u < m1;
    }
    default:
        return false;
    }
}

/* Keep index i in *best when it is later than the current one (ties keep the first). */
static void falseinfo__take(const struct verify_record *recs, size_t i, long *best)
{
    if (*best < 0 || recs[i].event_date > recs[*best].event_date)
        *best = (long)i;
}

void falseinfo_decide(int32_t applied_on, int32_t unemployed_since,
                      const struct verify_record *recs, size_t n,
                      struct falseinfo_finding out[FALSEINFO__COUNT])
{
    long emp = -1, pen = -1;
    const char *emp_basis = "none";
    for (size_t i = 0; i < n; i++) {
        const char *basis = "none";
        if (falseinfo__employed(&recs[i], applied_on, unemployed_since, &basis)) {
            long before = emp;
            falseinfo__take(recs, i, &emp);
            if (emp != before)
                emp_basis = basis;
        } else if (recs[i].source == VERIFY_SRC_PENSIONS && recs[i].event_date <= applied_on) {
            falseinfo__take(recs, i, &pen);
        }
    }
    out[FALSEINFO_EMPLOYMENT] = (struct falseinfo_finding){
        .check = FALSEINFO_EMPLOYMENT, .untrue = emp >= 0, .evidence = emp, .basis = emp_basis};
    out[FALSEINFO_PENSION] =
        (struct falseinfo_finding){.check = FALSEINFO_PENSION,
                                   .untrue = pen >= 0,
                                   .evidence = pen,
                                   .basis = pen >= 0 ? "pension_before_application" : "none"};
}

bool falseinfo_records_suffice(int32_t applied_on, int32_t today, const struct verify_record *recs,
                               size_t n, enum verify_source source)
{
    for (size_t i = 0; i < n; i++)
        if (recs[i].source == source && recs[i].event_date <= today &&
            recs[i].event_date > applied_on)
            return false;
    return true;
}
