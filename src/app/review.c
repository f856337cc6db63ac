/*
 * review.c — queue, application view, decision, status lookup. See review.h.
 */
#include "app/review.h"

#include "app/app_priv.h"
#include "app/case.h"
#include "app/exchange.h"
#include "app/intake.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/err.h"
#include "base/utf8.h"
#include "rules/intake.h"
#include "rules/vocab.h"
#include "rules/workday.h"
#include "store/usage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void app_review_deadline(struct app *a, const char *status, const char *deadline, bool *overdue,
                         int *workdays_left)
{
    int32_t d = 0, today = clock_today();
    int left = 0;
    if (deadline && date_parse(deadline, strlen(deadline), &d) == 0)
        workday_between(a->cal, today, d, &left);
    *workdays_left = left;
    *overdue = vocab_app_status_is_open(status) && d != 0 && today > d;
}

int app_review_get(struct app *a, const struct actor *by, const char *no, bool reveal,
                   const char *reason, struct arena *ar, struct review_view *out)
{
    memset(out, 0, sizeof *out);
    int rc = app__person_read_check(by, reveal, reason);
    if (rc < 0)
        return rc;
    struct store_conn *c = store_acquire(a->store);
    rc = store_app_get(c, by->scope, no, ar, &out->app);
    if (rc == 0) /* audited before the data is returned */
        rc = app__person_read_audit(c, by, reveal, reason, "application", no, out->app.person_id);
    if (rc == 0)
        rc = store_person_get(c, out->app.person_id, reveal, ar, &out->person);
    store_release(a->store, c);
    if (rc < 0)
        return rc;
    date_parse(out->app.deadline, strlen(out->app.deadline), &out->deadline);
    app_review_deadline(a, out->app.status, out->app.deadline, &out->overdue, &out->workdays_left);
    return 0;
}

struct review__usage {
    const char *no, *hash;
    int limit;
    int (*fn)(const struct usage_row *r, void *arg);
    void *arg;
};

static int review__usage_on(struct store_conn *c, void *arg)
{
    struct review__usage *u = arg;
    struct arena ar;
    arena_init(&ar);
    struct application app;
    int rc = store_app_get_by_code(c, u->no, u->hash, &ar, &app);
    if (rc == 0)
        rc = store_usage_each(c, app.person_id, u->limit, u->fn, u->arg);
    arena_free(&ar);
    return rc;
}

int app_review_data_usage(struct app *a, const char *no, const char *query_code, int limit,
                          int (*fn)(const struct usage_row *r, void *arg), void *arg)
{
    char hash[65];
    if (!query_code || !*query_code)
        return -ERR_NOT_FOUND;
    app_intake_code_hash(query_code, hash);
    struct review__usage u = {no, hash, limit, fn, arg};
    /* From the primary: the reads were audited there a moment ago. */
    struct store_conn *c = store_acquire(a->store);
    int rc = review__usage_on(c, &u);
    store_release(a->store, c);
    return rc < 0 ? rc : 0;
}

int app_review_checks(struct app *a, const struct review_view *v,
                      int (*vfn)(const struct verification_row *r, void *arg), void *varg,
                      int (*tfn)(const struct task_row *r, void *arg), void *targ)
{
    struct store_conn *c = store_acquire(a->store);
    int rc = store_app_verifications(c, v->app.id, vfn, varg);
    if (rc >= 0)
        rc = store_app_tasks(c, v->app.id, tfn, targ);
    store_release(a->store, c);
    return rc < 0 ? rc : 0;
}

struct review__page {
    int (*fn)(const struct app_list_row *r, void *arg);
    void *arg;
    const struct app_list_query *q;
    int seen, limit;
    char last_deadline[DATE_STRLEN];
    char last_no[INTAKE_NO_SIZE];
};

static int review__row(const struct app_list_row *r, void *arg)
{
    struct review__page *p = arg;
    if (++p->seen > p->limit)
        return 1; /* the extra row only says there is a next page */
    snprintf(p->last_deadline, sizeof p->last_deadline, "%s", r->deadline);
    snprintf(p->last_no, sizeof p->last_no, "%s", r->application_no);
    return p->fn(r, p->arg);
}

static int review__list_on(struct store_conn *c, void *arg)
{
    struct review__page *p = arg;
    return store_app_list(c, p->q, review__row, p);
}

