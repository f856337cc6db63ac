/*
 * record.c — service records, contacts and the due list. See record.h.
 *
 * Load: a registration has tens of records over its life; its lists are one index range each
 * (service_record_registration, contact_registration). The due list is a UNION ALL of one
 * branch per kind of due item, each an index range over the region (registration_scope with
 * the open first contacts, service_record_followup), sorted and cut at the limit: a new kind of
 * due item (issue 9's monthly follow-up, a plan's steps) is one more branch.
 */
#include "store/record.h"

#include "store/person.h"

#include "base/clock.h"
#include "base/err.h"

#include <string.h>

static const char SQL_SERVICE_INSERT[] =
    "INSERT INTO service_record (registration_id, scope_region, type, service_date, content,"
    " outcome, link_kind, link_id, followup_due, corrects, recorded_by, recorded_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    " ON CONFLICT DO NOTHING RETURNING id";
#define SERVICE__COLS                                                                              \
    "s.id, s.registration_id, COALESCE(s.link_id, 0), COALESCE(s.corrects, 0),"                    \
    " COALESCE(s.recorded_by, 0), s.scope_region, s.type, s.service_date, s.content, s.outcome,"   \
    " s.link_kind, s.followup_due, s.recorded_at, COALESCE(u.username, ''),"                       \
    " COALESCE((SELECT x.id FROM service_record x WHERE x.corrects = s.id), 0),"                   \
    " COALESCE((SELECT MIN(f.id) FROM service_record f WHERE f.link_kind = 'service'"              \
    " AND f.link_id = s.id), 0)"
static const char SQL_SERVICE_GET[] =
    "SELECT " SERVICE__COLS " FROM service_record s LEFT JOIN app_user u ON u.id = s.recorded_by"
    " WHERE s.id = $1 AND s.registration_id = $2 AND s.scope_region BETWEEN $3 AND $3 || '~'";
static const char SQL_SERVICE_LIST[] =
    "SELECT " SERVICE__COLS " FROM service_record s LEFT JOIN app_user u ON u.id = s.recorded_by"
    " WHERE s.registration_id = $1 ORDER BY s.service_date DESC, s.id DESC";
static const char SQL_SERVICE_FOLLOWUP_LIVE[] =
    "SELECT COALESCE(MAX(f.id), 0) FROM service_record f WHERE f.link_kind = 'service'"
    " AND f.link_id = $1 AND NOT EXISTS (SELECT 1 FROM service_record x WHERE x.corrects = f.id)";
static const char SQL_CONTACT_INSERT[] =
    "INSERT INTO contact (registration_id, scope_region, contact_date, method, result, note,"
    " recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
static const char SQL_CONTACT_LIST[] =
    "SELECT c.id, c.registration_id, COALESCE(c.recorded_by, 0), c.scope_region, c.contact_date,"
    " c.method, c.result, c.note, c.recorded_at, COALESCE(u.username, ''), c.report_kind,"
    " c.employer FROM contact c LEFT JOIN app_user u ON u.id = c.recorded_by"
    " WHERE c.registration_id = $1 ORDER BY c.contact_date DESC, c.id DESC";
/* The person's name is read only to be masked here (store_person_name_masked). One branch per
 * kind of due item: the first contact (79号), a service's follow-up, a tracked service's next
 * step (store/track: plan steps and any item given a due date). */
