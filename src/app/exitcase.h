/*
 * exitcase.h — exits as a caseworker and a supervisor work them (issue 9, part A; notice §5 ¶2):
 * a caseworker's exit of a registration, a supervisor's revert of a wrong one, and the exit
 * proposals (listed in the caller's region, confirmed into an exit or dismissed). Each is one
 * write transaction through the exit core (app/exits: exits_apply) and is audited.
 */
#ifndef UREG_APP_EXITCASE_H
#define UREG_APP_EXITCASE_H

#include "app/access.h"
#include "app/app.h"
#include "base/err.h"
#include "base/json.h"
#include "store/exit.h"
#include "store/notify.h"

#include <stdbool.h>
#include <stdint.h>

/* A caseworker's exit as asked. evidence borrowed (NULL: {}). */
struct exitcase_in {
    const char *reason_code, *subkind, *note;
    int32_t date; /* base/date day number */
    json_t *evidence;
};

/* What an exit came to: its id and whether a notification is owed (pending). */
struct exitcase_out {
    int64_t exit_id;
    bool notify;
};

/*
 * Exit registration `reg_no` (within by->scope) as a caseworker, source "caseworker". Returns 0
 * and *out; -ERR_NOT_FOUND, -ERR_REGISTRATION_EXITED, rules/exit's errors with ec->field
 * (nothing written).
 */
int app_exit_record(struct app *a, const struct actor *by, const char *reg_no,
                    const struct exitcase_in *in, struct exitcase_out *out, struct err_ctx *ec);

/*
 * Revert the exit in force of registration `reg_no` (a supervisor only: -ERR_FORBIDDEN for any
 * other role) with `reason` (required): the exit marked reverted, the registration active again,
 * the person's open case re-claimed (-ERR_CONFLICT, field "registration", when the person has
 * opened another case since), a pending notification cancelled, the national platform told.
 * Audited "registration.exit_revert". -ERR_NOT_FOUND when there is no exit in force.
 */
int app_exit_revert(struct app *a, const struct actor *by, const char *reg_no, const char *reason,
                    struct err_ctx *ec);

/*
 * Confirm (an exit through exits_apply, source "proposal"; the proposal confirmed with the exit's
 * id) or dismiss (with `note`) open proposal `id` within by->scope. Audited "exit_proposal.confirm"
 * / "exit_proposal.dismiss". *exit_id (may be NULL) gets a confirmed one's exit. -ERR_NOT_FOUND,
 * -ERR_CONFLICT (not open), exits_apply's errors.
 */
int app_exit_proposal_decide(struct app *a, const struct actor *by, int64_t id, bool confirm,
                             const char *note, int64_t *exit_id, struct err_ctx *ec);

/*
 * The proposals within by->scope, newest first: status "" or one of open|confirmed|dismissed,
 * reg_no NULL/"" or a registration's (-ERR_NOT_FOUND outside the scope), at most limit. fn's
 * strings live until it returns. Returns the count or an error.
 */
int app_exit_proposal_list(struct app *a, const struct actor *by, const char *status,
                           const char *reg_no, int limit,
                           int (*fn)(const struct exit_proposal_row *p, const char *reg_no,
                                     void *arg),
                           void *arg, struct err_ctx *ec);

/* The exit in force of registration `reg_no` within by->scope into *out (strings from ar). Also
 * returns the notification's status into notified: 1 sent, 0 owed, -1 none, and, when `note` is
 * not NULL, the notification's delivery (channel, status, attempts, ...; note->status NULL when
 * the exit owes none). -ERR_NOT_FOUND. */
int app_exit_current(struct app *a, const struct actor *by, const char *reg_no, struct arena *ar,
                     struct exit_row *out, int *notified, struct notify_view *note);

#endif