int app_review_list(struct app *a, const struct actor *by, const char *status, bool overdue,
                    const char *cursor, int limit,
                    int (*fn)(const struct app_list_row *r, void *arg), void *arg,
                    char *next_cursor)
{
    char today[DATE_STRLEN], after_deadline[DATE_STRLEN] = "", after_no[INTAKE_NO_SIZE] = "";
    next_cursor[0] = '\0';
    if (limit < 1 || limit > 100)
        return -ERR_FIELD_INVALID;
    if (cursor && *cursor) {
        const char *bar = strchr(cursor, '|');
        if (!bar || bar - cursor != 10 || strlen(bar + 1) >= sizeof after_no)
            return -ERR_FIELD_INVALID;
        memcpy(after_deadline, cursor, 10);
        after_deadline[10] = '\0';
        snprintf(after_no, sizeof after_no, "%s", bar + 1);
    }
    struct app_list_query q = {
        .scope = by->scope,
        .status = status,
        .overdue_on = overdue ? date_format(clock_today(), today) : NULL,
        .after_deadline = after_deadline,
        .after_no = after_no,
        .limit = limit + 1,
    };
    struct review__page page = {.fn = fn, .arg = arg, .limit = limit, .q = &q};
    /* The queue tolerates replication lag: the replica's when there is one. */
    int rc = app__read(a, false, review__list_on, &page);
    if (rc < 0)
        return rc;
    if (page.seen > limit)
        snprintf(next_cursor, 48, "%s|%s", page.last_deadline, page.last_no);
    return 0;
}

int app_review_decide(struct app *a, const struct actor *by, const char *no, const char *decision,
                      const char *reason, char *reg_no, struct err_ctx *ec)
{
    struct arena ar;
    struct application app;
    char person_key[32];
    bool approve = decision && strcmp(decision, "approve") == 0;
    int64_t now = clock_now();
    reg_no[0] = '\0';
    if (!decision || (!approve && strcmp(decision, "reject") != 0))
        return err_set(ec, decision ? -ERR_FIELD_INVALID : -ERR_FIELD_REQUIRED, "decision");
    if (!approve && (!reason || !*reason))
        return err_set(ec, -ERR_FIELD_REQUIRED, "reason");
    if (reason && strlen(reason) > 1000)
        return err_set(ec, -ERR_FIELD_INVALID, "reason");

    arena_init(&ar);
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc < 0)
        goto out;
    rc = store_app_get(c, by->scope, no, &ar, &app);
    if (rc == 0 && vocab_app_status_parse(app.status) != APP_STATUS_PENDING_REVIEW)
        rc = -ERR_APPLICATION_DECIDED;
    if (rc == 0)
        rc = store_app_person_key(c, app.person_id, person_key, sizeof person_key);
    if (rc == 0) {
        struct app_case_decision d = {
            .scope = by->scope,
            .application_id = app.id,
            .person_id = app.person_id,
            .person_key = person_key,
            .register_region = app.register_region,
            .scope_region = app.scope_region,
            .approve = approve,
            .reason = reason,
            .agency_id = app.agency_id ? app.agency_id : by->agency_id,
            .decided_by = by->user_id,
            .ui_benefit = app.ui_benefit,
            .difficulty = app.difficulty,
            .unemployment_reason = app.unemployment_reason,
            .details = app.details,
            .first_contact_due = app__first_contact_due(a, clock_date_of(now)),
            .now = now,
        };
        rc = app__case_decide(c, &d, reg_no);
    }
    /* 审核结果上传 (notice §7): every decision, whatever its channel, goes to the national
     * platform through the outbox, written in the decision's own transaction. */
    if (rc == 0)
        rc = app__exchange_enqueue_decision(
            c, &app, vocab_app_status_name(approve ? APP_STATUS_APPROVED : APP_STATUS_REJECTED),
            reason, reg_no, now);
    if (rc == 0)
        rc = app_audit(c, by, now, "application.decide", "application", no,
                       json_pack("{s:s, s:s}", "decision", approve ? "approve" : "reject",
                                 "registration_no", reg_no));
    rc = store_tx_end(c, rc);
out:
    store_release(a->store, c);
    arena_free(&ar);
    if (rc < 0)
        reg_no[0] = '\0';
    return rc;
}

struct review__status {
    const char *no, *hash;
    struct arena *ar;
    struct application *out;
};

static int review__status_on(struct store_conn *c, void *arg)
{
    struct review__status *st = arg;
    return store_app_get_by_code(c, st->no, st->hash, st->ar, st->out);
}

int app_review_status(struct app *a, const char *no, const char *query_code, struct arena *ar,
                      struct application *out)
{
    char hash[65];
    if (!query_code || !*query_code)
        return -ERR_NOT_FOUND;
    app_intake_code_hash(query_code, hash);
    struct review__status st = {no, hash, ar, out};
    /* From the replica; a miss there asks the primary, so an applicant who looks right after
     * submitting finds the application the replica has not received yet. */
    return app__read(a, true, review__status_on, &st);
}
