/*
 * dataset.c — reference datasets, verification rows, investigation tasks, compare batches.
 * See dataset.h.
 *
 * Every statement here is a point probe or an append: ref_record by its primary key prefix
 * (source, person_key), ref_import by (source, file_sha256), task by the unique index over open
 * tasks (004_datasets.sql). The compare batches walk application and registration by id with
 * keyset pagination, so each batch is a range read and the whole walk is linear.
 */
#include "store/dataset.h"

#include "base/clock.h"
#include "base/err.h"
#include "store/pii.h"

#include <stdio.h>
#include <string.h>

static const char SQL_REF_IMPORT_BEGIN[] =
    "INSERT INTO ref_import (source, file_name, file_sha256, started_at)"
    " VALUES ($1, $2, $3, $4) RETURNING id";
static const char SQL_REF_IMPORT_UPDATE[] =
    "UPDATE ref_import SET rows_loaded = $2, rows_rejected = $3 WHERE id = $1";
static const char SQL_REF_IMPORT_FINISH[] =
    "UPDATE ref_import SET rows_loaded = $2, rows_rejected = $3, finished_at = $4 WHERE id = $1";
static const char SQL_REF_IMPORT_FIND[] =
    "SELECT id, finished_at FROM ref_import WHERE source = $1 AND file_sha256 = $2"
    " AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1";
static const char SQL_REF_LOADED[] =
    "SELECT DISTINCT source FROM ref_import WHERE finished_at IS NOT NULL ORDER BY source";
static const char SQL_REF_RECORD_PUT[] =
    "INSERT INTO ref_record (source, person_key, event_date, extra, import_id, line)"
    " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING";
static const char SQL_REF_RECORD_EACH[] =
    "SELECT event_date, extra, import_id, line FROM ref_record"
    " WHERE source = $1 AND person_key = $2 ORDER BY event_date DESC, extra DESC";
static const char SQL_VERIFICATION_ADD[] =
    "INSERT INTO verification (application_id, check_name, result, source, evidence, checked_at)"
    " VALUES ($1, $2, $3, $4, $5, $6)";
static const char SQL_TASK_OPEN[] =
    "INSERT INTO task (kind, application_id, scope_region, check_name, status, created_at)"
    " VALUES ('investigation', $1, $2, $3, 'open', $4) ON CONFLICT DO NOTHING";
static const char SQL_TASK_CLOSE_DECIDED[] =
    "UPDATE task SET status = 'done', closed_at = $3, note = 'decided_by_comparison'"
    " WHERE application_id = $1 AND check_name = $2 AND kind = 'investigation'"
    " AND status = 'open'";
static const char SQL_TASK_OPEN_COUNT[] =
    "SELECT COUNT(*) FROM task WHERE application_id = $1 AND status = 'open'";
/* SYSTEM batches: every region (ureg compare). person_key is the blind index of the person's
 * document key, which is also the key of ref_record; no other personal field is read. */
static const char SQL_APP_PENDING_SYSTEM[] =
    "SELECT a.id, a.id, p.person_key, a.unemployed_since, a.scope_region"
    " FROM application a JOIN person p ON p.id = a.person_id"
    " WHERE a.id > $1 AND a.status = 'pending_review' ORDER BY a.id LIMIT $2";
static const char SQL_REG_ACTIVE_SYSTEM[] =
    "SELECT r.id, a.id, p.person_key, a.unemployed_since, r.scope_region"
    " FROM registration r JOIN application a ON a.id = r.application_id"
    " JOIN person p ON p.id = r.person_id"
    " WHERE r.id > $1 AND r.status = 'active' ORDER BY r.id LIMIT $2";

static const char *dataset__now(char buf[CLOCK_STRLEN])
{
    return clock_format(clock_now(), buf);
}

int store_ref_import_begin(struct store_conn *c, const char *source, const char *file_name,
                           const char *sha256, int64_t *id)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_REF_IMPORT_BEGIN);
    store_q_text(q, 1, source);
    store_q_text(q, 2, file_name);
    store_q_text(q, 3, sha256);
    store_q_text(q, 4, dataset__now(now));
    return store_q_one_int(q, id, -ERR_INTERNAL);
}

int store_ref_import_update(struct store_conn *c, int64_t id, int64_t loaded, int64_t rejected,
                            bool finished)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, finished ? SQL_REF_IMPORT_FINISH : SQL_REF_IMPORT_UPDATE);
    store_q_int(q, 1, id);
    store_q_int(q, 2, loaded);
    store_q_int(q, 3, rejected);
    if (finished)
        store_q_text(q, 4, dataset__now(now));
    int rc = store_q_done(q);
    if (rc == 0)
        rc = -ERR_NOT_FOUND;
    return rc < 0 ? rc : 0;
}

