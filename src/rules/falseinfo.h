/*
 * falseinfo.h — was the applicant's written promise (承诺) untrue? Notice §5 ¶1: 对提供虚假信息
 * 骗取失业保险待遇、就业创业扶持政策的，纳入人社信用体系. The application form carries the
 * promise that the person is unemployed since `unemployed_since` and does not receive a pension;
 * the reference datasets (rules/verify) can show that this was false ON THE DAY OF APPLYING.
 * A finding here is only a flag for a caseworker to review; the decision stays human.
 *
 * Two checks, with A the day of applying (the commitment_at day) and U unemployed_since:
 *
 *   employment  untrue when the person was employed on day A by a job that began after U:
 *     - employment_filings or business_licences: a record dated in (U, A] (a filing or a
 *       licence dated after the claimed start of unemployment and not after the application;
 *       these datasets carry the start of the job or business, no end, so a later end cannot
 *       be seen: the caseworker reviews);
 *     - insurance: the contribution for the month of A (event_date = the first day of A's
 *       month, rules/verify's month form), when U is before that first day. A contribution for
 *       the month in which U falls is never evidence (it may pay for the days before U), nor
 *       is one for a month between U's and A's (the job may have ended before A), nor one for
 *       a later month (a job found after applying is no lie).
 *   pension     untrue when a pensions record is dated on or before A (already 享受基本养老保险
 *               待遇 when applying).
 *
 * Records of other sources are ignored. Evidence: the latest qualifying record (for insurance
 * the only qualifying month); ties go to the record first in the array. When A is not after
 * U (an application on the day the unemployment began, or a stored date after it) (U, A] is
 * empty and no contribution month can qualify: the employment check is never untrue; the
 * pension check looks at A alone.
 *
 * Pure: no I/O, no clock, never allocates.
 */
#ifndef UREG_RULES_FALSEINFO_H
#define UREG_RULES_FALSEINFO_H

#include "rules/verify.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum falseinfo_check { FALSEINFO_EMPLOYMENT, FALSEINFO_PENSION, FALSEINFO__COUNT };

/* "employment", "pension" (the false_info_flag.check_kind column), static; NULL outside. */
const char *falseinfo_check_name(enum falseinfo_check k);

struct falseinfo_finding {
    enum falseinfo_check check;
    bool untrue;
    long evidence; /* index into recs of the record it rests on, -1 when !untrue */
    const char
        *basis; /* static: "employed_on_application_day", "contribution_for_application_month",
                   "pension_before_application", or "none" */
};

/*
 * Decide both checks (out[k] for k in enum order) for an application made on day `applied_on`
 * claiming unemployment since `unemployed_since` (base/date day numbers), from the person's
 * records `recs[0..n)` (any source, any order; borrowed).
 */
void falseinfo_decide(int32_t applied_on, int32_t unemployed_since,
                      const struct verify_record *recs, size_t n,
                      struct falseinfo_finding out[FALSEINFO__COUNT]);

/*
 * Whether `recs` holds enough of the person's records of the sources these checks read for a
 * decision as of `applied_on`, when they were read as app/verify does (per source newest first,
 * stopping after the first record dated on or before `today`): false when some source's
 * record dated on or before today is after applied_on (the one the rule needs lies further
 * back; the caller reads that source again).
 */
bool falseinfo_records_suffice(int32_t applied_on, int32_t today, const struct verify_record *recs,
                               size_t n, enum verify_source source);

/* Bit (1u << source) for every source the checks read. */
unsigned falseinfo_sources(void);

#endif
