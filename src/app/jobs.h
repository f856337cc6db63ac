/*
 * jobs.h — vacancies (岗位信息, notice §4(三)): entered by a caseworker, imported in bulk from
 * CSV, listed, read and closed; every change audited and through one write path.
 *
 * A vacancy's place of work must lie within the caller's jurisdiction (else 403
 * outside_jurisdiction, as intake); reads outside it are 404 as if absent. A vacancy is offered
 * (listed as open, matched, referable) only while it is open, its validity covers today and it
 * has openings; one past its validity cannot be entered at all (job_validity_invalid).
 *
 * CSV (UTF-8 with or without BOM, or GB18030, base/csv): a header naming the columns, in any
 * order: title, employer, occupation, region, salary_min, salary_max, valid_until (required),
 * openings (default 1), valid_from (default today), education_min, skills, requirements
 * (optional); other columns are refused (csv_header). Each bad row is rejected with its line
 * and reason and changes nothing; the good rows are stored, 1000 to a transaction, with one
 * audit entry for the import.
 */
#ifndef UREG_APP_JOBS_H
#define UREG_APP_JOBS_H

#include "app/access.h"
#include "app/app.h"
#include "base/arena.h"
#include "base/csv.h"
#include "base/err.h"
#include "store/job.h"

#include <stdbool.h>
#include <stdint.h>

#define JOBS_TITLE_MAX 100 /* characters */
#define JOBS_EMPLOYER_MAX 200
#define JOBS_TEXT_MAX 2000 /* requirements, skills */
#define JOBS_SALARY_MAX 1000000
#define JOBS_OPENINGS_MAX 100000
#define JOBS_PAGE_MAX 100

/*
 * Check vacancy `in` as `by` would enter it on `today` (day number): lengths, the occupation
 * code, the region (6 digits, known, within by's jurisdiction), pay (0..JOBS_SALARY_MAX, min ≤
 * max), openings (1..JOBS_OPENINGS_MAX; 0 in `in` means 1), dates (valid_from defaults to
 * today; valid_until ≥ today and ≥ valid_from), education_min in the code table. Fills the
 * defaults into *in (strings from `ar`) and in->scope_region. Returns 0, or the error with
 * ec->field naming the field: -ERR_FIELD_REQUIRED, -ERR_FIELD_INVALID, -ERR_OCCUPATION_INVALID,
 * -ERR_REGION_FORMAT/-ERR_REGION_INVALID, -ERR_OUTSIDE_JURISDICTION, -ERR_JOB_SALARY,
 * -ERR_DATE_INVALID, -ERR_JOB_VALIDITY, -ERR_CODE_INVALID (education_min).
 */
int app_job_check(const struct actor *by, int32_t today, struct arena *ar, struct job *in,
                  struct err_ctx *ec);

/* Enter vacancy `in` (checked as above, then stored and audited as jobs.create in one
 * transaction); its id into *id. Nothing is written on error. *in is cleared on return (the
 * checked copies of its strings are freed). */
int app_job_create(struct app *a, const struct actor *by, struct job *in, int64_t *id,
                   struct err_ctx *ec);

/* The vacancy `id` within by's jurisdiction (strings from `ar`), with *offered true when it is
 * offered today; -ERR_NOT_FOUND outside it. */
int app_job_get(struct app *a, const struct actor *by, int64_t id, struct arena *ar,
                struct job *out, bool *offered);

/* A page of by's vacancies, newest first: q->scope is set from `by`; limit 1..JOBS_PAGE_MAX
 * (else -ERR_FIELD_INVALID "limit"); an open-only list (q->open_on "today") is filled in here.
 * *next gets the cursor of the next page (0: none). */
int app_job_list(struct app *a, const struct actor *by, struct job_list_query *q, bool open_only,
                 int (*fn)(const struct job *j, void *arg), void *arg, int64_t *next);

/* Close (filled) or withdraw vacancy `id`: status "closed" or "withdrawn", reason required
 * (≤ 500 characters). -ERR_NOT_FOUND outside the jurisdiction, -ERR_JOB_NOT_OPEN when it is
 * not open any more. Audited as jobs.close. */
int app_job_close(struct app *a, const struct actor *by, int64_t id, const char *status,
                  const char *reason, struct err_ctx *ec);

/* One rejected CSV row: its line, the error and the field. */
struct jobs_reject {
    long line;
    int code;
    const char *field; /* static text or NULL */
};

struct jobs_import_result {
    long read, loaded, rejected;
    long stop_line; /* the CSV stopped being readable there (the error is returned), else 0 */
};

struct jobs_import_opts {
    const char *source; /* recorded on each row: "import:<name>" */
    /* Called for each rejected row (may be NULL). */
    void (*reject)(const struct jobs_reject *r, void *arg);
    /* Called every 1000 rows read and at the end (may be NULL). */
    void (*progress)(long read, uint64_t bytes, uint64_t total, void *arg);
    void *arg;
};

/*
 * Import vacancies from reader `r` (owned by the caller) as `by`. Returns 0 with *out when the
 * whole input was read (rejected rows counted and reported), -ERR_CSV_HEADER when the header is
 * missing, names an unknown column or lacks a required one (nothing stored), a CSV error when
 * the input stops being readable (rows before it stored; *out->stop_line), or a store error.
 * Audited once as jobs.import with the counts.
 */
int app_job_import(struct app *a, const struct actor *by, struct csv_reader *r,
                   const struct jobs_import_opts *o, struct jobs_import_result *out);

/* app_job_import over an upload: `b64` is the file in base64 (standard alphabet, padding
 * optional), any encoding base/csv reads. -ERR_FIELD_INVALID ("content_base64") when it does
 * not decode; else as app_job_import. */
int app_job_import_base64(struct app *a, const struct actor *by, const char *b64,
                          const struct jobs_import_opts *o, struct jobs_import_result *out);

/* Store vacancies that gen made (already valid: gen draws them), in one transaction per call,
 * by the system; bumps the version. For app/gen only. */
int app__job_store_many(struct store_conn *c, const struct job *jobs, int n, int64_t now);

#endif
