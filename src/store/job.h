/*
 * job.h — vacancies (岗位信息, notice §4(三)): one row each in `job` (migration 008).
 *
 * A vacancy belongs to the jurisdiction that manages it (scope_region); staff reads and changes
 * are scoped by it like applications, and outside the scope a vacancy is "not found". The open
 * vacancies of a day are read whole, unscoped, by the matching index (store_job_open_page, a
 * system read: vacancies carry no personal data). Every write bumps the serial "jobs", which
 * the index reads to know it is stale (store_job_version).
 */
#ifndef UREG_STORE_JOB_H
#define UREG_STORE_JOB_H

#include "base/arena.h"
#include "store/db.h"

#include <stdint.h>

struct job {
    int64_t id;
    const char *title, *employer, *occupation, *region;
    int64_t salary_min, salary_max, openings;
    const char *valid_from, *valid_until; /* YYYY-MM-DD */
    const char *education_min, *skills, *requirements;
    const char *status; /* open | closed | withdrawn */
    const char *scope_region;
    int64_t agency_id, created_by; /* 0: none */
    const char *created_at, *source;
    const char *closed_at, *close_reason; /* NULL while open */
};

/* Insert j (its id, status, closed_* ignored: a new vacancy is open), stamped `now_unix`,
 * inside the caller's write transaction; the new id into *id. */
int store_job_insert(struct store_conn *c, const struct job *j, int64_t now_unix, int64_t *id);

/* The vacancy `id` within `scope` (jurisdiction prefix, "" for the system), strings from `ar`;
 * -ERR_NOT_FOUND when absent or outside the scope. */
int store_job_get(struct store_conn *c, const char *scope, int64_t id, struct arena *ar,
                  struct job *out);

struct job_list_query {
    const char *scope;      /* jurisdiction prefix */
    const char *status;     /* "" any, else that status */
    const char *open_on;    /* YYYY-MM-DD: only vacancies open that day (status open too), or "" */
    const char *occupation; /* code prefix ("4-01"), or "" */
    const char *region;     /* region prefix of the place of work, or "" */
    const char *text;       /* substring of title or employer, or "" */
    int64_t before_id;      /* keyset cursor: ids below it (newest first); 0: from the newest */
    int limit;
};

/* Call fn for the vacancies of the query, newest first, at most q->limit; fn returning
 * non-zero stops. Strings are valid during the call only. Returns the number visited or a
 * negative error. */
int store_job_list(struct store_conn *c, const struct job_list_query *q,
                   int (*fn)(const struct job *j, void *arg), void *arg);

/* Close vacancy `id` within `scope` (status closed or withdrawn) with `reason`, by user `by`
 * (0: the system) at `now_unix`, if it is open. Returns 1 when closed, 0 when it was not open
 * (or is outside the scope: the caller tells the two apart by a get), or a negative error. */
int store_job_close(struct store_conn *c, const char *scope, int64_t id, const char *status,
                    const char *reason, int64_t by, int64_t now_unix);

/* System read for the matching index: the vacancies open on `day` (YYYY-MM-DD) with id above
 * `after_id`, ascending, at most `limit`; fn per row (strings valid during the call). Returns
 * the number visited or a negative error. */
int store_job_open_page(struct store_conn *c, const char *day, int64_t after_id, int limit,
                        int (*fn)(const struct job *j, void *arg), void *arg);

/* The version of the vacancies (the serial "jobs"; 0 before the first write). */
int store_job_version(struct store_conn *c, int64_t *out);

/* Bump the version, inside the write transaction that changed a vacancy. */
int store_job_touch(struct store_conn *c);

#endif
