/*
 * followup.c — the follow-up counters, day by day. See followup.h.
 */
#include "rules/followup.h"

#include "base/date.h"

#include <stdlib.h>
#include <string.h>

static int followup__cmp(const void *pa, const void *pb)
{
    const struct followup_event *a = pa, *b = pb;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

int followup_months(int32_t since, int32_t today)
{
    if (today < since)
        return 0;
    int sy, sm, sd, ty, tm, td;
    date_to_ymd(since, &sy, &sm, &sd);
    date_to_ymd(today, &ty, &tm, &td);
    int n = (ty - sy) * 12 + (tm - sm);
    while (n > 0 && date_add_months(since, n) > today)
        n--;
    return n;
}

static void followup__trail_clear(struct followup_trail *t)
{
    memset(t, 0, sizeof *t);
}

static void followup__trail_add(struct followup_trail *t, const struct followup_event *e)
{
    if (t->n < FOLLOWUP_IDS_MAX) {
        t->ids[t->n] = e->id;
        t->dates[t->n] = e->date;
    }
    t->n++;
    if (e->id > t->last_id)
        t->last_id = e->id;
}

/* What one day's events say. */
struct followup__day {
    bool reset, refused, unreachable, contact;
};

static struct followup__day followup__day_of(const struct followup_event *ev, int from, int to)
{
    struct followup__day d = {0};
    for (int i = from; i < to; i++) {
        d.reset |= ev[i].kind == FOLLOWUP_REACHED || ev[i].kind == FOLLOWUP_SERVICE;
        d.refused |= ev[i].kind == FOLLOWUP_REFUSED;
        d.unreachable |= ev[i].kind == FOLLOWUP_UNREACHABLE;
        d.contact |= ev[i].kind != FOLLOWUP_SERVICE;
    }
    return d;
}

/* Apply the day ev[from..to) to the counters. */
static void followup__apply_day(const struct followup_event *ev, int from, int to,
                                struct followup_counters *k)
{
    struct followup__day d = followup__day_of(ev, from, to);
    int32_t day = ev[from].date;
    if (d.contact)
        k->last_contact = day;
    if (d.reset || d.refused) { /* reached: the unreachable spell ends */
        k->unreachable_since = 0;
        followup__trail_clear(&k->unreachable);
    } else if (d.unreachable) {
        if (!k->unreachable_since)
            k->unreachable_since = day;
        for (int i = from; i < to; i++)
            if (ev[i].kind == FOLLOWUP_UNREACHABLE)
                followup__trail_add(&k->unreachable, &ev[i]);
    }
    if (d.reset) {
        k->refusals = 0;
        k->refusal_third = 0;
        followup__trail_clear(&k->refused);
    } else if (d.refused) {
        if (++k->refusals == FOLLOWUP_REFUSALS_EXIT)
            k->refusal_third = day;
        for (int i = from; i < to; i++)
            if (ev[i].kind == FOLLOWUP_REFUSED)
                followup__trail_add(&k->refused, &ev[i]);
    }
}

void followup_count(struct followup_event *ev, int n, int32_t registered_on, int32_t today,
                    int contact_days, struct followup_counters *out)
{
    memset(out, 0, sizeof *out);
    if (n > 0)
        qsort(ev, (size_t)n, sizeof *ev, followup__cmp);
    int i = 0;
    while (i < n) {
        int j = i + 1;
        while (j < n && ev[j].date == ev[i].date)
            j++;
        if (ev[i].date >= registered_on && ev[i].date <= today)
            followup__apply_day(ev, i, j, out);
        i = j;
    }
    if (out->unreachable_since)
        out->unreachable_months = followup_months(out->unreachable_since, today);
    int32_t base = out->last_contact > registered_on ? out->last_contact : registered_on;
    out->next_contact_due = base + contact_days;
    out->overdue = out->next_contact_due < today;
}

const char *followup_exit_due(const struct followup_counters *k, int64_t suppress31,
                              int64_t suppress32, int32_t *day)
{
    bool r31 = k->refusals >= FOLLOWUP_REFUSALS_EXIT && k->refused.last_id > suppress31;
    bool r32 =
        k->unreachable_months >= FOLLOWUP_UNREACHABLE_EXIT && k->unreachable.last_id > suppress32;
    int32_t d31 = k->refusal_third;
    int32_t d32 = r32 ? date_add_months(k->unreachable_since, FOLLOWUP_UNREACHABLE_EXIT) : 0;
    *day = 0;
    if (r31 && (!r32 || d31 <= d32)) {
        *day = d31;
        return "31";
    }
    if (r32) {
        *day = d32;
        return "32";
    }
    return NULL;
}

const struct followup_trail *followup_trail_of(const struct followup_counters *k,
                                               const char *reason)
{
    if (reason && strcmp(reason, "31") == 0)
        return &k->refused;
    if (reason && strcmp(reason, "32") == 0)
        return &k->unreachable;
    return NULL;
}
