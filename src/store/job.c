/*
 * job.c — vacancies. See job.h.
 *
 * Reads are scoped like applications (`scope_region BETWEEN $scope AND $scope || '~'`). Lists
 * page by id, newest first (keyset: `id < $before`), so a page is one index range on both
 * backends. "Open on a day" is status open, valid_from <= day <= valid_until, openings > 0.
 */
#include "store/job.h"

#include "base/clock.h"
#include "base/err.h"
#include "store/application.h"

#include <string.h>

#define JOB__COLS                                                                                  \
    "id, title, employer, occupation, region, salary_min, salary_max, openings, valid_from,"       \
    " valid_until, education_min, skills, requirements, status, scope_region, agency_id,"          \
    " created_by, created_at, source, closed_at, close_reason"

static const char SQL_JOB_INSERT[] =
    "INSERT INTO job (title, employer, occupation, region, salary_min, salary_max, openings,"
    " valid_from, valid_until, education_min, skills, requirements, status, scope_region,"
    " agency_id, created_by, created_at, source)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', $13, $14, $15, $16, $17)"
    " RETURNING id";
static const char SQL_JOB_GET[] = "SELECT " JOB__COLS " FROM job WHERE id = $1"
                                  " AND scope_region BETWEEN $2 AND $2 || '~'";
static const char SQL_JOB_LIST[] =
    "SELECT " JOB__COLS " FROM job"
    " WHERE scope_region BETWEEN $1 AND $1 || '~'"
    " AND ($2 = '' OR status = $2)"
    " AND ($3 = '' OR (status = 'open' AND valid_from <= $3 AND valid_until >= $3"
    " AND openings > 0))"
    " AND ($4 = '' OR occupation BETWEEN $4 AND $4 || '~')"
    " AND ($5 = '' OR region BETWEEN $5 AND $5 || '~')"
    " AND ($6 = '' OR title LIKE '%' || $6 || '%' OR employer LIKE '%' || $6 || '%')"
    " AND ($7 = 0 OR id < $7)"
    " ORDER BY id DESC LIMIT $8";
static const char SQL_JOB_CLOSE[] =
    "UPDATE job SET status = $3, close_reason = $4, closed_by = $5, closed_at = $6"
    " WHERE id = $1 AND status = 'open' AND scope_region BETWEEN $2 AND $2 || '~'";
static const char SQL_JOB_OPEN_PAGE[] =
    "SELECT " JOB__COLS " FROM job"
    " WHERE status = 'open' AND valid_from <= $1 AND valid_until >= $1 AND openings > 0"
    " AND id > $2 ORDER BY id LIMIT $3";
static const char SQL_JOB_VERSION[] = "SELECT value FROM serial WHERE name = 'jobs'";

static const char *job__s(const char *s)
{
    return s ? s : "";
}

int store_job_insert(struct store_conn *c, const struct job *j, int64_t now_unix, int64_t *id)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_JOB_INSERT);
    const char *text[] = {j->title, j->employer, j->occupation, j->region};
    for (int i = 0; i < 4; i++)
        store_q_text(q, 1 + i, job__s(text[i]));
    store_q_int(q, 5, j->salary_min);
    store_q_int(q, 6, j->salary_max);
    store_q_int(q, 7, j->openings);
    const char *more[] = {j->valid_from, j->valid_until,  j->education_min,
                          j->skills,     j->requirements, j->scope_region};
    for (int i = 0; i < 6; i++)
        store_q_text(q, 8 + i, job__s(more[i]));
    if (j->agency_id > 0)
        store_q_int(q, 14, j->agency_id);
    else
        store_q_null(q, 14);
    if (j->created_by > 0)
        store_q_int(q, 15, j->created_by);
    else
        store_q_null(q, 15);
    store_q_text(q, 16, clock_format(now_unix, now));
    store_q_text(q, 17, j->source ? j->source : "entry");
    return store_q_one_int(q, id, -ERR_INTERNAL);
}

