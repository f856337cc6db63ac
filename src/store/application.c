/*
 * application.c — applications, registrations, open-case claims, numbering. See
 * application.h.
 *
 * Scope test: `scope_region BETWEEN $scope AND $scope || '~'` selects exactly the codes that
 * start with the prefix (codes are digits, '~' sorts after every digit), and lets the index on
 * scope_region serve it. Load: one claim, two counters and one insert per submission; the queue
 * reads one page (≤ 100 rows) at a time.
 */
#include "store/application.h"

#include "base/buf.h"
#include "base/clock.h"
#include "base/err.h"
#include "rules/intake.h"
#include "rules/mask.h"
#include "store/person.h"
#include "store/pii.h"
#include "store/stats.h"

#include <stdio.h>
#include <string.h>

static const char SQL_SERIAL_NEXT[] =
    "INSERT INTO serial (name, value) VALUES ($1, 1)"
    " ON CONFLICT (name) DO UPDATE SET value = serial.value + 1 RETURNING value";
/* DO NOTHING instead of failing: the primary key still decides, and on PostgreSQL a failed
 * statement would abort the whole transaction (the caller reads the winner next). */
static const char SQL_OPEN_CLAIM[] =
    "INSERT INTO person_open (person_key, application_no) VALUES ($1, $2)"
    " ON CONFLICT (person_key) DO NOTHING";
static const char SQL_OPEN_GET[] =
    "SELECT application_no, COALESCE(registration_no, '') FROM person_open WHERE person_key = $1";
static const char SQL_OPEN_SET_REG[] =
    "UPDATE person_open SET registration_no = $2 WHERE person_key = $1";
static const char SQL_OPEN_RELEASE[] = "DELETE FROM person_open WHERE person_key = $1";
static const char SQL_OPEN_REASSIGN[] = "UPDATE person_open SET application_no = $2"
                                        " WHERE person_key = $1 AND registration_no IS NULL";
static const char SQL_APP_SET_ASIDE[] =
    "UPDATE application SET status = 'withdrawn', decision_reason = $2, decided_at = $3"
    " WHERE application_no = $1 AND status IN ('submitted', 'verifying', 'pending_review')"
    " AND NOT EXISTS (SELECT 1 FROM application_identity i"
    " WHERE i.application_id = application.id AND i.verified = 1) RETURNING id";
static const char SQL_APP_IDENTITY_PUT[] =
    "INSERT INTO application_identity (application_id, verified, provider, set_aside_for)"
    " VALUES ($1, $2, $3, $4) ON CONFLICT (application_id) DO UPDATE"
    " SET set_aside_for = excluded.set_aside_for";
static const char SQL_APP_INSERT[] =
    "INSERT INTO application (application_no, national_no, person_id, channel, status,"
    " register_region, scope_region, register_basis, agency_id, accepted_by, unemployed_since,"
    " unemployment_reason, commitment_at, ui_benefit, difficulty, details, query_code_hash,"
    " submitted_at, accepted_on, deadline)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,"
    " $19, $20) ON CONFLICT DO NOTHING RETURNING id";
#define APP__COLUMNS                                                                               \
    "a.id, a.person_id, COALESCE(a.agency_id, 0), COALESCE(a.accepted_by, 0),"                     \
    " COALESCE(a.decided_by, 0), a.application_no, a.national_no, a.channel, a.status,"            \
    " a.register_region, a.scope_region, a.register_basis, a.unemployed_since,"                    \
    " a.unemployment_reason, a.commitment_at, a.difficulty, a.details, a.query_code_hash,"         \
    " a.submitted_at, a.accepted_on, a.deadline, a.decided_at, a.decision_reason,"                 \
    " a.registration_no, a.ui_benefit, a.key_version, COALESCE(i.verified, 0), i.provider,"        \
    " i.set_aside_for"
#define APP__FROM "application a LEFT JOIN application_identity i ON i.application_id = a.id"
/* The details JSON (health, disability grade, last employer, ...) sealed after the insert,
 * whose id the associated data names (store/pii). */
static const char SQL_APP_SEAL[] =
    "UPDATE application SET details = $2, key_version = $3 WHERE id = $1";
static const char SQL_APP_STALE[] =
    "SELECT id, details, key_version FROM application WHERE id > $1 AND key_version <> $2"
    " ORDER BY id LIMIT $3";
