/*
 * exitcase.c — a caseworker's exit, a supervisor's revert, the proposals. See exitcase.h.
 *
 * Each use case: one write transaction; the registration found by number within the caller's
 * scope (outside it: not found, as if absent); the exit core (exits_apply) for every exit so that
 * its checks, rows and audit entry are the ones every exit has; then this use case's own audit
 * entry (no personal data: numbers, codes, the reason text given by staff).
 */
#include "app/exitcase.h"

#include "app/app_priv.h"
#include "app/exits.h"
#include "base/clock.h"
#include "base/date.h"
#include "rules/exit.h"
#include "store/exitcase.h"
#include "store/registration.h"

#include <string.h>

/* The registration `reg_no` within by's scope, into *r. */
static int exitcase__reg(struct store_conn *c, const struct actor *by, const char *reg_no,
                         struct arena *ar, struct reg_view *r)
{
    if (!reg_no || !*reg_no)
        return -ERR_NOT_FOUND;
    return store_reg_get(c, by->scope, reg_no, ar, r);
}

int app_exit_record(struct app *a, const struct actor *by, const char *reg_no,
                    const struct exitcase_in *in, struct exitcase_out *out, struct err_ctx *ec)
{
    struct arena ar;
    struct reg_view r;
    struct exit_new e = {.reason_code = in->reason_code,
                         .subkind = in->subkind ? in->subkind : "",
                         .date = in->date,
                         .note = in->note ? in->note : "",
                         .evidence = in->evidence,
                         .source = "caseworker"};
    *out = (struct exitcase_out){0};
    arena_init(&ar);
    int64_t now = clock_now();
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc == 0) {
        rc = exitcase__reg(c, by, reg_no, &ar, &r);
        if (rc == 0)
            rc = exits_apply(c, by, now, r.id, &e, &out->exit_id, ec);
        rc = store_tx_end(c, rc);
    }
    store_release(a->store, c);
    arena_free(&ar);
    out->notify = rc == 0 && exit_notifies(e.reason_code, e.subkind);
    return rc;
}

/* The revert inside its transaction. */
static int exitcase__revert_on(struct store_conn *c, const struct actor *by, int64_t now,
                               const char *reg_no, const char *reason, struct arena *ar,
                               struct err_ctx *ec)
{
    struct reg_view r;
    struct exit_row x;
    struct exit_reg er;
    int rc = exitcase__reg(c, by, reg_no, ar, &r);
    if (rc == 0)
        rc = store_exit_in_force(c, r.id, ar, &x);
    if (rc == 0)
        rc = store_exit_revert(c, x.id, by->user_id, reason, now);
    if (rc == 0)
        rc = store_exit_reg_reopen(c, r.id);
    if (rc == 0) {
        rc = store_exit_reclaim_open(c, r.id);
        if (rc == -ERR_CONFLICT)
            return err_set(ec, -ERR_EXIT_REVERT_REOPENED, "registration");
    }
    if (rc == 0)
        rc = store_notification_cancel(c, x.id);
    if (rc == 0)
        rc = store_exit_reg_get(c, by->scope, r.id, ar, &er);
    if (rc == 0)
        rc = exits__upload(c, ar, &er, NULL, NULL, now);
    if (rc == 0)
        rc = app_audit(c, by, now, "registration.exit_revert", "registration", r.registration_no,
                       json_pack("{s:I, s:s, s:s}", "exit_id", (json_int_t)x.id, "reason_code",
                                 x.reason_code, "reason", reason));
    return rc;
}

int app_exit_revert(struct app *a, const struct actor *by, const char *reg_no, const char *reason,
                    struct err_ctx *ec)
{
    if (by->kind != ACTOR_SYSTEM && strcmp(by->role, "supervisor") != 0)
        return err_set(ec, -ERR_FORBIDDEN, NULL);
    if (!reason || !*reason)
        return err_set(ec, -ERR_FIELD_REQUIRED, "reason");
    struct arena ar;
    arena_init(&ar);
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = store_tx_end(c, exitcase__revert_on(c, by, clock_now(), reg_no, reason, &ar, ec));
    store_release(a->store, c);
    arena_free(&ar);
    return rc;
}

