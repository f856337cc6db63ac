/*
 * quality.c — the reads of the data-quality and timeliness bulletin. See quality.h.
 *
 * Scope test as in stats.c (`scope_region BETWEEN $1 AND $1 || '~'`). The stock is the report's
 * closing-stock condition at day as_of; the person's phone is sealed (store/pii), so "missing"
 * is its stored length: a plaintext row (key_version 0) holds '' and a sealed "" has the fixed
 * length store__pii_sealed_len(0). A decision's day is the local date that starts decided_at
 * ("YYYY-MM-DDTHH:MM:SS+08:00", clock_format).
 */
#include "store/quality.h"

#include "base/err.h"
#include "store/pii.h"

#include <stdio.h>
#include <string.h>

#define QUALITY__SCOPE(col) " " col " BETWEEN $1 AND $1 || '~'"

static const char SQL_QUALITY_STOCK[] =
    "SELECT r.scope_region, p.education, COALESCE(NULLIF(pf.unemployment_reason, ''),"
    " a.unemployment_reason), p.residence_region,"
    " CASE WHEN (p.key_version = 0 AND p.phone = '') OR (p.key_version > 0 AND"
    " length(p.phone) <= $3) THEN 1 ELSE 0 END,"
    " COALESCE(r.first_contact_due, ''), COALESCE(r.first_contact_on, ''),"
    " COALESCE(r.next_contact_due, '')"
    " FROM registration r JOIN person p ON p.id = r.person_id"
    " JOIN application a ON a.id = r.application_id"
    " LEFT JOIN profile pf ON pf.registration_id = r.id"
    " WHERE" QUALITY__SCOPE("r.scope_region") " AND r.registered_on <= $2"
                                              " AND (r.exit_date IS NULL OR r.exit_date > $2)";
#define QUALITY__DECIDED                                                                           \
    " a.status IN ('approved', 'rejected') AND substr(a.decided_at, 1, 10) BETWEEN $2 AND $3"
static const char SQL_QUALITY_APPS[] =
    "SELECT a.scope_region,"
    " SUM(CASE WHEN" QUALITY__DECIDED " THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN" QUALITY__DECIDED " AND substr(a.decided_at, 1, 10) > a.deadline"
    " THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN a.deadline < $3 AND (a.decided_at IS NULL OR"
    " substr(a.decided_at, 1, 10) > $3) THEN 1 ELSE 0 END)"
    " FROM application a WHERE" QUALITY__SCOPE(
        "a.scope_region") " AND a.accepted_on <= $3"
                          " GROUP BY a.scope_region ORDER BY a.scope_region";
static const char SQL_QUALITY_EXITS[] =
    "SELECT e.scope_region, COUNT(*),"
    " SUM(CASE WHEN e.evidence IN ('', '{}', '[]', 'null') THEN 1 ELSE 0 END)"
    " FROM exit_event e WHERE" QUALITY__SCOPE(
        "e.scope_region") " AND e.reverted_at IS NULL"
                          " AND e.exit_date BETWEEN $2 AND $3 GROUP BY e.scope_region ORDER BY "
                          "e.scope_region";
static const char SQL_QUALITY_OUTBOX[] =
    "SELECT a.scope_region,"
    " SUM(CASE WHEN o.created_at < $4 AND (o.status = 'pending' OR o.sent_at > $3)"
    " THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN o.status = 'rejected' AND o.sent_at BETWEEN $2 AND $3 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN o.status = 'succeeded' AND o.sent_at BETWEEN $2 AND $3 THEN 1 ELSE 0 END)"
    " FROM exchange_outbox o JOIN application a ON a.application_no = o.application_no"
    " WHERE" QUALITY__SCOPE("a.scope_region") " AND o.created_at <= $3"
                                              " GROUP BY a.scope_region ORDER BY a.scope_region";

static const char *quality__s(const char *s)
{
    return s ? s : "";
}

int store_quality_stock_each(struct store_conn *c, const char *scope, const char *as_of,
                             store_quality_rec_fn fn, void *arg)
{
    struct store_q *q = store_q_open(c, SQL_QUALITY_STOCK);
    store_q_text(q, 1, scope);
    store_q_text(q, 2, as_of);
    store_q_int(q, 3, (int64_t)store__pii_sealed_len(0));
    int rc;
    while ((rc = store_q_step(q)) == 1) {
        struct store_quality_rec r = {
            .scope_region = quality__s(store_q_col_text(q, 0)),
            .education = quality__s(store_q_col_text(q, 1)),
            .reason = quality__s(store_q_col_text(q, 2)),
            .residence_region = quality__s(store_q_col_text(q, 3)),
            .phone_missing = store_q_col_int(q, 4) != 0,
            .first_contact_due = quality__s(store_q_col_text(q, 5)),
            .first_contact_on = quality__s(store_q_col_text(q, 6)),
            .next_contact_due = quality__s(store_q_col_text(q, 7)),
        };
        rc = fn(&r, arg);
        if (rc != 0)
            break;
    }
    store_q_close(q);
    return rc;
}

int store_quality_apps(struct store_conn *c, const char *scope, const char *start,
                       const char *as_of, store_quality_app_fn fn, void *arg)
{
    struct store_q *q = store_q_open(c, SQL_QUALITY_APPS);
    store_q_text(q, 1, scope);
    store_q_text(q, 2, start);
    store_q_text(q, 3, as_of);
    int rc;
    while ((rc = store_q_step(q)) == 1) {
        rc = fn(quality__s(store_q_col_text(q, 0)), store_q_col_int(q, 1), store_q_col_int(q, 2),
                store_q_col_int(q, 3), arg);
        if (rc != 0)
            break;
    }
    store_q_close(q);
    return rc;
}

int store_quality_exits(struct store_conn *c, const char *scope, const char *start, const char *end,
                        store_quality_exit_fn fn, void *arg)
{
    struct store_q *q = store_q_open(c, SQL_QUALITY_EXITS);
    store_q_text(q, 1, scope);
    store_q_text(q, 2, start);
    store_q_text(q, 3, end);
    int rc;
    while ((rc = store_q_step(q)) == 1) {
        rc = fn(quality__s(store_q_col_text(q, 0)), store_q_col_int(q, 1), store_q_col_int(q, 2),
                arg);
        if (rc != 0)
            break;
    }
    store_q_close(q);
    return rc;
}

int store_quality_outbox(struct store_conn *c, const char *scope, int64_t from, int64_t as_of,
                         int64_t late_before, store_quality_outbox_fn fn, void *arg)
{
    struct store_q *q = store_q_open(c, SQL_QUALITY_OUTBOX);
    store_q_text(q, 1, scope);
    store_q_int(q, 2, from);
    store_q_int(q, 3, as_of);
    store_q_int(q, 4, late_before);
    int rc;
    while ((rc = store_q_step(q)) == 1) {
        rc = fn(quality__s(store_q_col_text(q, 0)), store_q_col_int(q, 1), store_q_col_int(q, 2),
                store_q_col_int(q, 3), arg);
        if (rc != 0)
            break;
    }
    store_q_close(q);
    return rc;
}
