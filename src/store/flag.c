/*
 * flag.c — false-information flags and credit records in the store. See flag.h.
 *
 * Scope test as in application.c (`scope_region BETWEEN $scope AND $scope || '~'`). At most one
 * open flag per application and check is the partial unique index false_info_flag_open; at
 * most one live (draft or submitted) credit record per flag is credit_record_live.
 */
#include "store/flag.h"

#include "base/clock.h"
#include "base/err.h"
#include "store/person.h"

#include <stdio.h>
#include <string.h>

static const char SQL_FLAG_CASE[] =
    "SELECT a.commitment_at, a.scope_region, r.id FROM application a"
    " LEFT JOIN registration r ON r.application_id = a.id WHERE a.id = $1";
static const char SQL_FLAG_KNOWN[] =
    "SELECT COUNT(*) FROM false_info_flag WHERE application_id = $1 AND check_kind = $2"
    " AND (status IN ('open', 'confirmed') OR evidence_key = $3)";
static const char SQL_FLAG_INSERT[] =
    "INSERT INTO false_info_flag (application_id, registration_id, scope_region, check_kind,"
    " evidence, evidence_key, status, raised_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7)"
    " RETURNING id";
#define FLAG__COLS                                                                                 \
    "f.id, f.application_id, f.registration_id, f.reviewed_by, a.application_no,"                  \
    " r.registration_no, f.scope_region, f.check_kind, f.evidence, f.status, f.raised_at,"         \
    " f.reviewed_at, f.note, u.username, p.id, p.key_version, p.name"
#define FLAG__FROM                                                                                 \
    " FROM false_info_flag f JOIN application a ON a.id = f.application_id"                        \
    " JOIN person p ON p.id = a.person_id"                                                         \
    " LEFT JOIN registration r ON r.application_id = f.application_id"                             \
    " LEFT JOIN app_user u ON u.id = f.reviewed_by"
static const char SQL_FLAG_GET[] =
    "SELECT " FLAG__COLS FLAG__FROM " WHERE f.id = $1 AND f.scope_region BETWEEN $2 AND $2 || '~'";
static const char SQL_FLAG_EACH[] =
    "SELECT " FLAG__COLS FLAG__FROM " WHERE f.scope_region BETWEEN $1 AND $1 || '~'"
    " AND ($2 = '' OR f.status = $2)"
    " AND ($3 = '' OR a.application_no = $3)"
    " AND ($4 = '' OR r.registration_no = $4)"
    " ORDER BY f.id DESC LIMIT $5";
static const char SQL_FLAG_REVIEW[] =
    "UPDATE false_info_flag SET status = $2, reviewed_by = $3, reviewed_at = $4, note = $5"
    " WHERE id = $1 AND status = 'open'";
static const char SQL_CREDIT_INSERT[] =
    "INSERT INTO credit_record (flag_id, scope_region, facts, status, created_by, created_at)"
    " VALUES ($1, $2, $3, 'draft', $4, $5) RETURNING id";
#define CREDIT__COLS                                                                               \
    "c.id, c.flag_id, c.created_by, c.decided_by, c.scope_region, c.facts, c.status,"              \
    " c.created_at, c.decided_at, c.withdraw_reason, c.exported_at, uc.username, ud.username,"     \
    " f.check_kind, a.application_no, r.registration_no, f.evidence"
#define CREDIT__FROM                                                                               \
    " FROM credit_record c JOIN false_info_flag f ON f.id = c.flag_id"                             \
    " JOIN application a ON a.id = f.application_id"                                               \
    " LEFT JOIN registration r ON r.application_id = f.application_id"                             \
    " LEFT JOIN app_user uc ON uc.id = c.created_by LEFT JOIN app_user ud ON ud.id = c.decided_by"
static const char SQL_CREDIT_GET[] = "SELECT " CREDIT__COLS CREDIT__FROM
                                     " WHERE c.id = $1 AND c.scope_region BETWEEN $2 AND $2 || '~'";
static const char SQL_CREDIT_EACH[] =
    "SELECT " CREDIT__COLS CREDIT__FROM " WHERE c.scope_region BETWEEN $1 AND $1 || '~'"
    " AND ($2 = '' OR c.status = $2)"
    " AND ($3 = 0 OR c.flag_id = $3) ORDER BY c.id";
static const char SQL_CREDIT_MOVE[] =
    "UPDATE credit_record SET status = $3, decided_by = $4, decided_at = $5,"
    " withdraw_reason = $6 WHERE id = $1 AND status = $2";