int store_ref_import_find(struct store_conn *c, const char *source, const char *sha256, int64_t *id,
                          char *at, size_t atsz)
{
    struct store_q *q = store_q_open(c, SQL_REF_IMPORT_FIND);
    store_q_text(q, 1, source);
    store_q_text(q, 2, sha256);
    int rc = store_q_step(q);
    if (rc == 1) {
        *id = store_q_col_int(q, 0);
        const char *s = store_q_col_text(q, 1);
        if (atsz)
            snprintf(at, atsz, "%s", s ? s : "");
    }
    store_q_close(q);
    return rc;
}

int store_ref_loaded_each(struct store_conn *c, int (*fn)(const char *source, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_REF_LOADED);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        n++;
        if (fn(store_q_col_text(q, 0), arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

int store_ref_record_put(struct store_conn *c, const char *source, const char *person_key,
                         const char *event_date, const char *extra, size_t extra_len,
                         int64_t import_id, long line)
{
    char key[STORE_PII_INDEX_SIZE];
    store_pii_index(person_key, key);
    struct store_q *q = store_q_open(c, SQL_REF_RECORD_PUT);
    store_q_text(q, 1, source);
    store_q_text(q, 2, key);
    store_q_text(q, 3, event_date);
    store_q_textn(q, 4, extra ? extra : "", extra ? extra_len : 0);
    store_q_int(q, 5, import_id);
    store_q_int(q, 6, line);
    int rc = store_q_done(q);
    return rc < 0 ? rc : rc > 0;
}

int store_ref_record_each(struct store_conn *c, const char *source, const char *person_key,
                          int (*fn)(const struct ref_record_row *r, void *arg), void *arg)
{
    char key[STORE_PII_INDEX_SIZE];
    store_pii_index(person_key, key);
    struct store_q *q = store_q_open(c, SQL_REF_RECORD_EACH);
    store_q_text(q, 1, source);
    store_q_text(q, 2, key);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        struct ref_record_row r = {.source = source,
                                   .event_date = store_q_col_text(q, 0),
                                   .extra = store_q_col_text(q, 1),
                                   .import_id = store_q_col_int(q, 2),
                                   .line = (long)store_q_col_int(q, 3)};
        n++;
        if (fn(&r, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

int store_verification_add(struct store_conn *c, int64_t application_id, const char *check_name,
                           const char *result, const char *source, const char *evidence,
                           int64_t now_unix)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_VERIFICATION_ADD);
    store_q_int(q, 1, application_id);
    store_q_text(q, 2, check_name);
    store_q_text(q, 3, result);
    store_q_text(q, 4, source ? source : "");
    store_q_text(q, 5, evidence ? evidence : "{}");
    store_q_text(q, 6, clock_format(now_unix, now));
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_task_open_investigation(struct store_conn *c, int64_t application_id,
                                  const char *scope_region, const char *check_name,
                                  int64_t now_unix)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_TASK_OPEN);
    store_q_int(q, 1, application_id);
    store_q_text(q, 2, scope_region);
    store_q_text(q, 3, check_name);
    store_q_text(q, 4, clock_format(now_unix, now));
    int rc = store_q_done(q);
    return rc < 0 ? rc : rc > 0;
}

int store_task_close_decided(struct store_conn *c, int64_t application_id, const char *check_name,
                             int64_t now_unix)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_TASK_CLOSE_DECIDED);
    store_q_int(q, 1, application_id);
    store_q_text(q, 2, check_name);
    store_q_text(q, 3, clock_format(now_unix, now));
    return store_q_done(q);
}

int store_task_open_count(struct store_conn *c, int64_t application_id)
{
    int64_t n = 0;
    struct store_q *q = store_q_open(c, SQL_TASK_OPEN_COUNT);
    store_q_int(q, 1, application_id);
    int rc = store_q_one_int(q, &n, -ERR_INTERNAL);
    return rc < 0 ? rc : (int)n;
}

static int dataset__cases(struct store_conn *c, const char *sql, int64_t after_id,
                          struct compare_case *out, int max)
{
    struct store_q *q = store_q_open(c, sql);
    store_q_int(q, 1, after_id);
    store_q_int(q, 2, max);
    int rc = 0, n = 0;
    while (n < max && (rc = store_q_step(q)) == 1) {
        struct compare_case *k = &out[n++];
        const char *key = store_q_col_text(q, 2), *since = store_q_col_text(q, 3);
        const char *scope = store_q_col_text(q, 4);
        k->key = store_q_col_int(q, 0);
        k->application_id = store_q_col_int(q, 1);
        snprintf(k->person_key, sizeof k->person_key, "%s", key ? key : "");
        snprintf(k->unemployed_since, sizeof k->unemployed_since, "%s", since ? since : "");
        snprintf(k->scope_region, sizeof k->scope_region, "%s", scope ? scope : "");
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

int store_app_pending_batch_system(struct store_conn *c, int64_t after_id, struct compare_case *out,
                                   int max)
{
    return dataset__cases(c, SQL_APP_PENDING_SYSTEM, after_id, out, max);
}

int store_reg_active_batch_system(struct store_conn *c, int64_t after_id, struct compare_case *out,
                                  int max)
{
    return dataset__cases(c, SQL_REG_ACTIVE_SYSTEM, after_id, out, max);
}