/* Fill *j from the current row of a JOB__COLS query; strings point into the row (valid until
 * the next step) unless `ar` is given, which copies them. */
static void job__row(struct store_q *q, struct arena *ar, struct job *j)
{
    const char **text[] = {&j->title,        &j->employer,    &j->occupation,    &j->region,
                           &j->valid_from,   &j->valid_until, &j->education_min, &j->skills,
                           &j->requirements, &j->status,      &j->scope_region,  &j->created_at,
                           &j->source};
    static const int cols[] = {1, 2, 3, 4, 8, 9, 10, 11, 12, 13, 14, 17, 18};
    memset(j, 0, sizeof *j);
    j->id = store_q_col_int(q, 0);
    for (int i = 0; i < (int)(sizeof cols / sizeof *cols); i++) {
        const char *v = job__s(store_q_col_text(q, cols[i]));
        *text[i] = ar ? arena_strdup(ar, v) : v;
    }
    j->salary_min = store_q_col_int(q, 5);
    j->salary_max = store_q_col_int(q, 6);
    j->openings = store_q_col_int(q, 7);
    j->agency_id = store_q_col_int(q, 15);
    j->created_by = store_q_col_int(q, 16);
    const char *closed = store_q_col_text(q, 19), *why = store_q_col_text(q, 20);
    j->closed_at = closed ? (ar ? arena_strdup(ar, closed) : closed) : NULL;
    j->close_reason = why ? (ar ? arena_strdup(ar, why) : why) : NULL;
}

int store_job_get(struct store_conn *c, const char *scope, int64_t id, struct arena *ar,
                  struct job *out)
{
    memset(out, 0, sizeof *out);
    struct store_q *q = store_q_open(c, SQL_JOB_GET);
    store_q_int(q, 1, id);
    store_q_text(q, 2, job__s(scope));
    int rc = store_q_step(q);
    if (rc == 1) {
        job__row(q, ar, out);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

/* Step q to its end calling fn per row; the number of rows or the error. Closes q. */
static int job__each(struct store_q *q, int (*fn)(const struct job *j, void *arg), void *arg)
{
    int rc, n = 0;
    struct job j;
    while ((rc = store_q_step(q)) == 1) {
        job__row(q, NULL, &j);
        n++;
        if (fn(&j, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

int store_job_list(struct store_conn *c, const struct job_list_query *lq,
                   int (*fn)(const struct job *j, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_JOB_LIST);
    const char *text[] = {lq->scope, lq->status, lq->open_on, lq->occupation, lq->region, lq->text};
    for (int i = 0; i < 6; i++)
        store_q_text(q, 1 + i, job__s(text[i]));
    store_q_int(q, 7, lq->before_id);
    store_q_int(q, 8, lq->limit);
    return job__each(q, fn, arg);
}

int store_job_close(struct store_conn *c, const char *scope, int64_t id, const char *status,
                    const char *reason, int64_t by, int64_t now_unix)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_JOB_CLOSE);
    store_q_int(q, 1, id);
    store_q_text(q, 2, job__s(scope));
    store_q_text(q, 3, status);
    store_q_text(q, 4, job__s(reason));
    if (by > 0)
        store_q_int(q, 5, by);
    else
        store_q_null(q, 5);
    store_q_text(q, 6, clock_format(now_unix, now));
    return store_q_done(q);
}

int store_job_open_page(struct store_conn *c, const char *day, int64_t after_id, int limit,
                        int (*fn)(const struct job *j, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_JOB_OPEN_PAGE);
    store_q_text(q, 1, day);
    store_q_int(q, 2, after_id);
    store_q_int(q, 3, limit);
    return job__each(q, fn, arg);
}

int store_job_version(struct store_conn *c, int64_t *out)
{
    *out = 0;
    int rc = store_q_one_int(store_q_open(c, SQL_JOB_VERSION), out, 0);
    return rc < 0 ? rc : 0;
}

int store_job_touch(struct store_conn *c)
{
    long v;
    return store_serial_next(c, "jobs", &v);
}