static const char SQL_APP_RESEAL[] = "UPDATE application SET details = $2, key_version = $3"
                                     " WHERE id = $1 AND key_version = $4 AND details = $5";
static const char SQL_APP_STALE_COUNT[] =
    "SELECT COUNT(*) FROM application WHERE key_version <> $1";
static const char SQL_APP_GET[] =
    "SELECT " APP__COLUMNS " FROM " APP__FROM " WHERE a.application_no = $1"
    " AND a.scope_region BETWEEN $2 AND $2 || '~'";
/* Many by id ($1 a list of ids, store_ids_param). */
static const char SQL_APP_GET_IDS_SQLITE[] =
    "SELECT " APP__COLUMNS " FROM " APP__FROM " WHERE" STORE_IDS_IN_SQLITE("a.id") " ORDER BY a.id";
static const char SQL_APP_GET_IDS_PG[] =
    "SELECT " APP__COLUMNS " FROM " APP__FROM " WHERE" STORE_IDS_IN_PG("a.id") " ORDER BY a.id";
static const char SQL_APP_GET_BY_NATIONAL[] =
    "SELECT " APP__COLUMNS " FROM " APP__FROM " WHERE a.national_no = $1";
static const char SQL_APP_GET_BY_CODE[] =
    "SELECT " APP__COLUMNS " FROM " APP__FROM " WHERE a.application_no = $1"
    " AND a.query_code_hash = $2";
/* The queue: the person's name is read only to be masked before it leaves the store
 * (person.c's rule), through mask_name. */
static const char SQL_APP_LIST[] =
    "SELECT a.application_no, a.status, a.channel, a.deadline, a.register_region,"
    " a.submitted_at, p.name, p.id, p.key_version,"
    " COALESCE(SUM(CASE WHEN v.result = 'pass' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN v.result = 'fail' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN v.result = 'unknown' THEN 1 ELSE 0 END), 0),"
    " COALESCE(i.verified, 0), i.provider, a.national_no"
    " FROM application a JOIN person p ON p.id = a.person_id"
    " LEFT JOIN application_identity i ON i.application_id = a.id"
    " LEFT JOIN verification v ON v.application_id = a.id AND v.id = (SELECT MAX(w.id)"
    " FROM verification w WHERE w.application_id = a.id AND w.check_name = v.check_name)"
    " WHERE a.scope_region BETWEEN $1 AND $1 || '~'"
    " AND (($2 = '' AND a.status IN ('submitted', 'verifying', 'pending_review'))"
    " OR a.status = $2)"
    " AND ($3 = '' OR a.deadline < $3)"
    " AND (a.deadline > $4 OR (a.deadline = $4 AND a.application_no > $5))"
    " GROUP BY a.id, a.application_no, a.status, a.channel, a.deadline, a.register_region,"
    " a.submitted_at, p.name, p.id, p.key_version, i.verified, i.provider, a.national_no"
    " ORDER BY a.deadline, a.application_no LIMIT $6";
static const char SQL_APP_DECIDE[] =
    "UPDATE application SET status = $3, decision_reason = $4, decided_by = $5,"
    " decided_at = $6, registration_no = $7"
    " WHERE id = $1 AND status = 'pending_review' AND scope_region BETWEEN $2 AND $2 || '~'";
static const char SQL_REG_INSERT[] =
    "INSERT INTO registration (registration_no, application_id, person_id, register_region,"
    " scope_region, agency_id, caseworker_id, status, registered_on, ui_benefit, difficulty,"
    " first_contact_due)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id";
static const char SQL_PERSON_KEY[] = "SELECT person_key FROM person WHERE id = $1";
static const char SQL_APP_VERIFICATIONS[] =
    "SELECT check_name, result, source, evidence, checked_at FROM verification"
    " WHERE id IN (SELECT MAX(id) FROM verification WHERE application_id = $1"
    " GROUP BY check_name) ORDER BY id";
static const char SQL_APP_TASKS[] =
    "SELECT id, check_name, status, created_at FROM task WHERE application_id = $1 ORDER BY id";

static const char *app__s(const char *s)
{
    return s ? s : "";
}

int store_serial_next(struct store_conn *c, const char *name, long *out)
{
    struct store_q *q = store_q_open(c, SQL_SERIAL_NEXT);
    store_q_text(q, 1, name);
    int rc = store_q_step(q);
    if (rc == 1) {
        *out = (long)store_q_col_int(q, 0);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_INTERNAL;
    }
    store_q_close(q);
    return rc;
}