static const char SQL_CREDIT_EXPORTED[] =
    "UPDATE credit_record SET exported_at = $2"
    " WHERE scope_region BETWEEN $1 AND $1 || '~' AND status = 'submitted'";

int store_flag_case(struct store_conn *c, int64_t application_id, struct flag_case *out)
{
    memset(out, 0, sizeof *out);
    struct store_q *q = store_q_open(c, SQL_FLAG_CASE);
    store_q_int(q, 1, application_id);
    int rc = store_q_step(q);
    if (rc == 1) {
        const char *at = store_q_col_text(q, 0), *sr = store_q_col_text(q, 1);
        snprintf(out->commitment_at, sizeof out->commitment_at, "%s", at ? at : "");
        snprintf(out->scope_region, sizeof out->scope_region, "%s", sr ? sr : "");
        out->registration_id = store_q_col_null(q, 2) ? 0 : store_q_col_int(q, 2);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

int store_flag_known(struct store_conn *c, int64_t application_id, const char *check,
                     const char *evidence_key)
{
    int64_t n = 0;
    struct store_q *q = store_q_open(c, SQL_FLAG_KNOWN);
    store_q_int(q, 1, application_id);
    store_q_text(q, 2, check);
    store_q_text(q, 3, evidence_key);
    int rc = store_q_one_int(q, &n, -ERR_INTERNAL);
    return rc < 0 ? rc : n > 0;
}

int store_flag_insert(struct store_conn *c, int64_t application_id, int64_t registration_id,
                      const char *scope_region, const char *check, const char *evidence,
                      const char *evidence_key, int64_t now, int64_t *id)
{
    char at[CLOCK_STRLEN];
    clock_format(now, at);
    struct store_q *q = store_q_open(c, SQL_FLAG_INSERT);
    store_q_int(q, 1, application_id);
    if (registration_id > 0)
        store_q_int(q, 2, registration_id);
    else
        store_q_null(q, 2);
    store_q_text(q, 3, scope_region);
    store_q_text(q, 4, check);
    store_q_text(q, 5, evidence);
    store_q_text(q, 6, evidence_key);
    store_q_text(q, 7, at);
    return store_q_one_int(q, id, -ERR_INTERNAL);
}

static int64_t flag__int(struct store_q *q, int col)
{
    return store_q_col_null(q, col) ? 0 : store_q_col_int(q, col);
}

/* The row of FLAG__COLS at q into *f; strings are q's. */
static void flag__row(struct store_q *q, struct flag_row *f)
{
    memset(f, 0, sizeof *f);
    f->id = store_q_col_int(q, 0);
    f->application_id = store_q_col_int(q, 1);
    f->registration_id = flag__int(q, 2);
    f->reviewed_by = flag__int(q, 3);
    const char **text[] = {
        &f->application_no, &f->registration_no, &f->scope_region, &f->check, &f->evidence,
        &f->status,         &f->raised_at,       &f->reviewed_at,  &f->note,  &f->reviewer};
    for (int i = 0; i < (int)(sizeof text / sizeof *text); i++)
        *text[i] = store_q_col_text(q, 4 + i);
    store_person_name_masked(store_q_col_int(q, 14), (int)store_q_col_int(q, 15),
                             store_q_col_text(q, 16), f->name_masked, sizeof f->name_masked);
}

static const char *flag__dup(struct arena *ar, const char *s)
{
    return s ? arena_strdup(ar, s) : NULL;
}

int store_flag_get(struct store_conn *c, const char *scope, int64_t id, struct arena *ar,
                   struct flag_row *out)
{
    struct store_q *q = store_q_open(c, SQL_FLAG_GET);
    store_q_int(q, 1, id);
    store_q_text(q, 2, scope);
    int rc = store_q_step(q);
    if (rc == 1) {
        flag__row(q, out);
        const char **text[] = {&out->application_no, &out->registration_no, &out->scope_region,
                               &out->check,          &out->evidence,        &out->status,
                               &out->raised_at,      &out->reviewed_at,     &out->note,
                               &out->reviewer};
        for (int i = 0; i < (int)(sizeof text / sizeof *text); i++)
            *text[i] = flag__dup(ar, *text[i]);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

int store_flag_each(struct store_conn *c, const char *scope, const char *status,
                    const char *application_no, const char *registration_no, int limit,
                    int (*fn)(const struct flag_row *f, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_FLAG_EACH);
    store_q_text(q, 1, scope);
    store_q_text(q, 2, status ? status : "");
    store_q_text(q, 3, application_no ? application_no : "");
    store_q_text(q, 4, registration_no ? registration_no : "");
    store_q_int(q, 5, limit);
    int rc;
    while ((rc = store_q_step(q)) == 1) {
        struct flag_row f;
        flag__row(q, &f);
        rc = fn(&f, arg);
        if (rc != 0)
            break;
    }
    store_q_close(q);
    return rc;
}

int store_flag_review(struct store_conn *c, int64_t id, const char *status, int64_t by,
                      const char *note, int64_t now)
{
    char at[CLOCK_STRLEN];
    clock_format(now, at);
    struct store_q *q = store_q_open(c, SQL_FLAG_REVIEW);
    store_q_int(q, 1, id);
    store_q_text(q, 2, status);
    store_q_int(q, 3, by);
    store_q_text(q, 4, at);
    store_q_text(q, 5, note ? note : "");
    return store_q_done(q);
}

int store_credit_insert(struct store_conn *c, int64_t flag_id, const char *scope_region,
                        const char *facts, int64_t by, int64_t now, int64_t *id)
{
    char at[CLOCK_STRLEN];
    clock_format(now, at);
    struct store_q *q = store_q_open(c, SQL_CREDIT_INSERT);
    store_q_int(q, 1, flag_id);
    store_q_text(q, 2, scope_region);
    store_q_text(q, 3, facts);
    store_q_int(q, 4, by);
    store_q_text(q, 5, at);
    return store_q_one_int(q, id, -ERR_INTERNAL);
}

/* The row of CREDIT__COLS at q into *r; strings are q's. */
static void credit__row(struct store_q *q, struct credit_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = store_q_col_int(q, 0);
    r->flag_id = store_q_col_int(q, 1);
    r->created_by = flag__int(q, 2);
    r->decided_by = flag__int(q, 3);
    const char **text[] = {
        &r->scope_region,    &r->facts,           &r->status,  &r->created_at, &r->decided_at,
        &r->withdraw_reason, &r->exported_at,     &r->creator, &r->decider,    &r->check,
        &r->application_no,  &r->registration_no, &r->evidence};
    for (int i = 0; i < (int)(sizeof text / sizeof *text); i++)
        *text[i] = store_q_col_text(q, 4 + i);
}

int store_credit_get(struct store_conn *c, const char *scope, int64_t id, struct arena *ar,
                     struct credit_row *out)
{
    struct store_q *q = store_q_open(c, SQL_CREDIT_GET);
    store_q_int(q, 1, id);
    store_q_text(q, 2, scope);
    int rc = store_q_step(q);
    if (rc == 1) {
        credit__row(q, out);
        const char **text[] = {&out->scope_region, &out->facts,          &out->status,
                               &out->created_at,   &out->decided_at,     &out->withdraw_reason,
                               &out->exported_at,  &out->creator,        &out->decider,
                               &out->check,        &out->application_no, &out->registration_no,
                               &out->evidence};
        for (int i = 0; i < (int)(sizeof text / sizeof *text); i++)
            *text[i] = flag__dup(ar, *text[i]);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

int store_credit_move(struct store_conn *c, int64_t id, const char *from, const char *to,
                      int64_t by, const char *reason, int64_t now)
{
    char at[CLOCK_STRLEN];
    clock_format(now, at);
    struct store_q *q = store_q_open(c, SQL_CREDIT_MOVE);
    store_q_int(q, 1, id);
    store_q_text(q, 2, from);
    store_q_text(q, 3, to);
    store_q_int(q, 4, by);
    store_q_text(q, 5, at);
    store_q_text(q, 6, reason ? reason : "");
    return store_q_done(q);
}

int store_credit_each(struct store_conn *c, const char *scope, const char *status, int64_t flag_id,
                      int (*fn)(const struct credit_row *r, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_CREDIT_EACH);
    store_q_text(q, 1, scope);
    store_q_text(q, 2, status ? status : "");
    store_q_int(q, 3, flag_id);
    int rc;
    while ((rc = store_q_step(q)) == 1) {
        struct credit_row r;
        credit__row(q, &r);
        rc = fn(&r, arg);
        if (rc != 0)
            break;
    }
    store_q_close(q);
    return rc;
}

int store_credit_mark_exported(struct store_conn *c, const char *scope, int64_t now)
{
    char at[CLOCK_STRLEN];
    clock_format(now, at);
    struct store_q *q = store_q_open(c, SQL_CREDIT_EXPORTED);
    store_q_text(q, 1, scope);
    store_q_text(q, 2, at);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}
