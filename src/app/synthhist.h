/*
 * synthhist.h — what happened to a synthetic person after registration, for `ureg gen`: the
 * first proactive contact, the monthly follow-ups and, for most, an exit (注销). Pure: no I/O, no
 * clock (today is passed in), no allocation; drawn from its own stream (seed, 4, index), so the
 * people of app/synth are unchanged by it and the same arguments always give the same history.
 *
 * The model, month by month from the registration (numbers per month, in 1/10000):
 *   - the registry exits a monthly comparison would have applied: the person's own dataset
 *     events (app/synth) after the registration day and before the first day of today's month
 *     (what this month's `ureg compare` finds is left for it): insurance or employment filings →
 *     11, business licences → 12, pensions → 21, custody → 25, deaths → 26, on the event's day;
 *   - exits a caseworker records: found work 600 (11), started a business 60 (12), stable income
 *     30 (13), school, military service or emigration 40 (24, one of the three);
 *   - the monthly contact: phone, data comparison or visit; reached, unreachable or refused. About
 *     1 in 25 people drift out of reach from some month on and 1 in 50 start refusing services:
 *     six months unreachable in a row (from the first failed attempt) gives 32, the third refusal
 *     in a row 31, both applied by the follow-up on that contact's day.
 * Only the last `window` monthly contacts before the exit (or today) are kept (a store of ten
 * million people need not hold every month of five years); the first contact always is.
 */
#ifndef UREG_APP_SYNTHHIST_H
#define UREG_APP_SYNTHHIST_H

#include "app/synth.h"

#include <stdbool.h>
#include <stdint.h>

#define SYNTH_HIST_MAX 24 /* the most monthly contacts kept (window) */

struct synth_contact {
    int32_t day;
    const char *method, *result; /* code tables contact_method, contact_result (static) */
};

struct synth_history {
    int32_t first_contact_on; /* 0: not yet (registered in the last days) */
    int n;                    /* monthly contacts kept, oldest first */
    struct synth_contact contacts[SYNTH_HIST_MAX];
    const char *exit_reason;  /* exit_reason code (static), NULL while active */
    const char *exit_subkind; /* "" or, for 24, school | military | emigration */
    const char *exit_source;  /* exit_event.source: caseworker | compare | followup */
    int32_t exit_day;
    int unreachable_run, refusal_run; /* the counters at the end (exit or today) */
};

/*
 * The history of person `index` of a run with `seed`, registered on `registered_on`, as of
 * `today`, keeping at most `window` (0..SYNTH_HIST_MAX) monthly contacts. `sp` gives the dataset
 * events. Always fills *out.
 */
void synth_history(uint64_t seed, uint64_t index, const struct synth_person *sp,
                   int32_t registered_on, int32_t today, int window, struct synth_history *out);

#endif