static const char SQL_DUE_LIST[] =
    "SELECT kind, registration_no, due_on, ref_id, caseworker_id, agency_id, caseworker_name,"
    " name, person_id, key_version FROM ("
    " SELECT 'first_contact' AS kind, r.registration_no AS registration_no,"
    "  r.first_contact_due AS due_on, 0 AS ref_id, COALESCE(r.caseworker_id, 0) AS caseworker_id,"
    "  COALESCE(r.agency_id, 0) AS agency_id, COALESCE(u.username, '') AS caseworker_name,"
    "  p.name AS name, p.id AS person_id, p.key_version AS key_version"
    "  FROM registration r JOIN person p ON p.id = r.person_id"
    "  LEFT JOIN app_user u ON u.id = r.caseworker_id"
    "  WHERE r.scope_region BETWEEN $1 AND $1 || '~' AND r.status = 'active'"
    "  AND r.first_contact_on IS NULL AND r.first_contact_due IS NOT NULL"
    "  AND ($2 = 0 OR r.caseworker_id = $2) AND ($3 = 0 OR r.agency_id = $3)"
    "  AND ($4 = '' OR r.first_contact_due <= $4)"
    " UNION ALL"
    " SELECT 'service_followup', r.registration_no, s.followup_due, s.id,"
    "  COALESCE(r.caseworker_id, 0), COALESCE(r.agency_id, 0), COALESCE(u.username, ''), p.name,"
    "  p.id, p.key_version"
    "  FROM service_record s JOIN registration r ON r.id = s.registration_id"
    "  JOIN person p ON p.id = r.person_id LEFT JOIN app_user u ON u.id = r.caseworker_id"
    "  WHERE s.scope_region BETWEEN $1 AND $1 || '~' AND s.followup_due IS NOT NULL"
    "  AND r.status = 'active'"
    "  AND NOT EXISTS (SELECT 1 FROM service_record x WHERE x.corrects = s.id)"
    "  AND NOT EXISTS (SELECT 1 FROM service_record f WHERE f.link_kind = 'service'"
    "   AND f.link_id = s.id)"
    "  AND ($2 = 0 OR r.caseworker_id = $2) AND ($3 = 0 OR r.agency_id = $3)"
    "  AND ($4 = '' OR s.followup_due <= $4)"
    " UNION ALL"
    " SELECT 'tracked_item', r.registration_no, t.due_on, t.id,"
    "  COALESCE(r.caseworker_id, 0), COALESCE(r.agency_id, 0), COALESCE(u.username, ''), p.name,"
    "  p.id, p.key_version"
    "  FROM track_item t JOIN registration r ON r.id = t.registration_id"
    "  JOIN person p ON p.id = r.person_id LEFT JOIN app_user u ON u.id = r.caseworker_id"
    "  WHERE t.scope_region BETWEEN $1 AND $1 || '~' AND t.closed_on IS NULL"
    "  AND t.due_on IS NOT NULL AND r.status = 'active'"
    "  AND ($2 = 0 OR r.caseworker_id = $2) AND ($3 = 0 OR r.agency_id = $3)"
    "  AND ($4 = '' OR t.due_on <= $4)"
    /* issue 9: the monthly follow-up, due on the cached next contact day (store/followup) */
    " UNION ALL"
    " SELECT 'monthly_followup', r.registration_no, r.next_contact_due, 0,"
    "  COALESCE(r.caseworker_id, 0), COALESCE(r.agency_id, 0), COALESCE(u.username, ''), p.name,"
    "  p.id, p.key_version"
    "  FROM registration r JOIN person p ON p.id = r.person_id"
    "  LEFT JOIN app_user u ON u.id = r.caseworker_id"
    "  WHERE r.scope_region BETWEEN $1 AND $1 || '~' AND r.status = 'active'"
    "  AND r.next_contact_due IS NOT NULL"
    "  AND ($2 = 0 OR r.caseworker_id = $2) AND ($3 = 0 OR r.agency_id = $3)"
    "  AND ($4 = '' OR r.next_contact_due <= $4)"
    ") d ORDER BY due_on, registration_no, ref_id LIMIT $5";

static const char *record__s(const char *s)
{
    return s ? s : "";
}

static void record__bind_id(struct store_q *q, int idx, int64_t v)
{
    if (v)
        store_q_int(q, idx, v);
    else
        store_q_null(q, idx);
}

int store_service_insert(struct store_conn *c, const struct service_row *s, int64_t now_unix,
                         int64_t *id)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_SERVICE_INSERT);
    store_q_int(q, 1, s->registration_id);
    store_q_text(q, 2, s->scope_region);
    store_q_text(q, 3, s->type);
    store_q_text(q, 4, s->service_date);
    store_q_text(q, 5, record__s(s->content));
    store_q_text(q, 6, record__s(s->outcome));
    store_q_text(q, 7, record__s(s->link_kind));
    record__bind_id(q, 8, s->link_id);
    store_q_text(q, 9, s->followup_due);
    record__bind_id(q, 10, s->corrects);
    record__bind_id(q, 11, s->recorded_by);
    store_q_text(q, 12, clock_format(now_unix, now));
    return store_q_one_int(q, id, -ERR_CONFLICT);
}

/* A service row from the columns of SERVICE__COLS; strings valid until the next step. */
static void record__service_row(struct store_q *q, struct service_row *o)
{
    o->id = store_q_col_int(q, 0);
    o->registration_id = store_q_col_int(q, 1);
    o->link_id = store_q_col_int(q, 2);
    o->corrects = store_q_col_int(q, 3);
    o->recorded_by = store_q_col_int(q, 4);
    const char **text[] = {&o->scope_region, &o->type,        &o->service_date,
                           &o->content,      &o->outcome,     &o->link_kind,
                           &o->followup_due, &o->recorded_at, &o->recorded_by_name};
    for (int i = 0; i < (int)(sizeof text / sizeof *text); i++)
        *text[i] = store_q_col_text(q, 5 + i);
    o->corrected_by = store_q_col_int(q, 14);
    o->followed_up_by = store_q_col_int(q, 15);
}

