/*
 * jobs.c — vacancies: the check, entry, reads, closing and the CSV import. See jobs.h.
 *
 * One write path: every vacancy row is written by jobs__store (insert, bump the version the
 * matching index watches), inside the caller's transaction; entry and import audit, closing
 * audits. The clock is read once per use case and passed down.
 */
#include "app/jobs.h"

#include "app/app_priv.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "rules/codes.h"
#include "rules/match.h"
#include "rules/region.h"
#include "rules/vocab.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A text field: required or not, at most `max` characters. */
static int jobs__text(const char *v, bool required, size_t max, const char *field,
                      struct err_ctx *ec)
{
    if (!v || !*v)
        return required ? err_set(ec, -ERR_FIELD_REQUIRED, field) : 0;
    size_t n = strlen(v);
    if (!utf8_valid(v, n) || utf8_count(v, n) > max)
        return err_set(ec, -ERR_FIELD_INVALID, field);
    return 0;
}

/* The region: known, 6 digits, inside by's scope; fills scope_region (the longer of the two). */
static int jobs__region(const struct actor *by, struct arena *ar, struct job *in,
                        struct err_ctx *ec)
{
    if (!in->region || !*in->region)
        return err_set(ec, -ERR_FIELD_REQUIRED, "region");
    int rc = region_validate6(in->region);
    if (rc < 0)
        return err_set(ec, rc, "region");
    size_t ns = strlen(by->scope);
    if (ns <= 6 && strncmp(in->region, by->scope, ns) == 0)
        in->scope_region = arena_strdup(ar, in->region);
    else if (ns > 6 && strncmp(by->scope, in->region, 6) == 0)
        in->scope_region = arena_strdup(ar, by->scope); /* a street platform's own vacancy */
    else
        return err_set(ec, -ERR_OUTSIDE_JURISDICTION, "region");
    return 0;
}

static int jobs__dates(int32_t today, struct arena *ar, struct job *in, struct err_ctx *ec)
{
    int32_t from = today, until;
    char buf[DATE_STRLEN];
    if (in->valid_from && *in->valid_from &&
        date_parse(in->valid_from, strlen(in->valid_from), &from) < 0)
        return err_set(ec, -ERR_DATE_INVALID, "valid_from");
    if (!in->valid_until || !*in->valid_until)
        return err_set(ec, -ERR_FIELD_REQUIRED, "valid_until");
    if (date_parse(in->valid_until, strlen(in->valid_until), &until) < 0)
        return err_set(ec, -ERR_DATE_INVALID, "valid_until");
    if (until < today || until < from)
        return err_set(ec, -ERR_JOB_VALIDITY, "valid_until");
    in->valid_from = arena_strdup(ar, date_format(from, buf));
    in->valid_until = arena_strdup(ar, date_format(until, buf));
    return 0;
}

int app_job_check(const struct actor *by, int32_t today, struct arena *ar, struct job *in,
                  struct err_ctx *ec)
{
    int rc;
    if ((rc = jobs__text(in->title, true, JOBS_TITLE_MAX, "title", ec)) < 0 ||
        (rc = jobs__text(in->employer, true, JOBS_EMPLOYER_MAX, "employer", ec)) < 0 ||
        (rc = jobs__text(in->skills, false, JOBS_TEXT_MAX, "skills", ec)) < 0 ||
        (rc = jobs__text(in->requirements, false, JOBS_TEXT_MAX, "requirements", ec)) < 0)
        return rc;
    if (!in->occupation || !*in->occupation)
        return err_set(ec, -ERR_FIELD_REQUIRED, "occupation");
    if (match_occupation_validate(in->occupation) < 0)
        return err_set(ec, -ERR_OCCUPATION_INVALID, "occupation");
    if ((rc = jobs__region(by, ar, in, ec)) < 0)
        return rc;
    if (in->salary_min < 0 || in->salary_min > JOBS_SALARY_MAX)
        return err_set(ec, -ERR_JOB_SALARY, "salary_min");
    if (in->salary_max < 0 || in->salary_max > JOBS_SALARY_MAX || in->salary_min > in->salary_max)
        return err_set(ec, -ERR_JOB_SALARY,
                       in->salary_max < 0 || in->salary_max > JOBS_SALARY_MAX ? "salary_max"
                                                                              : "salary_min");
    if (in->openings == 0)
        in->openings = 1;
    if (in->openings < 1 || in->openings > JOBS_OPENINGS_MAX)
        return err_set(ec, -ERR_FIELD_INVALID, "openings");
    if ((rc = jobs__dates(today, ar, in, ec)) < 0)
        return rc;
    if (in->education_min && *in->education_min &&
        codes_validate("education", in->education_min) < 0)
        return err_set(ec, -ERR_CODE_INVALID, "education_min");
    return 0;
}

