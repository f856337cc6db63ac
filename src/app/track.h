/*
 * track.h — the tracked services of a registration as a caseworker records them (notice
 * §4(三)–(七)): training and start-up referrals and support, 创业担保贷款 through its steps,
 * recognition of a 就业困难人员 category with evidence, the individual assistance plan with a
 * designated caseworker and dated steps, 公益性岗位 placements, policy applications received in
 * the same visit, and the hand-over of an unemployment-insurance claim to the insurance agency.
 *
 * Each write checks the kind's state machine (rules/track), the dates (never in the future, never
 * before the registration or the item's last step), the codes, the registration (within the
 * caller's region, else -ERR_NOT_FOUND; active for a new item) and is written with its audit
 * entry in one transaction. Nothing is edited in place: a move is a new step.
 */
#ifndef UREG_APP_TRACK_H
#define UREG_APP_TRACK_H

#include "app/access.h"
#include "app/app.h"
#include "base/arena.h"
#include "base/err.h"
#include "rules/track.h"
#include "store/track.h"

#include <stdint.h>

struct track_new {
    const char *kind, *subject, *code; /* code: difficulty category or plan step type */
    const char *on, *due_on, *note;    /* YYYY-MM-DD; due_on and note may be NULL */
    const char *detail;                /* a JSON object as text (≤ 4000 bytes), or NULL */
    int64_t amount;                    /* yuan, loans; -1 when absent */
    int64_t parent_id;                 /* plan steps: the plan's id; 0 when absent */
    const char *caseworker;            /* assistance plans: the designated caseworker's username */
};

/* Open a tracked item on registration `reg_no` for `by` (PERM_CASE_EDIT); *id gets its id.
 * Errors name the field: kind, subject, code, amount, parent_id, caseworker, on, due_on,
 * detail; -ERR_REGISTRATION_NOT_ACTIVE for an exited registration. */
int app_track_open(struct app *a, const struct actor *by, const char *reg_no,
                   const struct track_new *n, int64_t *id, struct err_ctx *ec);

struct track_move {
    const char *status, *on, *note, *due_on; /* due_on: when the next step is due, or NULL */
};

/* Move item `id` of registration `reg_no` to m->status (-ERR_TRACK_MOVE when the kind does not
 * allow it from the item's status; -ERR_PLAN_STEPS_OPEN when closing a plan with open steps). */
int app_track_move(struct app *a, const struct actor *by, const char *reg_no, int64_t id,
                   const struct track_move *m, struct err_ctx *ec);

struct track_view {
    struct track_item item;
    struct track_step_row *steps; /* oldest first */
    int n_steps;
    bool overdue;                         /* open, with a due date before today */
    const char *next[TRACK_MAX_STATUSES]; /* the statuses it may move to now (static strings) */
    int n_next;
};

/* The items of registration `reg_no`, newest first, with their steps; everything from `ar`. */
int app_track_list(struct app *a, const struct actor *by, const char *reg_no, struct arena *ar,
                   struct track_view **out, int *n);

#endif