int store_open_claim(struct store_conn *c, const char *person_key, const char *application_no,
                     char *existing_app, char *existing_reg)
{
    char key[STORE_PII_INDEX_SIZE];
    store_pii_index(person_key, key);
    struct store_q *q = store_q_open(c, SQL_OPEN_CLAIM);
    store_q_text(q, 1, key);
    store_q_text(q, 2, application_no);
    int rc = store_q_done(q);
    if (rc != 0)
        return rc < 0 ? rc : 0; /* 1: claimed */
    q = store_q_open(c, SQL_OPEN_GET);
    store_q_text(q, 1, key);
    if (store_q_step(q) == 1) {
        snprintf(existing_app, INTAKE_NO_SIZE, "%s", app__s(store_q_col_text(q, 0)));
        snprintf(existing_reg, INTAKE_NO_SIZE, "%s", app__s(store_q_col_text(q, 1)));
    }
    store_q_close(q);
    return -ERR_CONFLICT;
}

int store_open_set_registration(struct store_conn *c, const char *person_key,
                                const char *registration_no)
{
    char key[STORE_PII_INDEX_SIZE];
    store_pii_index(person_key, key);
    struct store_q *q = store_q_open(c, SQL_OPEN_SET_REG);
    store_q_text(q, 1, key);
    store_q_text(q, 2, registration_no);
    int rc = store_q_done(q);
    return rc < 0 ? rc : rc == 1 ? 0 : -ERR_INTERNAL;
}

