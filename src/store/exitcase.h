/*
 * exitcase.h — the store side of a caseworker's and a supervisor's work on exits (issue 9, part
 * A): an exit reverted (the exit row marked, the registration active again, the person's open
 * case re-claimed, a pending notification cancelled) and exit proposals read, listed and
 * dismissed. The exit itself is store/exit's. Every function runs inside the caller's
 * transaction and takes the `now` it passes; reads take the caller's scope (region prefix).
 */
#ifndef UREG_STORE_EXITCASE_H
#define UREG_STORE_EXITCASE_H

#include "base/arena.h"
#include "store/db.h"
#include "store/exit.h"

#include <stdint.h>

/* Mark exit `exit_id` reverted by `by` with `reason`. -ERR_CONFLICT when it was reverted. */
int store_exit_revert(struct store_conn *c, int64_t exit_id, int64_t by, const char *reason,
                      int64_t now_unix);

/* Registration `id` active again, its exit columns cleared. -ERR_CONFLICT when not exited. */
int store_exit_reg_reopen(struct store_conn *c, int64_t id);

/* The person's open case (person_open) held by registration `id` again. -ERR_CONFLICT when the
 * person holds another one (applied again since the exit). */
int store_exit_reclaim_open(struct store_conn *c, int64_t id);

/* Cancel exit `exit_id`'s notification when it is not sent yet (0 also when there is none). */
int store_notification_cancel(struct store_conn *c, int64_t exit_id);

/* Proposal `id` within `scope` into *out (strings from `ar`). -ERR_NOT_FOUND. */
int store_exit_proposal_get(struct store_conn *c, const char *scope, int64_t id, struct arena *ar,
                            struct exit_proposal_row *out);

/* Dismiss open proposal `id` by `by` with `note`. -ERR_CONFLICT when it is not open. */
int store_exit_proposal_dismiss(struct store_conn *c, int64_t id, int64_t by, const char *note,
                                int64_t now_unix);

/* Call fn for every proposal within `scope`, newest first, with status `status` ("" any) and of
 * registration `registration_id` (0 any), at most `limit`. The row's strings live until fn
 * returns. Returns the count or a negative error (fn's, which stops it). */
int store_exit_proposal_list(
    struct store_conn *c, const char *scope, const char *status, int64_t registration_id, int limit,
    int (*fn)(const struct exit_proposal_row *p, const char *reg_no, void *arg), void *arg);

#endif
