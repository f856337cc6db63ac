/*
 * track.h — the tracked services of a registration (notice §4(三)–(七)): each kind's states and
 * the moves between them, and what a new item of a kind must carry.
 *
 * A tracked item is a service with a life: a training referral (referred → enrolled →
 * completed), a 创业担保贷款 through its steps (applied → reviewed → guaranteed → granted →
 * repaid), the recognition of a 就业困难人员 category, an assistance plan and its dated steps, a
 * 公益性岗位 placement, a policy application to its result, the hand-over of an unemployment-
 * insurance claim. The kinds are rules/vocab.def's TRACK_KIND words; this module holds their
 * state machines as one table. Pure: no I/O, no clock (callers pass today), no allocation.
 */
#ifndef UREG_RULES_TRACK_H
#define UREG_RULES_TRACK_H

#include "rules/vocab.h"

#include <stdbool.h>
#include <stdint.h>

/* What a new item of a kind must carry beyond its date. */
enum {
    TRACK_NEEDS_SUBJECT = 1 << 0,  /* a subject: programme, policy, post, agency, step text */
    TRACK_NEEDS_CODE = 1 << 1,     /* a code: the difficulty category, the plan step's type */
    TRACK_NEEDS_AMOUNT = 1 << 2,   /* an amount in yuan (loans) */
    TRACK_NEEDS_PARENT = 1 << 3,   /* a parent item: a plan step's plan */
    TRACK_NEEDS_DUE = 1 << 4,      /* a due date (plan steps) */
    TRACK_NEEDS_EVIDENCE = 1 << 5, /* evidence (recognition of a category) */
};

/* The kind's flags above (0 for an unknown kind). */
unsigned track_needs(enum track_kind k);

/* The status of a new item of kind k ("referred", "applied", ...), or NULL for an unknown kind. */
const char *track_initial(enum track_kind k);

/* Whether an item of kind k may move from status `from` to status `to` (both stored words). */
bool track_move_allowed(enum track_kind k, const char *from, const char *to);

/* Whether `status` is one of kind k's statuses. */
bool track_status_valid(enum track_kind k, const char *status);

/* Whether an item of kind k in `status` is finished: no move leads out of it. */
bool track_status_final(enum track_kind k, const char *status);

/* The statuses of kind k in table order, the initial one first, into out[] (at most `max`,
 * TRACK_MAX_STATUSES is enough for every kind); returns how many were written. */
#define TRACK_MAX_STATUSES 8
int track_statuses(enum track_kind k, const char **out, int max);

/* The plan step types (TRACK_NEEDS_CODE of plan_step): counselling, training, job_referral,
 * public_welfare_post, other. */
bool track_step_type_valid(const char *code);

/*
 * The dates of a tracked item beyond those every record has (rules/record record_day_check: not
 * in the future, not before the registration): a step's day `on` is not before `not_before`, the
 * item's last step (INT32_MIN for a new item), and a due date `due` (INT32_MIN: none) is not
 * before `on`. Returns 0, TRACK_E_BEFORE_LAST or TRACK_E_DUE_BEFORE.
 */
enum {
    TRACK_E_BEFORE_LAST = 1,
    TRACK_E_DUE_BEFORE,
};
int track_check_dates(int32_t on, int32_t due, int32_t not_before);

#endif
