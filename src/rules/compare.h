/*
 * compare.h — which reference records end an active registration (注销, notice §5 ¶2), and
 * which of them the exit is made for. Pure: no I/O, no clock (today is passed in).
 *
 * `ureg compare` (app/compare) offers every record of a registered person it reads — from a
 * loaded dataset (ref_record) or a fresh file streamed from the command line — to
 * compare_offer(), which keeps, per source, the earliest record that qualifies:
 *
 *   source                          qualifies when                          exit reason
 *   insurance, employment_filings   registered_on < day <= today            11 (hired)
 *   business_licences               registered_on < day <= today            12 (self-employed)
 *   pensions                        day <= today                            21 (pension)
 *   custody                         registered_on <= day <= today           25 (imprisoned)
 *   deaths                          day <= today                            26 (died)
 *   ssc_holders                     never (identity only)
 *
 * 11 is the rule verbatim ("social-insurance contributions or an employment filing that
 * start after the registration date"): a contribution month is its first day (rules/verify), so
 * the month in which someone registered never counts. A record after today has not happened yet.
 * A pension or death dated before the registration still ends it (the registration should not
 * have been made: helper code for false information sees the same record); the exit is then
 * dated the registration day, since an exit is never dated before the registration.
 *
 * compare_pick() chooses one finding: the earliest exit date (the first event that ended the
 * registration); on the same day 26 before 25 before 21 before 11 before 12.
 */
#ifndef UREG_RULES_COMPARE_H
#define UREG_RULES_COMPARE_H

#include "rules/verify.h"

#include <stdbool.h>
#include <stdint.h>

/* The earliest qualifying record of one source; day 0 means none (no real record has day 0:
 * rules/verify reads years 1900..2199, base/date counts from 1970). */
struct compare_hit {
    int32_t day;       /* base/date day number of the record */
    int32_t line;      /* its line in the file it came from */
    int64_t import_id; /* the ref_import it came from, 0 for a fresh file */
};

/* Everything found for one registration. Zero it before the first offer. */
struct compare_found {
    struct compare_hit hit[VERIFY_SRC__COUNT];
};

/* The exit reason code a source's record supports ("11", ...), static; NULL for ssc_holders and
 * outside the enum. */
const char *compare_reason(enum verify_source s);

/* Whether a record of `s` dated `day` ends a registration made on `registered_on`, as of today
 * (the table above). */
bool compare_qualifies(enum verify_source s, int32_t day, int32_t registered_on, int32_t today);

/*
 * Offer one record: when it qualifies and is earlier than the kept one of its source (or none
 * is kept), keep it. Returns true when kept. On the same day the first offered stays.
 */
bool compare_offer(struct compare_found *f, enum verify_source s, int32_t day, int32_t line,
                   int64_t import_id, int32_t registered_on, int32_t today);

/* The finding the exit is made for. */
struct compare_exit {
    const char *reason;        /* "11", "12", "21", "25" or "26" (static) */
    enum verify_source source; /* whose record */
    int32_t exit_date;         /* max(record day, registered_on) */
    const struct compare_hit *hit;
};

/* Choose the exit (see the file comment) into *out. Returns true, or false when nothing was
 * found (*out untouched). */
bool compare_pick(const struct compare_found *f, int32_t registered_on, struct compare_exit *out);

#endif