int store_service_get(struct store_conn *c, const char *scope, int64_t registration_id, int64_t id,
                      struct arena *ar, struct service_row *out)
{
    memset(out, 0, sizeof *out);
    struct store_q *q = store_q_open(c, SQL_SERVICE_GET);
    store_q_int(q, 1, id);
    store_q_int(q, 2, registration_id);
    store_q_text(q, 3, scope ? scope : "");
    int rc = store_q_step(q);
    if (rc == 1) {
        record__service_row(q, out);
        const char **text[] = {&out->scope_region, &out->type,        &out->service_date,
                               &out->content,      &out->outcome,     &out->link_kind,
                               &out->followup_due, &out->recorded_at, &out->recorded_by_name};
        for (int i = 0; i < (int)(sizeof text / sizeof *text); i++)
            *text[i] = *text[i] ? arena_strdup(ar, *text[i]) : NULL;
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

int store_service_list(struct store_conn *c, int64_t registration_id,
                       int (*fn)(const struct service_row *r, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_SERVICE_LIST);
    store_q_int(q, 1, registration_id);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        struct service_row r;
        record__service_row(q, &r);
        n++;
        if (fn(&r, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

int store_service_followup_live(struct store_conn *c, int64_t id, int64_t *out)
{
    struct store_q *q = store_q_open(c, SQL_SERVICE_FOLLOWUP_LIVE);
    store_q_int(q, 1, id);
    return store_q_one_int(q, out, -ERR_INTERNAL);
}

int store_contact_insert(struct store_conn *c, const struct contact_row *r, int64_t now_unix,
                         int64_t *id)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_CONTACT_INSERT);
    store_q_int(q, 1, r->registration_id);
    store_q_text(q, 2, r->scope_region);
    store_q_text(q, 3, r->contact_date);
    store_q_text(q, 4, r->method);
    store_q_text(q, 5, r->result);
    store_q_text(q, 6, record__s(r->note));
    record__bind_id(q, 7, r->recorded_by);
    store_q_text(q, 8, clock_format(now_unix, now));
    return store_q_one_int(q, id, -ERR_INTERNAL);
}

int store_contact_list(struct store_conn *c, int64_t registration_id,
                       int (*fn)(const struct contact_row *r, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_CONTACT_LIST);
    store_q_int(q, 1, registration_id);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        struct contact_row r = {
            .id = store_q_col_int(q, 0),
            .registration_id = store_q_col_int(q, 1),
            .recorded_by = store_q_col_int(q, 2),
            .scope_region = store_q_col_text(q, 3),
            .contact_date = store_q_col_text(q, 4),
            .method = store_q_col_text(q, 5),
            .result = store_q_col_text(q, 6),
            .note = store_q_col_text(q, 7),
            .recorded_at = store_q_col_text(q, 8),
            .recorded_by_name = store_q_col_text(q, 9),
            .report_kind = store_q_col_text(q, 10),
            .employer = store_q_col_text(q, 11),
        };
        n++;
        if (fn(&r, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

int store_due_list(struct store_conn *c, const struct due_query *dq,
                   int (*fn)(const struct due_row *r, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_DUE_LIST);
    store_q_text(q, 1, dq->scope);
    store_q_int(q, 2, dq->caseworker_id);
    store_q_int(q, 3, dq->agency_id);
    store_q_text(q, 4, record__s(dq->until));
    store_q_int(q, 5, dq->limit);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        struct due_row r = {
            .kind = store_q_col_text(q, 0),
            .registration_no = store_q_col_text(q, 1),
            .due_on = store_q_col_text(q, 2),
            .ref_id = store_q_col_int(q, 3),
            .caseworker_id = store_q_col_int(q, 4),
            .agency_id = store_q_col_int(q, 5),
            .caseworker_name = store_q_col_text(q, 6),
        };
        rc = store_person_name_masked(store_q_col_int(q, 8), (int)store_q_col_int(q, 9),
                                      store_q_col_text(q, 7), r.name_masked, sizeof r.name_masked);
        if (rc < 0)
            break;
        n++;
        if (fn(&r, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}
