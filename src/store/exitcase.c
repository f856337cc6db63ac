/*
 * exitcase.c — reverts and proposals in the store. See exitcase.h.
 *
 * The re-claim of the open case is an INSERT ... ON CONFLICT DO NOTHING on person_open's primary
 * key: no row inserted means the person holds another case, and the revert is refused.
 */
#include "store/exitcase.h"

#include "base/clock.h"
#include "base/err.h"

#include <string.h>

static const char SQL_EXIT_REVERT[] =
    "UPDATE exit_event SET reverted_at = $2, reverted_by = $3, revert_reason = $4"
    " WHERE id = $1 AND reverted_at IS NULL";
static const char SQL_EXIT_REG_REOPEN[] =
    "UPDATE registration SET status = 'active', exit_reason = NULL, exit_date = NULL,"
    " exit_note = NULL, exit_notified = NULL WHERE id = $1 AND status = 'exited'";
static const char SQL_EXIT_RECLAIM_OPEN[] =
    "INSERT INTO person_open (person_key, application_no, registration_no)"
    " SELECT p.person_key, a.application_no, r.registration_no FROM registration r"
    " JOIN person p ON p.id = r.person_id JOIN application a ON a.id = r.application_id"
    " WHERE r.id = $1 ON CONFLICT DO NOTHING";
static const char SQL_NOTIFICATION_CANCEL[] =
    "UPDATE notification SET status = 'cancelled', next_attempt_at = NULL"
    " WHERE exit_id = $1 AND status IN ('pending', 'failed')";
#define EXITCASE__PCOLS                                                                            \
    "p.id, p.registration_id, COALESCE(p.decided_by, 0), COALESCE(p.exit_id, 0),"                  \
    " p.scope_region, p.reason_code, p.subkind, p.exit_date, p.source, p.evidence, p.status,"      \
    " p.proposed_at, p.decided_at, p.decision_note, r.registration_no"                             \
    " FROM exit_proposal p JOIN registration r ON r.id = p.registration_id"
static const char SQL_PROPOSAL_GET[] =
    "SELECT " EXITCASE__PCOLS " WHERE p.id = $1 AND p.scope_region BETWEEN $2 AND $2 || '~'";
static const char SQL_PROPOSAL_LIST[] =
    "SELECT " EXITCASE__PCOLS " WHERE p.scope_region BETWEEN $1 AND $1 || '~'"
    " AND ($2 = '' OR p.status = $2) AND ($3 = 0 OR p.registration_id = $3)"
    " ORDER BY p.id DESC LIMIT $4";
static const char SQL_PROPOSAL_DISMISS[] =
    "UPDATE exit_proposal SET status = 'dismissed', decided_by = $2, decided_at = $3,"
    " decision_note = $4 WHERE id = $1 AND status = 'open'";

static const char *exitcase__s(const char *s)
{
    return s ? s : "";
}

/* A statement that changes one row or none: none is -ERR_CONFLICT. */
static int exitcase__one(struct store_q *q)
{
    int rc = store_q_done(q);
    return rc < 0 ? rc : rc == 0 ? -ERR_CONFLICT : 0;
}

int store_exit_revert(struct store_conn *c, int64_t exit_id, int64_t by, const char *reason,
                      int64_t now_unix)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_EXIT_REVERT);
    store_q_int(q, 1, exit_id);
    store_q_text(q, 2, clock_format(now_unix, now));
    if (by > 0)
        store_q_int(q, 3, by);
    else
        store_q_null(q, 3);
    store_q_text(q, 4, exitcase__s(reason));
    return exitcase__one(q);
}

int store_exit_reg_reopen(struct store_conn *c, int64_t id)
{
    struct store_q *q = store_q_open(c, SQL_EXIT_REG_REOPEN);
    store_q_int(q, 1, id);
    return exitcase__one(q);
}

int store_exit_reclaim_open(struct store_conn *c, int64_t id)
{
    struct store_q *q = store_q_open(c, SQL_EXIT_RECLAIM_OPEN);
    store_q_int(q, 1, id);
    return exitcase__one(q);
}

int store_notification_cancel(struct store_conn *c, int64_t exit_id)
{
    struct store_q *q = store_q_open(c, SQL_NOTIFICATION_CANCEL);
    store_q_int(q, 1, exit_id);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

/* The current row of a proposal query, its strings borrowed from q. */
static void exitcase__prow(struct store_q *q, struct exit_proposal_row *p)
{
    *p = (struct exit_proposal_row){.id = store_q_col_int(q, 0),
                                    .registration_id = store_q_col_int(q, 1),
                                    .decided_by = store_q_col_int(q, 2),
                                    .exit_id = store_q_col_int(q, 3),
                                    .scope_region = exitcase__s(store_q_col_text(q, 4)),
                                    .reason_code = exitcase__s(store_q_col_text(q, 5)),
                                    .subkind = exitcase__s(store_q_col_text(q, 6)),
                                    .exit_date = exitcase__s(store_q_col_text(q, 7)),
                                    .source = exitcase__s(store_q_col_text(q, 8)),
                                    .evidence = exitcase__s(store_q_col_text(q, 9)),
                                    .status = exitcase__s(store_q_col_text(q, 10)),
                                    .proposed_at = exitcase__s(store_q_col_text(q, 11)),
                                    .decided_at = store_q_col_text(q, 12),
                                    .decision_note = exitcase__s(store_q_col_text(q, 13))};
}

int store_exit_proposal_get(struct store_conn *c, const char *scope, int64_t id, struct arena *ar,
                            struct exit_proposal_row *out)
{
    struct store_q *q = store_q_open(c, SQL_PROPOSAL_GET);
    store_q_int(q, 1, id);
    store_q_text(q, 2, exitcase__s(scope));
    int rc = store_q_step(q);
    if (rc == 1) {
        struct exit_proposal_row p;
        exitcase__prow(q, &p);
        *out = p;
        out->scope_region = arena_strdup(ar, p.scope_region);
        out->reason_code = arena_strdup(ar, p.reason_code);
        out->subkind = arena_strdup(ar, p.subkind);
        out->exit_date = arena_strdup(ar, p.exit_date);
        out->source = arena_strdup(ar, p.source);
        out->evidence = arena_strdup(ar, p.evidence);
        out->status = arena_strdup(ar, p.status);
        out->proposed_at = arena_strdup(ar, p.proposed_at);
        out->decided_at = p.decided_at ? arena_strdup(ar, p.decided_at) : NULL;
        out->decision_note = arena_strdup(ar, p.decision_note);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

int store_exit_proposal_dismiss(struct store_conn *c, int64_t id, int64_t by, const char *note,
                                int64_t now_unix)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_PROPOSAL_DISMISS);
    store_q_int(q, 1, id);
    if (by > 0)
        store_q_int(q, 2, by);
    else
        store_q_null(q, 2);
    store_q_text(q, 3, clock_format(now_unix, now));
    store_q_text(q, 4, exitcase__s(note));
    return exitcase__one(q);
}

int store_exit_proposal_list(
    struct store_conn *c, const char *scope, const char *status, int64_t registration_id, int limit,
    int (*fn)(const struct exit_proposal_row *p, const char *reg_no, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_PROPOSAL_LIST);
    store_q_text(q, 1, exitcase__s(scope));
    store_q_text(q, 2, exitcase__s(status));
    store_q_int(q, 3, registration_id);
    store_q_int(q, 4, limit);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        struct exit_proposal_row p;
        exitcase__prow(q, &p);
        rc = fn(&p, exitcase__s(store_q_col_text(q, 14)), arg);
        if (rc < 0)
            break;
        n++;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}
