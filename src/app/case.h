/*
 * case.h — the one write path of a case, private to src/app: creating an application and
 * deciding it (registering or releasing). Intake (app/intake.c), the decision
 * (app/review.c) and the synthetic generator (app/gen.c) all write through here, so what
 * `ureg gen` stores is what a real submission and decision store: the same serial names
 * ("app:REGION:YYYY-MM-DD", "reg:REGION:YYYY"), the same row fields, the same scope choice.
 *
 * Every function runs inside the CALLER's open write transaction on `c` and stamps the times it
 * writes with the caller's `now` (Unix seconds): nothing here reads the clock, so a caller
 * writing history (gen) passes historical instants and nothing global moves. Audit entries are
 * the caller's (intake and review audit each action; gen audits its run).
 */
#ifndef UREG_APP_CASE_H
#define UREG_APP_CASE_H

#include "base/err.h"
#include "rules/intake.h"
#include "rules/vocab.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* A validated application to store. Strings are borrowed for the call. */
struct app_case_new {
    const struct intake_form *form;
    const struct intake_checked *checked; /* rules/intake's result for `form` */
    enum channel channel;
    const char *national_no;       /* national channel's number, or NULL */
    int64_t agency_id;             /* the accepting agency, or 0 */
    const char *agency_region;     /* that agency's region (the scope choice), or NULL */
    int64_t accepted_by;           /* the accepting caseworker's user id, or 0 */
    const char *details;           /* JSON object text of the descriptive fields (app/form.h) */
    const char *code_hash;         /* app_intake_code_hash of the query code */
    int32_t accepted_on;           /* day of acceptance: the number's date */
    int32_t deadline;              /* day the decision is due */
    int64_t now;                   /* submission and commitment instant; the person's updated_at */
    bool identity_verified;        /* real-name verified: an identity provider's or the counter's */
    const char *identity_provider; /* its name ("counter" at the counter), or NULL */
};

/* What app__case_create stored. */
struct app_case {
    char application_no[INTAKE_NO_SIZE];
    int64_t application_id, person_id;
    const char *scope_region;       /* points to the input's register_region or agency_region */
    char existing[INTAKE_NO_SIZE];  /* the open case of a 409 (see below), else "" */
    char set_aside[INTAKE_NO_SIZE]; /* the unverified application this one set aside, else "" */
};

/*
 * The jurisdiction region of a new application: the register region, or the accepting agency's
 * region when that lies inside it and is more specific (a street platform's counter), so the
 * street's caseworkers see what they accepted. Returns one of the two pointers.
 */
const char *app__case_scope(const char *register_region, const char *agency_region);

/* The form's difficulty categories as the JSON array text the application row holds, e.g.
 * ["10","40"]; the caller frees it with free(). */
char *app__case_difficulty(const struct intake_form *f);

/*
 * Create the application: serial "app:REGION:DATE" → number → the person's open-case claim →
 * person upsert → application insert (status pending_review, difficulty as a JSON array of
 * the form's categories).
 *
 * A verified application is never blocked by an unverified one (docs/decisions.md, "Real-name
 * verification"): when the claim is held by a pending application that is NOT identity
 * verified and this one is, that application is set aside (withdrawn with
 * APP_CASE_SET_ASIDE_REASON, set_aside_for this number) and the claim handed to this one;
 * out->set_aside names it for the caller's audit entry. A verified pending application or a
 * registration still blocks, as below.
 *
 * Returns 0 and fills *out; or -ERR_APPLICATION_PENDING /
 * -ERR_ALREADY_REGISTERED with ec->field "id_number" and ec->ref = out->existing (so it lives as
 * long as *out); or -ERR_CONFLICT with ec->field "national_no" when the national number was
 * handed over before (the claim is then held by this transaction: the caller rolls back or
 * releases it); or another store error.
 */
int app__case_create(struct store_conn *c, const struct app_case_new *n, struct app_case *out,
                     struct err_ctx *ec);

/* The decision reason of an application set aside by a verified one (public status page). */
#define APP_CASE_SET_ASIDE_REASON                                                                      \
    "本人已提交经实名认证的申请，本未经实名认证的申请已搁置（撤回）。" \
    " / Set aside (withdrawn): the person filed a real-name verified application."

/* A decision on a pending application. Strings are borrowed for the call. */
struct app_case_decision {
    const char *scope; /* the decider's jurisdiction prefix ("" for the system) */
    int64_t application_id, person_id;
    const char *person_key;
    const char *register_region, *scope_region; /* the application's */
    bool approve;
    const char *reason; /* rejection reason (required by the caller), or NULL */
    int64_t agency_id;  /* approve: the registration's agency, or 0 */
    int64_t decided_by; /* user id of the decider and the registration's caseworker, or 0 */
    bool ui_benefit;    /* approve: copied from the application */
    const char *difficulty;
    const char *unemployment_reason; /* approve: the application's, seeds the profile */
    const char *details; /* approve: the application's details JSON (skills, job intent, ...) */
    int32_t first_contact_due; /* approve: the day the first contact is due (79号), 0: none */
    int64_t now; /* decided_at; its day (UTC+8) is the registration day and numbering year */
};

/*
 * Decide: on approval, serial "reg:REGION:YEAR" → 失业登记编号 into reg_no (INTAKE_NO_SIZE bytes)
 * → registration insert (status active) → its profile seeded from the form's reason, skills and
 * intents (store/profile) → the open case now names the registration; on
 * rejection the person's open case is released (reg_no ""). Then the application's status,
 * reason, decider and time. -ERR_APPLICATION_DECIDED when it is no longer pending or is outside
 * `scope`; other store errors. On error reg_no is "".
 */
int app__case_decide(struct store_conn *c, const struct app_case_decision *d, char *reg_no);

/* As app__case_decide, and *reg_id gets the new registration's id (0 on rejection). */
int app__case_decide_id(struct store_conn *c, const struct app_case_decision *d, char *reg_no,
                        int64_t *reg_id);

#endif