int store_open_release(struct store_conn *c, const char *person_key)
{
    char key[STORE_PII_INDEX_SIZE];
    store_pii_index(person_key, key);
    struct store_q *q = store_q_open(c, SQL_OPEN_RELEASE);
    store_q_text(q, 1, key);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_open_reassign(struct store_conn *c, const char *person_key, const char *application_no)
{
    char key[STORE_PII_INDEX_SIZE];
    store_pii_index(person_key, key);
    struct store_q *q = store_q_open(c, SQL_OPEN_REASSIGN);
    store_q_text(q, 1, key);
    store_q_text(q, 2, application_no);
    int rc = store_q_done(q);
    return rc < 0 ? rc : rc == 1 ? 0 : -ERR_CONFLICT;
}

/* The identity row of an application: verified by `provider`, or set aside for `for_no`. */
static int app__identity_put(struct store_conn *c, int64_t application_id, bool verified,
                             const char *provider, const char *for_no)
{
    struct store_q *q = store_q_open(c, SQL_APP_IDENTITY_PUT);
    store_q_int(q, 1, application_id);
    store_q_int(q, 2, verified);
    store_q_text(q, 3, verified ? provider : NULL);
    store_q_text(q, 4, for_no);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_app_set_aside(struct store_conn *c, const char *no, const char *for_no,
                        const char *reason, int64_t now_unix)
{
    char now[CLOCK_STRLEN];
    int64_t id;
    struct store_q *q = store_q_open(c, SQL_APP_SET_ASIDE);
    store_q_text(q, 1, no);
    store_q_text(q, 2, reason);
    store_q_text(q, 3, clock_format(now_unix, now));
    int rc = store_q_one_int(q, &id, -ERR_CONFLICT); /* verified, or no longer open */
    if (rc == 0)
        rc = app__identity_put(c, id, false, NULL, for_no);
    return rc;
}

/* Bind an id that is 0 for "none" as NULL. */
static void app__bind_id(struct store_q *q, int idx, int64_t v)
{
    if (v)
        store_q_int(q, idx, v);
    else
        store_q_null(q, idx);
}

int store_app_insert(struct store_conn *c, const struct application *a, int64_t *id)
{
    struct store_q *q = store_q_open(c, SQL_APP_INSERT);
    store_q_text(q, 1, a->application_no);
    store_q_text(q, 2, a->national_no && *a->national_no ? a->national_no : NULL);
    store_q_int(q, 3, a->person_id);
    store_q_text(q, 4, a->channel);
    store_q_text(q, 5, a->status);
    store_q_text(q, 6, a->register_region);
    store_q_text(q, 7, a->scope_region);
    store_q_text(q, 8, a->register_basis);
    app__bind_id(q, 9, a->agency_id);
    app__bind_id(q, 10, a->accepted_by);
    store_q_text(q, 11, a->unemployed_since);
    store_q_text(q, 12, a->unemployment_reason);
    store_q_text(q, 13, a->commitment_at);
    store_q_int(q, 14, a->ui_benefit);
    store_q_text(q, 15, a->difficulty ? a->difficulty : "[]");
    store_q_text(q, 16, ""); /* sealed below, once the id is known */
    store_q_text(q, 17, a->query_code_hash);
    store_q_text(q, 18, a->submitted_at);
    store_q_text(q, 19, a->accepted_on);
    store_q_text(q, 20, a->deadline);
    int rc = store_q_one_int(q, id, -ERR_CONFLICT); /* no row: the number was taken */
    if (rc < 0)
        return rc;
    int version;
    if ((rc = store_pii_version(c, &version)) < 0)
        return rc;
    struct buf b = {0};
    store__pii_seal("application", "details", *id, version, a->details ? a->details : "{}", &b);
    q = store_q_open(c, SQL_APP_SEAL);
    store_q_int(q, 1, *id);
    store_q_text(q, 2, buf_cstr(&b));
    store_q_int(q, 3, version);
    rc = store_q_done(q);
    buf_free(&b);
    if (rc < 0)
        return rc;
    if (rc != 1)
        return -ERR_INTERNAL;
    if (a->identity_verified)
        rc = app__identity_put(c, *id, true, a->identity_provider, NULL);
    return rc < 0 ? rc : 0;
}

/* Fill *a from q's row (strings from ar), the details decrypted. -ERR_PII_DECRYPT. */
static int app__row(struct store_q *q, struct arena *ar, struct application *a)
{
    memset(a, 0, sizeof *a);
    a->id = store_q_col_int(q, 0);
    a->person_id = store_q_col_int(q, 1);
    a->agency_id = store_q_col_int(q, 2);
    a->accepted_by = store_q_col_int(q, 3);
    a->decided_by = store_q_col_int(q, 4);
    const char **f[] = {
        &a->application_no,      &a->national_no,     &a->channel,        &a->status,
        &a->register_region,     &a->scope_region,    &a->register_basis, &a->unemployed_since,
        &a->unemployment_reason, &a->commitment_at,   &a->difficulty,     &a->details,
        &a->query_code_hash,     &a->submitted_at,    &a->accepted_on,    &a->deadline,
        &a->decided_at,          &a->decision_reason, &a->registration_no};
    for (int i = 0; i < (int)(sizeof f / sizeof *f); i++) {
        const char *v = store_q_col_text(q, 5 + i);
        *f[i] = v ? arena_strdup(ar, v) : NULL;
    }
    a->ui_benefit = store_q_col_int(q, 24) != 0;
    a->identity_verified = store_q_col_int(q, 26) != 0;
    const char *prov = store_q_col_text(q, 27), *aside = store_q_col_text(q, 28);
    a->identity_provider = prov ? arena_strdup(ar, prov) : NULL;
    a->set_aside_for = aside ? arena_strdup(ar, aside) : NULL;
    return store__pii_open("application", "details", a->id, (int)store_q_col_int(q, 25),
                           store_q_col_text(q, 16), ar, &a->details);
}

static int app__one(struct store_q *q, struct arena *ar, struct application *out)
{
    int rc = store_q_step(q);
    if (rc == 1) {
        rc = app__row(q, ar, out);
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

int store_app_get(struct store_conn *c, const char *scope, const char *no, struct arena *ar,
                  struct application *out)
{
    struct store_q *q = store_q_open(c, SQL_APP_GET);
    store_q_text(q, 1, no);
    store_q_text(q, 2, scope);
    return app__one(q, ar, out);
}

int store_app_each_id(struct store_conn *c, const int64_t *ids, size_t n, struct arena *ar,
                      int (*fn)(const struct application *a, void *arg), void *arg)
{
    struct buf list = {0};
    bool pg = strcmp(store_conn_dialect(c), "pg") == 0;
    struct store_q *q = store_q_open(c, pg ? SQL_APP_GET_IDS_PG : SQL_APP_GET_IDS_SQLITE);
    store_q_text(q, 1, store_ids_param(c, ids, n, &list));
    int rc;
    while ((rc = store_q_step(q)) == 1) {
        struct application a;
        rc = app__row(q, ar, &a);
        if (rc == 0)
            rc = fn(&a, arg);
        if (rc != 0)
            break;
    }
    store_q_close(q);
    buf_free(&list);
    return rc < 0 ? rc : 0;
}

int store_app_get_by_code(struct store_conn *c, const char *no, const char *code_hash,
                          struct arena *ar, struct application *out)
{
    struct store_q *q = store_q_open(c, SQL_APP_GET_BY_CODE);
    store_q_text(q, 1, no);
    store_q_text(q, 2, code_hash);
    return app__one(q, ar, out);
}

int store_app_get_by_national_system(struct store_conn *c, const char *national_no,
                                     struct arena *ar, struct application *out)
{
    struct store_q *q = store_q_open(c, SQL_APP_GET_BY_NATIONAL);
    store_q_text(q, 1, national_no);
    return app__one(q, ar, out);
}

int store_app_list(struct store_conn *c, const struct app_list_query *lq,
                   int (*fn)(const struct app_list_row *r, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_APP_LIST);
    store_q_text(q, 1, lq->scope);
    store_q_text(q, 2, lq->status ? lq->status : "");
    store_q_text(q, 3, lq->overdue_on ? lq->overdue_on : "");
    store_q_text(q, 4, lq->after_deadline ? lq->after_deadline : "");
    store_q_text(q, 5, lq->after_no ? lq->after_no : "");
    store_q_int(q, 6, lq->limit);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        struct app_list_row r = {
            .application_no = store_q_col_text(q, 0),
            .status = store_q_col_text(q, 1),
            .channel = store_q_col_text(q, 2),
            .deadline = store_q_col_text(q, 3),
            .register_region = store_q_col_text(q, 4),
            .submitted_at = store_q_col_text(q, 5),
            .checks_pass = (int)store_q_col_int(q, 9),
            .checks_fail = (int)store_q_col_int(q, 10),
            .checks_unknown = (int)store_q_col_int(q, 11),
            .identity_verified = store_q_col_int(q, 12) != 0,
            .identity_provider = store_q_col_text(q, 13),
            .national_no = store_q_col_text(q, 14),
        };
        rc = store_person_name_masked(store_q_col_int(q, 7), (int)store_q_col_int(q, 8),
                                      store_q_col_text(q, 6), r.name_masked, sizeof r.name_masked);
        if (rc < 0)
            break;
        n++;
        if (fn(&r, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

int store_app_decide(struct store_conn *c, const char *scope, int64_t id, const char *status,
                     const char *reason, int64_t decided_by, int64_t now_unix,
                     const char *registration_no)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_APP_DECIDE);
    store_q_int(q, 1, id);
    store_q_text(q, 2, scope);
    store_q_text(q, 3, status);
    store_q_text(q, 4, reason && *reason ? reason : NULL);
    app__bind_id(q, 5, decided_by);
    store_q_text(q, 6, clock_format(now_unix, now));
    store_q_text(q, 7, registration_no && *registration_no ? registration_no : NULL);
    int rc = store_q_done(q);
    return rc < 0 ? rc : rc == 1 ? 0 : -ERR_APPLICATION_DECIDED;
}

int store_reg_insert(struct store_conn *c, const struct registration *r, int64_t *id)
{
    struct store_q *q = store_q_open(c, SQL_REG_INSERT);
    store_q_text(q, 1, r->registration_no);
    store_q_int(q, 2, r->application_id);
    store_q_int(q, 3, r->person_id);
    store_q_text(q, 4, r->register_region);
    store_q_text(q, 5, r->scope_region);
    app__bind_id(q, 6, r->agency_id);
    app__bind_id(q, 7, r->caseworker_id);
    store_q_text(q, 8, r->status);
    store_q_text(q, 9, r->registered_on);
    store_q_int(q, 10, r->ui_benefit);
    store_q_text(q, 11, r->difficulty ? r->difficulty : "[]");
    store_q_text(q, 12, r->first_contact_due); /* NULL stays NULL */
    int rc = store_q_one_int(q, id, -ERR_INTERNAL);
    /* The report's keys from person and application (migration 056). */
    return rc < 0 ? rc : store_stats_keys_of_registration(c, *id);
}

int store_app_person_key(struct store_conn *c, int64_t person_id, char *out, size_t outsz)
{
    struct store_q *q = store_q_open(c, SQL_PERSON_KEY);
    store_q_int(q, 1, person_id);
    int rc = store_q_step(q);
    if (rc == 1) {
        snprintf(out, outsz, "%s", app__s(store_q_col_text(q, 0)));
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

int store_app_verifications(struct store_conn *c, int64_t application_id,
                            int (*fn)(const struct verification_row *r, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_APP_VERIFICATIONS);
    store_q_int(q, 1, application_id);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        struct verification_row r = {store_q_col_text(q, 0), store_q_col_text(q, 1),
                                     store_q_col_text(q, 2), store_q_col_text(q, 3),
                                     store_q_col_text(q, 4)};
        n++;
        if (fn(&r, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

int store_app_tasks(struct store_conn *c, int64_t application_id,
                    int (*fn)(const struct task_row *r, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_APP_TASKS);
    store_q_int(q, 1, application_id);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        struct task_row r = {store_q_col_int(q, 0), store_q_col_text(q, 1), store_q_col_text(q, 2),
                             store_q_col_text(q, 3)};
        n++;
        if (fn(&r, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

static const char SQL_APP_COUNT_BY_STATUS[] =
    "SELECT status, count(*), coalesce(sum(CASE WHEN deadline < $1 THEN 1 ELSE 0 END), 0)"
    " FROM application GROUP BY status";

int store_app_count_by_status_system(struct store_conn *c, const char *today,
                                     void (*fn)(const char *status, int64_t n,
                                                int64_t past_deadline, void *arg),
                                     void *arg)
{
    struct store_q *q = store_q_open(c, SQL_APP_COUNT_BY_STATUS);
    store_q_text(q, 1, today);
    int rc;
    while ((rc = store_q_step(q)) == 1)
        fn(store_q_col_text(q, 0), store_q_col_int(q, 1), store_q_col_int(q, 2), arg);
    store_q_close(q);
    return rc < 0 ? rc : 0;
}

int store_app_reseal_batch(struct store_conn *c, int version, int64_t after_id, int max,
                           int64_t *last_id)
{
    struct arena ar;
    arena_init(&ar);
    *last_id = after_id;
    struct store_q *q = store_q_open(c, SQL_APP_STALE);
    store_q_int(q, 1, after_id);
    store_q_int(q, 2, version);
    store_q_int(q, 3, max);
    int64_t *ids = arena_alloc(&ar, (size_t)(max > 0 ? max : 1) * sizeof *ids);
    int *olds = arena_alloc(&ar, (size_t)(max > 0 ? max : 1) * sizeof *olds);
    const char **plain = arena_alloc(&ar, (size_t)(max > 0 ? max : 1) * sizeof *plain);
    const char **guard = arena_alloc(&ar, (size_t)(max > 0 ? max : 1) * sizeof *guard);
    int rc = 0, n_rows = 0, n = 0;
    while (n_rows < max && (rc = store_q_step(q)) == 1) {
        int k = n_rows++;
        ids[k] = store_q_col_int(q, 0);
        olds[k] = (int)store_q_col_int(q, 2);
        guard[k] = arena_strdup(&ar, app__s(store_q_col_text(q, 1)));
        if ((rc = store__pii_open("application", "details", ids[k], olds[k], guard[k], &ar,
                                  &plain[k])) < 0)
            break;
    }
    store_q_close(q);
    struct buf b = {0};
    for (int k = 0; k < n_rows && rc >= 0; k++) {
        store__pii_seal("application", "details", ids[k], version, plain[k], &b);
        struct store_q *u = store_q_open(c, SQL_APP_RESEAL);
        store_q_int(u, 1, ids[k]);
        store_q_text(u, 2, buf_cstr(&b));
        store_q_int(u, 3, version);
        store_q_int(u, 4, olds[k]);
        store_q_text(u, 5, guard[k]);
        rc = store_q_done(u);
        n += rc > 0;
        *last_id = ids[k];
    }
    buf_free(&b);
    arena_free(&ar);
    return rc < 0 ? rc : n;
}

int store_app_stale_count(struct store_conn *c, int version, int64_t *n)
{
    struct store_q *q = store_q_open(c, SQL_APP_STALE_COUNT);
    store_q_int(q, 1, version);
    return store_q_one_int(q, n, -ERR_INTERNAL);
}
