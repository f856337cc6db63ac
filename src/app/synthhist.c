/*
 * synthhist.c — a synthetic person's life after registration. See synthhist.h.
 */
#include "app/synthhist.h"

#include "base/date.h"

#include <string.h>

/* The registry exit reason of a dataset, or NULL for one that ends nothing (card holders). */
static const char *hist__registry_reason(enum verify_source s)
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

/* The earliest event an earlier monthly comparison found: after the registration, before the
 * first day of today's month. Sets *reason and returns its day, or 0. */
static int32_t hist__registry_exit(const struct synth_person *sp, int32_t registered_on,
                                   int32_t today, const char **reason)
{
    int y, m, d;
    date_to_ymd(today, &y, &m, &d);
    int32_t month_start = date_from_ymd(y, m, 1), best = 0;
    for (int i = 0; i < sp->n_events; i++) {
        const struct synth_event *e = &sp->events[i];
        const char *r = hist__registry_reason(e->source);
        if (r && e->day > registered_on && e->day < month_start && (!best || e->day < best)) {
            best = e->day;
            *reason = r;
        }
    }
    return best;
}

static void hist__exit(struct synth_history *h, const char *reason, const char *subkind,
                       const char *source, int32_t day)
{
    h->exit_reason = reason;
    h->exit_subkind = subkind;
    h->exit_source = source;
    h->exit_day = day;
}

/* A caseworker's exit this month, or false. */
static bool hist__caseworker_exit(struct synth_rng *r, struct synth_history *h, int32_t day)
{
    static const char *const SUB24[] = {"school", "military", "emigration"};
    int v = (int)synth_below(r, 10000);
    if (v < 600)
        hist__exit(h, "11", "", "caseworker", day);
    else if (v < 660)
        hist__exit(h, "12", "", "caseworker", day);
    else if (v < 690)
        hist__exit(h, "13", "", "caseworker", day);
    else if (v < 730)
        hist__exit(h, "24", SUB24[synth_below(r, 3)], "caseworker", day);
    return h->exit_reason != NULL;
}

/* Keep a monthly contact in the window (the oldest goes when it is full). */
static void hist__keep(struct synth_history *h, int window, struct synth_contact c)
{
    if (window <= 0)
        return;
    if (h->n == window) {
        memmove(h->contacts, h->contacts + 1, (size_t)(window - 1) * sizeof h->contacts[0]);
        h->n--;
    }
    h->contacts[h->n++] = c;
}

/* One month's contact; updates the counters and applies 31/32. */
static void hist__contact(struct synth_rng *r, struct synth_history *h, int window, int32_t day,
                          bool drifting, bool refusing, int32_t *first_failed)
{
    static const char *const METHODS[] = {"phone", "phone", "phone", "data", "data", "visit"};
    struct synth_contact c = {.day = day, .method = METHODS[synth_below(r, 6)]};
    int v = (int)synth_below(r, 10000);
    if (drifting || (!refusing && v >= 9600 && v < 9900))
        c.result = "unreachable";
    else if (refusing || v >= 9900)
        c.result = "refused";
    else
        c.result = "reached";
    if (strcmp(c.result, "unreachable") == 0)
        c.method = "phone";
    hist__keep(h, window, c);
    if (strcmp(c.result, "reached") == 0) {
        h->unreachable_run = h->refusal_run = 0;
        *first_failed = 0;
        return;
    }
    if (strcmp(c.result, "refused") == 0) {
        if (++h->refusal_run >= 3)
            hist__exit(h, "31", "", "followup", day);
        return;
    }
    if (!*first_failed)
        *first_failed = day;
    h->unreachable_run++;
    if (date_add_months(*first_failed, 6) <= day)
        hist__exit(h, "32", "", "followup", day);
}

void synth_history(uint64_t seed, uint64_t index, const struct synth_person *sp,
                   int32_t registered_on, int32_t today, int window, struct synth_history *out)
{
    struct synth_rng r;
    synth_rng_seed(&r, seed, 4, index);
    memset(out, 0, sizeof *out); /* padding too: histories compare by their bytes */
    out->exit_subkind = "";
    if (window > SYNTH_HIST_MAX)
        window = SYNTH_HIST_MAX;
    int32_t first = registered_on + synth_between(&r, 1, 4);
    if (first <= today)
        out->first_contact_on = first;
    const char *reg_reason = NULL;
    int32_t reg_day = hist__registry_exit(sp, registered_on, today, &reg_reason);
    int drift_from = synth_chance(&r, 400) ? synth_between(&r, 1, 12) : 0;
    int refuse_from = synth_chance(&r, 200) ? synth_between(&r, 1, 12) : 0;
    int32_t first_failed = 0;
    for (int m = 1; !out->exit_reason; m++) {
        int32_t day = date_add_months(registered_on, m) + synth_between(&r, 0, 5);
        if (reg_day && reg_day <= day && reg_day <= today) {
            hist__exit(out, reg_reason, "", "compare", reg_day);
            break;
        }
        if (day > today)
            break;
        if (hist__caseworker_exit(&r, out, day))
            break;
        hist__contact(&r, out, window, day, drift_from && m >= drift_from,
                      refuse_from && m >= refuse_from, &first_failed);
    }
}