/* Confirm or dismiss inside the transaction. */
static int exitcase__decide_on(struct store_conn *c, const struct actor *by, int64_t now,
                               int64_t id, bool confirm, const char *note, int64_t *exit_id,
                               struct arena *ar, struct err_ctx *ec)
{
    struct exit_proposal_row p;
    int rc = store_exit_proposal_get(c, by->scope, id, ar, &p);
    if (rc < 0)
        return rc;
    if (strcmp(p.status, "open") != 0)
        return err_set(ec, -ERR_CONFLICT, "status");
    if (confirm) {
        int32_t day;
        json_t *ev = json_loads(p.evidence, 0, NULL);
        if (date_parse(p.exit_date, strlen(p.exit_date), &day) < 0)
            day = clock_date_of(now);
        struct exit_new e = {.reason_code = p.reason_code,
                             .subkind = p.subkind,
                             .date = day,
                             .note = note ? note : "",
                             .evidence = ev,
                             .source = "proposal"};
        rc = exits_apply(c, by, now, p.registration_id, &e, exit_id, ec);
        json_decref(ev);
    } else {
        rc = store_exit_proposal_dismiss(c, id, by->user_id, note, now);
    }
    if (rc == 0)
        rc = app_audit(c, by, now, confirm ? "exit_proposal.confirm" : "exit_proposal.dismiss",
                       "exit_proposal", arena_printf(ar, "%lld", (long long)id),
                       json_pack("{s:s, s:s}", "reason_code", p.reason_code, "source", p.source));
    return rc;
}

int app_exit_proposal_decide(struct app *a, const struct actor *by, int64_t id, bool confirm,
                             const char *note, int64_t *exit_id, struct err_ctx *ec)
{
    int64_t xid = 0;
    struct arena ar;
    arena_init(&ar);
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = store_tx_end(
            c, exitcase__decide_on(c, by, clock_now(), id, confirm, note, &xid, &ar, ec));
    store_release(a->store, c);
    arena_free(&ar);
    if (exit_id)
        *exit_id = rc == 0 ? xid : 0;
    return rc;
}

int app_exit_proposal_list(struct app *a, const struct actor *by, const char *status,
                           const char *reg_no, int limit,
                           int (*fn)(const struct exit_proposal_row *p, const char *reg_no,
                                     void *arg),
                           void *arg, struct err_ctx *ec)
{
    if (status && *status && strcmp(status, "open") != 0 && strcmp(status, "confirmed") != 0 &&
        strcmp(status, "dismissed") != 0)
        return err_set(ec, -ERR_FIELD_INVALID, "status");
    struct arena ar;
    struct reg_view r = {0};
    arena_init(&ar);
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, false);
    if (rc == 0) {
        if (reg_no && *reg_no)
            rc = exitcase__reg(c, by, reg_no, &ar, &r);
        if (rc == 0)
            rc = store_exit_proposal_list(c, by->scope, status ? status : "", r.id, limit, fn, arg);
        int end = store_tx_end(c, rc < 0 ? rc : 0);
        if (rc >= 0 && end < 0)
            rc = end;
    }
    store_release(a->store, c);
    arena_free(&ar);
    return rc;
}

int app_exit_current(struct app *a, const struct actor *by, const char *reg_no, struct arena *ar,
                     struct exit_row *out, int *notified, struct notify_view *note)
{
    struct reg_view r;
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, false);
    if (rc == 0) {
        rc = exitcase__reg(c, by, reg_no, ar, &r);
        if (rc == 0)
            rc = store_exit_in_force(c, r.id, ar, out);
        if (rc == 0)
            *notified = r.exit_notified;
        if (rc == 0 && note) {
            rc = store_notify_of_exit(c, out->id, ar, note);
            if (rc == -ERR_NOT_FOUND)
                rc = 0; /* owes none: note->status stays NULL */
        }
        int end = store_tx_end(c, rc);
        if (rc == 0)
            rc = end;
    }
    store_release(a->store, c);
    return rc;
}
