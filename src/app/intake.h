/*
 * intake.h — accepting an application (notice §2–§3) on the online, counter or national
 * channel.
 *
 * A submission is validated (rules/intake), claims the person's one open case (a second
 * pending application or active registration gets 409 naming the existing number), gets its
 * number (register region + date + serial) and its deadline (the Nth working day after
 * acceptance, N = policy.review_workdays), is verified by comparison at once (app/verify) and is
 * stored with its audit entry — all in one transaction shared with concurrent submissions
 * (store/batch.h), so the 201 is sent only once the application is durable.
 */
#ifndef UREG_APP_INTAKE_H
#define UREG_APP_INTAKE_H

#include "app/access.h"
#include "app/app.h"
#include "base/err.h"
#include "rules/intake.h"

#include <stdint.h>

#define INTAKE_QUERY_CODE_SIZE 11 /* 10 characters + NUL */

struct intake_submission {
    const char *channel; /* "online", "counter" or "national" */
    const struct intake_form *form;
    const char *details;     /* JSON object text of the descriptive fields (app/form.h) */
    int64_t agency_id;       /* the accepting agency; 0: the actor's (counter) or none */
    const char *national_no; /* national channel: the 全国统一服务入口 application number */
    /* online channel: the identity provider's assertion (rules/realname.h), or NULL/"" */
    const char *identity_token;
};

struct intake_receipt {
    char application_no[INTAKE_NO_SIZE];
    char query_code[INTAKE_QUERY_CODE_SIZE]; /* shown to the applicant once; stored hashed */
    int32_t deadline;
    int32_t accepted_on;
    int verify_fail, verify_unknown;
    bool identity_verified;
    char set_aside[INTAKE_NO_SIZE]; /* the unverified application set aside for this one, or "" */
};

/*
 * Accept a submission from `by` (the public for online, a caseworker for counter, a machine
 * client or the system for national). Returns 0 and fills *out; or a negative error with
 * ec->field (a broken rule), ec->ref (the existing application or registration number of a
 * 409), -ERR_OUTSIDE_JURISDICTION for a counter submission registering outside the
 * caseworker's region, or the identity check's errors (app/realname.h). An online submission
 * with a valid identity assertion, and every counter submission (the caseworker saw the
 * document), is identity verified and sets aside an unverified pending application of the
 * same person (audited as application.set_aside).
 */
int app_intake_submit(struct app *a, const struct actor *by, const struct intake_submission *s,
                      struct intake_receipt *out, struct err_ctx *ec);

/*
 * The person record of a validated form, as intake and `ureg gen` store it. `sex` (2 bytes)
 * and `birth` (DATE_STRLEN bytes) are buffers of the caller that *out points into; the other
 * strings borrow from f and ck.
 */
struct person;
void app_intake_person(const struct intake_form *f, const struct intake_checked *ck, char *sex,
                       char *birth, struct person *out);

/* A fresh query code (INTAKE_QUERY_CODE_SIZE bytes: 10 characters that are hard to misread). */
void app_intake_new_code(char *out);

/* The stored form of a query code (hex BLAKE2b), for status lookups. out: 65 bytes. */
void app_intake_code_hash(const char *query_code, char out[65]);

#endif
