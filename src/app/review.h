/*
 * review.h — the caseworker's side of an application: the queue, the application with its
 * verification evidence, the decision (notice §3), and the applicant's status lookup.
 *
 * Reads are scoped to the actor's jurisdiction (outside it: -ERR_NOT_FOUND, as if absent).
 * Personal data comes masked; an unmasked read (`reveal`) needs PERM_CASE_READ and a stated
 * reason; every read, masked or not, is audited before the data is returned, and the applicant
 * sees those reads (app_review_data_usage). A decision is written and audited in one transaction,
 * the review's own (app/case.h is its write path).
 */
#ifndef UREG_APP_REVIEW_H
#define UREG_APP_REVIEW_H

#include "app/access.h"
#include "app/app.h"
#include "base/arena.h"
#include "base/err.h"
#include "store/application.h"
#include "store/person.h"
#include "store/usage.h"

#include <stdbool.h>
#include <stdint.h>

struct review_view {
    struct application app;
    struct person person;
    int32_t deadline;
    bool overdue;      /* still open and the deadline has passed */
    int workdays_left; /* working days from today to the deadline; negative when overdue */
};

#define REVIEW_REASON_MAX 200 /* characters of a stated reason */

/*
 * The application `no` as `by` may see it; strings from `ar`. Personal data comes masked unless
 * `reveal`, which needs PERM_CASE_READ and a stated `reason` (1 to REVIEW_REASON_MAX characters,
 * else -ERR_REVEAL_REASON). Every read is audited before the data is returned: person.read or
 * person.reveal against the application, with the reason (given for a masked read too, it is
 * kept). -ERR_NOT_FOUND outside by's scope.
 */
int app_review_get(struct app *a, const struct actor *by, const char *no, bool reveal,
                   const char *reason, struct arena *ar, struct review_view *out);

/*
 * "My personal data usage": for the applicant holding application `no` and its query code, call
 * fn for the newest `limit` reads of their personal data (every application of the person),
 * newest first. -ERR_NOT_FOUND for a wrong pair, as the status lookup.
 */
int app_review_data_usage(struct app *a, const char *no, const char *query_code, int limit,
                          int (*fn)(const struct usage_row *r, void *arg), void *arg);

/* The latest verification result of each check of a viewed application, and its tasks. */
int app_review_checks(struct app *a, const struct review_view *v,
                      int (*vfn)(const struct verification_row *r, void *arg), void *varg,
                      int (*tfn)(const struct task_row *r, void *arg), void *targ);

/* Deadline arithmetic for a list row or a view, as of today. */
void app_review_deadline(struct app *a, const char *status, const char *deadline, bool *overdue,
                         int *workdays_left);

/*
 * The queue of `by`'s region: open applications (or `status`), only overdue ones when
 * `overdue`, in deadline order, after the cursor "DEADLINE|NO" (NULL: from the start).
 * next_cursor (≥ 48 bytes) gets the cursor of the following page or "".
 */
int app_review_list(struct app *a, const struct actor *by, const char *status, bool overdue,
                    const char *cursor, int limit,
                    int (*fn)(const struct app_list_row *r, void *arg), void *arg,
                    char *next_cursor);

/*
 * Decide a pending application: "approve" creates the registration (its 失业登记编号 into
 * reg_no, INTAKE_NO_SIZE bytes) with `by` as its caseworker; "reject" needs a reason.
 * -ERR_APPLICATION_DECIDED when it is no longer pending.
 */
int app_review_decide(struct app *a, const struct actor *by, const char *no, const char *decision,
                      const char *reason, char *reg_no, struct err_ctx *ec);

/* The applicant's own lookup by number and query code; -ERR_NOT_FOUND for a wrong pair. */
int app_review_status(struct app *a, const char *no, const char *query_code, struct arena *ar,
                      struct application *out);

#endif
