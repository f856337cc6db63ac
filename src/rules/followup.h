/*
 * followup.h — the follow-up counters of a registration (人社厅发〔2020〕3号 §5 ¶1 定期联系, ¶2
 * (三) 无正当理由连续3次拒绝接受公共就业服务 / 连续6个月无法取得联系) and the next monthly
 * contact's due day. Pure: the registration day, today, the contact interval and the events are
 * passed in.
 *
 * Events are the registration's contacts (result reached, unreachable or refused) and the
 * services it received (every service record in force). They are taken day by day (a day is the
 * unit the records are dated in; the order of records within a day is not known):
 *   - a day is a *reset* day when it has a reached contact or a service: the person was reached
 *     and took part; it sets the refusals to 0 and ends an unreachable spell;
 *   - a day with a refused contact (and no reset) counts ONE refusal, however many refused
 *     contacts were recorded that day; the person was reached, so it ends an unreachable spell too;
 *   - a day with only unreachable attempts starts an unreachable spell (if none runs) or continues
 *     it; it neither counts nor resets refusals.
 * Events before the registration day or after today are left out (the record checks keep them
 * out; a development clock moved back may not).
 *
 * Months unreachable: from the spell's first failed attempt S to today, the number of whole
 * calendar months, i.e. the largest n with date_add_months(S, n) <= today (the day clamped to the
 * end of a shorter month: from 08-31, six months are complete on 02-28/29). Exit 32 is due when it
 * reaches 6, on the day date_add_months(S, 6); exit 31 when the refusals reach 3, on the third
 * refusal's day. When both are due the earlier day wins (31 on a tie).
 *
 * The next contact is due `contact_days` after the last contact of any result (or after the
 * registration day when there is none). A counter exit that a supervisor reverted or a caseworker
 * dismissed is not found again from the same contacts: only a contact newer than the newest one
 * behind it (suppress ids) makes it due again.
 */
#ifndef UREG_RULES_FOLLOWUP_H
#define UREG_RULES_FOLLOWUP_H

#include <stdbool.h>
#include <stdint.h>

#define FOLLOWUP_REFUSALS_EXIT 3    /* notice §5 ¶2: 连续3次拒绝 → exit 31 */
#define FOLLOWUP_UNREACHABLE_EXIT 6 /* notice §5 ¶2: 连续6个月无法取得联系 → exit 32 */
#define FOLLOWUP_IDS_MAX 32         /* contacts kept as the evidence of one counter */

enum followup_kind { FOLLOWUP_REACHED, FOLLOWUP_UNREACHABLE, FOLLOWUP_REFUSED, FOLLOWUP_SERVICE };

struct followup_event {
    int64_t id; /* the contact's (or service record's) id */
    int32_t date;
    enum followup_kind kind;
};

/* The contacts behind one counter, oldest first (at most FOLLOWUP_IDS_MAX; n counts them all). */
struct followup_trail {
    int n;
    int64_t ids[FOLLOWUP_IDS_MAX];
    int32_t dates[FOLLOWUP_IDS_MAX];
    int64_t last_id; /* the newest contact behind it (0: none) */
};

struct followup_counters {
    int unreachable_months;    /* whole calendar months since unreachable_since, 0 when none */
    int32_t unreachable_since; /* day of the spell's first failed attempt; 0: no spell */
    int refusals;              /* refusal days in a row since the last reset */
    int32_t refusal_third;     /* the day the third refusal of the streak fell, 0 if none yet */
    int32_t last_contact;      /* the newest contact's day (any result), 0: none */
    int32_t next_contact_due;  /* max(last_contact, registered_on) + contact_days */
    bool overdue;              /* next_contact_due < today */
    struct followup_trail unreachable, refused;
};

/*
 * The counters as of `today` for a registration made on `registered_on` contacted every
 * `contact_days` (1..366) days, from `n` events in any order (the array is sorted in place by
 * day, then id). Fills *out.
 */
void followup_count(struct followup_event *ev, int n, int32_t registered_on, int32_t today,
                    int contact_days, struct followup_counters *out);

/* Whole calendar months from `since` to `today` (0 when today is before since). */
int followup_months(int32_t since, int32_t today);

/* The counter exit due: "31", "32" or NULL; *day gets its day. `suppress31` / `suppress32`: the
 * newest contact id behind a reverted exit or dismissed proposal of that reason (0: none). */
const char *followup_exit_due(const struct followup_counters *k, int64_t suppress31,
                              int64_t suppress32, int32_t *day);

/* The trail behind the exit `reason` ("31" or "32"); NULL for another. */
const struct followup_trail *followup_trail_of(const struct followup_counters *k,
                                               const char *reason);

#endif
