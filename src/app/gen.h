/*
 * gen.h — `ureg gen`: a deterministic synthetic population for tests, demonstrations, training
 * and load measurements.
 *
 * A run makes N people (app/synth) living under one region, each with one application
 * submitted between the first day of the `from` month and yesterday on the online, counter or
 * national channel, and its life so far: the older applications decided (most approved, with a
 * registration and its 失业登记编号, some rejected with a reason), the recent ones still
 * pending_review. Numbers come from the same counters as live intake (app/case.h, the write path
 * intake and review use), so live work continues the sequences. Alongside, when
 * an output directory is given, the reference datasets that a comparison would read are written
 * as CSV files DIR/<source>.csv (header `id_number,event_date,...`), one per source of
 * rules/verify, matching the people: the operator loads them with `ureg import SOURCE FILE` and
 * runs `ureg compare`, which verifies the pending applications; gen itself verifies nothing.
 * Service, contact and exit histories come with the issue that adds those records. With
 * `jobs`, open vacancies (synth_job) in the same places, whose occupations, pay and skills are
 * drawn like the people's job intents so that matches exist; about one in twenty has lapsed.
 *
 * Determinism: the same options on the same day ("today" from base/clock, so tests fix it with
 * --dev and UREG_NOW) give byte-identical CSV files and, on a fresh database, the same rows.
 * Timestamps are those of the simulated events: each person is written through the write path
 * of intake and review (app/case.h) with its submission instant as "now" for the application
 * and its decision instant for the decision (so submitted_at, updated_at, decided_at carry
 * them). base/clock is read once, for "today" and the run's audit entry, and never moved.
 *
 * Writes go straight through the store functions, 10,000 people to a transaction (not through
 * the group-commit batcher): a million people take about a minute on SQLite. A run that fails
 * half-way keeps the transactions already committed. A person whose document already has an
 * open case in the database (an earlier run) is skipped and counted; one whose earlier case was
 * rejected applies again, with this run's details. One audit entry per run
 * (action gen.run, object "gen" named by the run's options, the counts as detail); no entry per
 * person.
 */
#ifndef UREG_APP_GEN_H
#define UREG_APP_GEN_H

#include "app/access.h"
#include "app/app.h"
#include "base/date.h"
#include "base/err.h"
#include "rules/verify.h"

#include <stdbool.h>
#include <stdint.h>

#define GEN_MAX_PEOPLE 10000000L
#define GEN_MAX_JOBS 10000000L
#define GEN_DEFAULT_REGION "110000"

struct gen_options {
    long people;         /* 1..GEN_MAX_PEOPLE */
    uint64_t seed;       /* any value */
    const char *region;  /* 6-digit province, city or county code; NULL: GEN_DEFAULT_REGION */
    const char *from;    /* "YYYY-MM"; NULL: the month twelve months before this one */
    const char *out_dir; /* where the dataset CSV files go (created if absent); NULL: none */
    int64_t staff_id;    /* user recorded as deciding and as the registrations' caseworker, and
                            as accepting the counter applications of its own agency; 0: none */
    bool once;           /* do nothing when a run with the same region, seed, people and from
                            is in the audit log (idempotent callers such as `ureg demo`) */
    int batch;           /* people per transaction; 0: 10,000 */
    long jobs;           /* vacancies to make (synth_job) in the region's places; 0: none */
    /* Called after each committed transaction with the people done so far; may be NULL. */
    void (*progress)(long done, long total, void *arg);
    void *progress_arg;
};

struct gen_counts {
    long people;  /* people and applications stored */
    long skipped; /* people whose document already had an open case */
    long online, counter, national;
    long approved, rejected, pending, overdue; /* overdue: pending past the deadline today */
    long registrations;
    long contacts; /* issue 9: follow-up contacts of the registrations (app/followup.h) */
    long rows[VERIFY_SRC__COUNT];            /* CSV rows written per source (0 without out_dir) */
    char from[DATE_STRLEN], to[DATE_STRLEN]; /* first and last day applications could have */
    long jobs, jobs_lapsed; /* vacancies stored; of them past their validity already */
    bool already;           /* `once` found an identical earlier run: nothing was done */
};

/*
 * Run a generation as `by` (a system actor) with options `o`; *out gets the counts. Returns 0,
 * or a negative error with ec->field naming the option: -ERR_GEN_PEOPLE ("people"),
 * -ERR_GEN_FROM ("from"), -ERR_REGION_FORMAT / -ERR_REGION_INVALID ("region": unknown, or no
 * county below it), -ERR_GEN_OUT ("out": the directory or a file cannot be written), or a store
 * error.
 */
int app_gen(struct app *a, const struct actor *by, const struct gen_options *o,
            struct gen_counts *out, struct err_ctx *ec);

/* The file name of a source's dataset in the output directory, e.g. "insurance.csv" (static). */
const char *app_gen_file(enum verify_source s);

#endif