/* Insert one checked vacancy and bump the version (the one write path of vacancy rows). */
static int jobs__store(struct store_conn *c, const struct job *j, int64_t now, int64_t *id)
{
    int rc = store_job_insert(c, j, now, id);
    return rc < 0 ? rc : store_job_touch(c);
}

int app__job_store_many(struct store_conn *c, const struct job *jobs, int n, int64_t now)
{
    int64_t id;
    for (int i = 0; i < n; i++) {
        int rc = store_job_insert(c, &jobs[i], now, &id);
        if (rc < 0)
            return rc;
    }
    return n > 0 ? store_job_touch(c) : 0;
}

int app_job_create(struct app *a, const struct actor *by, struct job *in, int64_t *id,
                   struct err_ctx *ec)
{
    struct arena ar;
    int64_t now = clock_now();
    *id = 0;
    arena_init(&ar);
    int rc = app_job_check(by, clock_today(), &ar, in, ec);
    if (rc < 0)
        goto out;
    in->agency_id = by->agency_id;
    in->created_by = by->user_id;
    in->source = "entry";
    struct store_conn *c = store_acquire(a->store);
    rc = store_tx_begin(c, true);
    if (rc == 0) {
        rc = jobs__store(c, in, now, id);
        char idtext[24];
        snprintf(idtext, sizeof idtext, "%lld", (long long)*id);
        if (rc == 0)
            rc = app_audit(c, by, now, "jobs.create", "job", idtext,
                           json_pack("{s:s, s:s, s:I}", "occupation", in->occupation, "region",
                                     in->region, "openings", (json_int_t)in->openings));
        rc = store_tx_end(c, rc);
    }
    store_release(a->store, c);
    if (rc < 0)
        *id = 0;
out:
    /* The checked strings live in `ar`; the caller only needs the id. */
    memset(in, 0, sizeof *in);
    arena_free(&ar);
    return rc;
}

/* Whether j is offered on day `today`. */
static bool jobs__offered(const struct job *j, int32_t today)
{
    char d[DATE_STRLEN];
    date_format(today, d);
    return strcmp(j->status, "open") == 0 && j->openings > 0 && strcmp(j->valid_from, d) <= 0 &&
           strcmp(j->valid_until, d) >= 0;
}

int app_job_get(struct app *a, const struct actor *by, int64_t id, struct arena *ar,
                struct job *out, bool *offered)
{
    struct store_conn *c = store_acquire(a->store);
    int rc = store_job_get(c, by->scope, id, ar, out);
    store_release(a->store, c);
    *offered = rc == 0 && jobs__offered(out, clock_today());
    return rc;
}

struct jobs__page {
    int (*fn)(const struct job *j, void *arg);
    void *arg;
    int seen, limit;
    int64_t last;
};

static int jobs__page_row(const struct job *j, void *arg)
{
    struct jobs__page *p = arg;
    if (++p->seen > p->limit)
        return 1; /* the extra row only says there is a next page */
    p->last = j->id;
    return p->fn(j, p->arg);
}

int app_job_list(struct app *a, const struct actor *by, struct job_list_query *q, bool open_only,
                 int (*fn)(const struct job *j, void *arg), void *arg, int64_t *next)
{
    char today[DATE_STRLEN];
    *next = 0;
    if (q->limit < 1 || q->limit > JOBS_PAGE_MAX)
        return -ERR_FIELD_INVALID;
    if (q->status && *q->status && vocab_job_status_parse(q->status) < 0)
        return -ERR_FIELD_INVALID;
    struct jobs__page p = {fn, arg, 0, q->limit, 0};
    q->scope = by->scope;
    q->open_on = open_only ? date_format(clock_today(), today) : "";
    q->limit++;
    struct store_conn *c = store_acquire(a->store);
    int rc = store_job_list(c, q, jobs__page_row, &p);
    store_release(a->store, c);
    q->limit--;
    if (rc < 0)
        return rc;
    if (p.seen > p.limit)
        *next = p.last;
    return 0;
}

