/*
 * compare.c — the records that end a registration and the one the exit is made for; see
 * rules/compare.h.
 */
#include "rules/compare.h"

#include <stddef.h>

const char *compare_reason(enum verify_source s)
{
    switch (s) {
    case VERIFY_SRC_INSURANCE:
    case VERIFY_SRC_EMPLOYMENT_FILINGS:
        return "11";
    case VERIFY_SRC_BUSINESS_LICENCES:
        return "12";
    case VERIFY_SRC_PENSIONS:
        return "21";
    case VERIFY_SRC_CUSTODY:
        return "25";
    case VERIFY_SRC_DEATHS:
        return "26";
    default:
        return NULL;
    }
}

bool compare_qualifies(enum verify_source s, int32_t day, int32_t registered_on, int32_t today)
{
    if (day > today)
        return false;
    switch (s) {
    case VERIFY_SRC_INSURANCE:
    case VERIFY_SRC_EMPLOYMENT_FILINGS:
    case VERIFY_SRC_BUSINESS_LICENCES:
        return day > registered_on;
    case VERIFY_SRC_CUSTODY:
        return day >= registered_on;
    case VERIFY_SRC_PENSIONS:
    case VERIFY_SRC_DEATHS:
        return true;
    default:
        return false;
    }
}

bool compare_offer(struct compare_found *f, enum verify_source s, int32_t day, int32_t line,
                   int64_t import_id, int32_t registered_on, int32_t today)
{
    if ((unsigned)s >= VERIFY_SRC__COUNT || !compare_qualifies(s, day, registered_on, today))
        return false;
    struct compare_hit *h = &f->hit[s];
    if (h->day != 0 && h->day <= day)
        return false;
    *h = (struct compare_hit){.day = day, .line = line, .import_id = import_id};
    return true;
}

bool compare_pick(const struct compare_found *f, int32_t registered_on, struct compare_exit *out)
{
    /* Same-day priority: most definitive first. */
    static const enum verify_source order[] = {VERIFY_SRC_DEATHS,
                                               VERIFY_SRC_CUSTODY,
                                               VERIFY_SRC_PENSIONS,
                                               VERIFY_SRC_INSURANCE,
                                               VERIFY_SRC_EMPLOYMENT_FILINGS,
                                               VERIFY_SRC_BUSINESS_LICENCES};
    bool found = false;
    struct compare_exit best = {0};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const struct compare_hit *h = &f->hit[order[i]];
        if (h->day == 0)
            continue;
        int32_t d = h->day > registered_on ? h->day : registered_on;
        if (!found || d < best.exit_date) {
            best = (struct compare_exit){
                .reason = compare_reason(order[i]), .source = order[i], .exit_date = d, .hit = h};
            found = true;
        }
    }
    if (found)
        *out = best;
    return found;
}
