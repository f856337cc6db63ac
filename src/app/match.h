/*
 * match.h — job matching for registered people (notice §4(三)): one person's best vacancies
 * with the reasons (the caseworker's case page), and the batch: the top ten for every active
 * person of a region (`ureg match run`).
 *
 * Both rank the vacancies open today with rules/match (the weights are there). One person's
 * search runs on an index of the open vacancies kept in the server's memory, built on first use
 * and again when the vacancies change (any write bumps their version, read once per request)
 * or the day changes, so a request costs one statement (the registration's, with the version)
 * and a search — not a scan of the vacancies nor a read of each vacancy shown. The batch builds
 * its own index, reads the active registrations of the region in pages, searches each distinct
 * profile (intent, place, pay, skills) once on two threads and writes CSV.
 *
 * Matching reads the registration's register region and the profile's job intent and skills
 * only: no personal data (no address, no document, no name).
 */
#ifndef UREG_APP_MATCH_H
#define UREG_APP_MATCH_H

#include "app/access.h"
#include "app/app.h"
#include "base/arena.h"
#include "base/err.h"
#include "rules/match.h"
#include "store/job.h"

#include <stdbool.h>
#include <stdint.h>

#define MATCH_DEFAULT_TOP 10

/* One ranked vacancy: the score's parts, the skill words shared, and the vacancy (strings from
 * `ar`) as the index holds it: id, title, employer, occupation, region, pay, openings, validity
 * and status; its other strings "" and numbers 0. */
struct match_item {
    struct match_result r;
    const char *shared[MATCH_SKILLS_MAX]; /* n = r.n_shared */
    struct job job;
};

/*
 * The best `k` (1..MATCH_TOP_MAX) vacancies open today for registration `reg_no` within by's
 * jurisdiction, best first, into items[0..] (strings from `ar`); *n gets how many. The
 * subject's place, occupation and pay as used go to *subject. Errors: -ERR_NOT_FOUND (absent or
 * outside the jurisdiction), -ERR_REGISTRATION_NOT_ACTIVE (exited), a store error.
 */
int app_match_for(struct app *a, const struct actor *by, const char *reg_no, int k,
                  struct arena *ar, struct match_item *items, int *n,
                  struct match_subject *subject);

/* The stable code of part `part` of a result's reasons: 0 occupation ("occupation_exact",
 * ...), 1 place, 2 pay, 3 skills ("skills_shared" or "skills_none"). Static text. */
const char *app_match_reason(const struct match_result *r, int part);

/*
 * The check a referral (推荐就业, "refer in one click") makes before it is recorded: registration
 * `reg_no` is within by's jurisdiction and active, and vacancy `job_id` is offered today (open,
 * valid today, with openings) in the person's province (the vacancies matching ranks). Fills
 * *job (strings from `ar`). Errors: -ERR_NOT_FOUND (registration outside the jurisdiction or
 * absent; vacancy absent or in another province), -ERR_REGISTRATION_NOT_ACTIVE, -ERR_JOB_NOT_OPEN.
 * Recording the referral and its result (hired, interviewed, rejected, no show; due date) is
 * app/referral.h's, which makes the same check inside its write.
 */
int app_match_referable(struct app *a, const struct actor *by, const char *reg_no, int64_t job_id,
                        struct arena *ar, struct job *job);

/* Cross-file private (app_match_referable and the referral records, app/referral.c): whether
 * vacancy *job is offered on `today` (YYYY-MM-DD) to a person whose place is intent_region when
 * it is a 6-digit code, else register_region: 0; -ERR_NOT_FOUND when the vacancy is in another
 * province; -ERR_JOB_NOT_OPEN when it is closed, withdrawn, without openings or outside its
 * validity. */
int app__job_offered(const struct job *job, const char *intent_region, const char *register_region,
                     const char *today);

/* Free the server's index (app_close calls it). */
void app__match_cache_free(struct app *a);

struct match_run_opts {
    const char *region;     /* 6-digit code: its active registrations; NULL or "": all */
    const char *out_path;   /* the results CSV; NULL: none (counts only) */
    const char *export_dir; /* the inputs as CSV (people.csv, jobs.csv) for an outside check;
                               NULL: none */
    int top;                /* per person; 0: MATCH_DEFAULT_TOP */
    int threads;            /* 0: 2 */
    void (*progress)(long done, void *arg); /* after each page of people; may be NULL */
    void *progress_arg;
};

struct match_run_counts {
    long jobs;             /* vacancies open today in the index */
    long people;           /* active registrations read */
    long with_match;       /* people with at least one match */
    long rows;             /* result rows written */
    long scored;           /* vacancy scores computed (the work the index saved: people × jobs) */
    double load_s, rank_s; /* seconds: reading and indexing; searching and writing */
};

/*
 * Run the batch as `by` (the system actor) with options `o`. Results: `registration_no,rank,
 * job_id,score,occupation_points,place_points,pay_points,skill_points` (UTF-8, header first),
 * people in registration id order, ranks from 1. Returns 0, -ERR_REGION_FORMAT /
 * -ERR_REGION_INVALID (ec->field "region"), -ERR_MATCH_OUT ("out" or "export": cannot be
 * written), or a store error. Audited once as match.run with the counts.
 */
int app_match_run(struct app *a, const struct actor *by, const struct match_run_opts *o,
                  struct match_run_counts *out, struct err_ctx *ec);

#endif