int app_job_close(struct app *a, const struct actor *by, int64_t id, const char *status,
                  const char *reason, struct err_ctx *ec)
{
    int64_t now = clock_now();
    int v = status ? vocab_job_status_parse(status) : -1;
    if (!status)
        return err_set(ec, -ERR_FIELD_REQUIRED, "status");
    if (v != JOB_STATUS_CLOSED && v != JOB_STATUS_WITHDRAWN)
        return err_set(ec, -ERR_FIELD_INVALID, "status");
    int rc = jobs__text(reason, true, 500, "reason", ec);
    if (rc < 0)
        return rc;
    struct arena ar;
    struct job j;
    arena_init(&ar);
    struct store_conn *c = store_acquire(a->store);
    rc = store_tx_begin(c, true);
    if (rc == 0) {
        rc = store_job_get(c, by->scope, id, &ar, &j);
        if (rc == 0)
            rc = store_job_close(c, by->scope, id, status, reason, by->user_id, now);
        if (rc == 0)
            rc = -ERR_JOB_NOT_OPEN;
        if (rc > 0)
            rc = store_job_touch(c);
        char idtext[24];
        snprintf(idtext, sizeof idtext, "%lld", (long long)id);
        if (rc == 0)
            rc = app_audit(c, by, now, "jobs.close", "job", idtext,
                           json_pack("{s:s}", "status", status));
        rc = store_tx_end(c, rc);
    }
    store_release(a->store, c);
    arena_free(&ar);
    return rc;
}

/* --- CSV import ----------------------------------------------------------------------------- */

enum jobs__col {
    JC_TITLE,
    JC_EMPLOYER,
    JC_OCCUPATION,
    JC_REGION,
    JC_SALARY_MIN,
    JC_SALARY_MAX,
    JC_VALID_UNTIL,
    JC_OPENINGS,
    JC_VALID_FROM,
    JC_EDUCATION_MIN,
    JC_SKILLS,
    JC_REQUIREMENTS,
    JC__COUNT
};
#define JOBS__REQUIRED 7 /* the first seven columns */

static const char *const jobs__cols[JC__COUNT] = {
    "title",       "employer", "occupation", "region",        "salary_min", "salary_max",
    "valid_until", "openings", "valid_from", "education_min", "skills",     "requirements"};

/* Map the header's columns to jobs__cols; -ERR_CSV_HEADER on an unknown, repeated or missing
 * column. pos[c] is the record index of column c, or -1. */
static int jobs__header(const struct csv_record *h, int pos[JC__COUNT])
{
    for (int c = 0; c < JC__COUNT; c++)
        pos[c] = -1;
    for (size_t i = 0; i < h->n_fields; i++) {
        int c = 0;
        while (c < JC__COUNT && strcmp(h->fields[i], jobs__cols[c]) != 0)
            c++;
        if (c == JC__COUNT || pos[c] >= 0)
            return -ERR_CSV_HEADER;
        pos[c] = (int)i;
    }
    for (int c = 0; c < JOBS__REQUIRED; c++)
        if (pos[c] < 0)
            return -ERR_CSV_HEADER;
    return 0;
}

/* A whole number field of a CSV row; -ERR_FIELD_INVALID unless it is digits only. */
static int jobs__number(const char *s, int64_t *out, int64_t empty)
{
    *out = empty;
    if (!s || !*s)
        return 0;
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9' || v > 100000000)
            return -ERR_FIELD_INVALID;
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return 0;
}

/* One row into *j (strings from `ar`), checked. */
static int jobs__row(const struct actor *by, int32_t today, const struct csv_record *rec,
                     const int pos[JC__COUNT], struct arena *ar, struct job *j, struct err_ctx *ec)
{
    const char *v[JC__COUNT];
    for (int c = 0; c < JC__COUNT; c++)
        v[c] = pos[c] >= 0 && (size_t)pos[c] < rec->n_fields ? arena_strdup(ar, rec->fields[pos[c]])
                                                             : "";
    memset(j, 0, sizeof *j);
    j->title = v[JC_TITLE];
    j->employer = v[JC_EMPLOYER];
    j->occupation = v[JC_OCCUPATION];
    j->region = v[JC_REGION];
    j->valid_until = v[JC_VALID_UNTIL];
    j->valid_from = v[JC_VALID_FROM];
    j->education_min = v[JC_EDUCATION_MIN];
    j->skills = v[JC_SKILLS];
    j->requirements = v[JC_REQUIREMENTS];
    if (jobs__number(v[JC_SALARY_MIN], &j->salary_min, -1) < 0 || !*v[JC_SALARY_MIN])
        return err_set(ec, *v[JC_SALARY_MIN] ? -ERR_JOB_SALARY : -ERR_FIELD_REQUIRED, "salary_min");
    if (jobs__number(v[JC_SALARY_MAX], &j->salary_max, -1) < 0 || !*v[JC_SALARY_MAX])
        return err_set(ec, *v[JC_SALARY_MAX] ? -ERR_JOB_SALARY : -ERR_FIELD_REQUIRED, "salary_max");
    if (jobs__number(v[JC_OPENINGS], &j->openings, 1) < 0 || (*v[JC_OPENINGS] && !j->openings))
        return err_set(ec, -ERR_FIELD_INVALID, "openings");
    return app_job_check(by, today, ar, j, ec);
}

struct jobs__batch {
    struct app *a;
    const struct actor *by;
    struct store_conn *c;
    int64_t now;
    int pending;
};

/* Commit the open transaction (if any). */
static int jobs__flush(struct jobs__batch *b)
{
    int rc = 0;
    if (b->pending > 0)
        rc = store_tx_commit(b->c);
    b->pending = 0;
    return rc;
}

static int jobs__put(struct jobs__batch *b, struct job *j, const char *source)
{
    int64_t id;
    int rc = 0;
    if (b->pending == 0 && (rc = store_tx_begin(b->c, true)) < 0)
        return rc;
    j->agency_id = b->by->agency_id;
    j->created_by = b->by->user_id;
    j->source = source;
    rc = jobs__store(b->c, j, b->now, &id);
    if (rc < 0) {
        store_tx_rollback(b->c);
        b->pending = 0;
        return rc;
    }
    if (++b->pending >= 1000)
        rc = jobs__flush(b);
    return rc;
}

static void jobs__report(const struct jobs_import_opts *o, long line, int code, const char *f)
{
    if (o->reject) {
        struct jobs_reject r = {line, code, f};
        o->reject(&r, o->arg);
    }
}

/* Read every row after the header; store the good, report the bad. */
static int jobs__rows(struct jobs__batch *b, struct csv_reader *r, const int pos[JC__COUNT],
                      const struct jobs_import_opts *o, struct jobs_import_result *out)
{
    struct csv_record rec;
    struct arena ar;
    int rc, today = clock_today();
    arena_init(&ar);
    while ((rc = csv_next(r, &rec)) == 1) {
        struct err_ctx ec = {0};
        struct job j;
        long line = rec.line;
        out->read++;
        arena_reset(&ar);
        int vrc = jobs__row(b->by, today, &rec, pos, &ar, &j, &ec);
        if (vrc < 0) {
            out->rejected++;
            jobs__report(o, line, vrc, ec.field);
        } else if ((rc = jobs__put(b, &j, o->source)) < 0) {
            break;
        } else {
            out->loaded++;
        }
        if (o->progress && out->read % 1000 == 0)
            o->progress(out->read, csv_bytes_read(r), csv_total_bytes(r), o->arg);
    }
    if (rc == -ERR_CSV_QUOTE || rc == -ERR_CSV_ENCODING || rc == -ERR_CSV_TOO_LONG) {
        out->stop_line = csv_line(r);
        jobs__report(o, out->stop_line, rc, NULL);
    }
    /* Commit the rows read so far, also before a line that cannot be read. */
    int frc = jobs__flush(b);
    arena_free(&ar);
    return rc < 0 ? rc : frc;
}

int app_job_import(struct app *a, const struct actor *by, struct csv_reader *r,
                   const struct jobs_import_opts *o, struct jobs_import_result *out)
{
    struct csv_record h;
    int pos[JC__COUNT];
    memset(out, 0, sizeof *out);
    int rc = csv_next(r, &h);
    if (rc <= 0)
        return rc < 0 ? rc : -ERR_CSV_HEADER;
    if ((rc = jobs__header(&h, pos)) < 0)
        return rc;
    struct jobs__batch b = {a, by, store_acquire(a->store), clock_now(), 0};
    rc = jobs__rows(&b, r, pos, o, out);
    if (o->progress)
        o->progress(out->read, csv_bytes_read(r), csv_total_bytes(r), o->arg);
    int arc = store_tx_begin(b.c, true);
    if (arc == 0) {
        arc = app_audit(b.c, by, b.now, "jobs.import", "job_import", o->source,
                        json_pack("{s:I, s:I, s:I, s:b}", "read", (json_int_t)out->read, "loaded",
                                  (json_int_t)out->loaded, "rejected", (json_int_t)out->rejected,
                                  "complete", rc == 0));
        arc = store_tx_end(b.c, arc);
    }
    store_release(a->store, b.c);
    return rc < 0 ? rc : arc;
}

int app_job_import_base64(struct app *a, const struct actor *by, const char *b64,
                          const struct jobs_import_opts *o, struct jobs_import_result *out)
{
    memset(out, 0, sizeof *out);
    size_t n = b64 ? strlen(b64) : 0, len = 0;
    if (n == 0)
        return -ERR_FIELD_REQUIRED;
    unsigned char *bin = xmalloc(n);
    if (sodium_base642bin(bin, n, b64, n, "\r\n ", &len, NULL, sodium_base64_VARIANT_ORIGINAL) !=
            0 &&
        sodium_base642bin(bin, n, b64, n, "\r\n ", &len, NULL,
                          sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0) {
        free(bin);
        return -ERR_FIELD_INVALID;
    }
    struct csv_reader *r = csv_open_mem((const char *)bin, len, CSV_AUTO);
    int rc = app_job_import(a, by, r, o, out);
    csv_close(r);
    free(bin);
    return rc;
}
