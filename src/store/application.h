/*
 * application.h — applications, registrations, the one-open-case-per-person claim, numbering.
 *
 * Every read of an application or registration takes the caller's scope (a jurisdiction
 * prefix, rules/region): rows whose scope_region does not start with it are "not found", the
 * same answer as for a number that does not exist. The empty scope means everything and is
 * only passed by system batches (the functions that allow it say `system` in their names) or
 * by reads keyed by a secret (the applicant's query code).
 */
#ifndef UREG_STORE_APPLICATION_H
#define UREG_STORE_APPLICATION_H

#include "base/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

struct application {
    int64_t id, person_id, agency_id, accepted_by, decided_by;
    const char *application_no, *national_no, *channel, *status, *register_region;
    const char *scope_region, *register_basis, *unemployed_since, *unemployment_reason;
    const char *commitment_at, *difficulty, *details, *query_code_hash, *submitted_at;
    const char *accepted_on, *deadline, *decided_at, *decision_reason, *registration_no;
    bool ui_benefit;
    bool identity_verified;        /* real-name verified (an identity provider, or the counter) */
    const char *identity_provider; /* the provider's name, "counter", or NULL when unverified */
    const char *set_aside_for;     /* withdrawn for this verified application, or NULL */
};

/* The next value of the named counter (1, 2, ...), inside the caller's write transaction. */
int store_serial_next(struct store_conn *c, const char *name, long *out);

/*
 * Claim the person's one open case for `application_no`. -ERR_CONFLICT when the person already
 * has a pending application or an active registration; then existing_app / existing_reg
 * (INTAKE_NO_SIZE bytes each) name it (existing_reg "" while pending). `person_key` is the plain
 * key (rules/idnum) or its blind index; person_open holds only the blind index (store/pii).
 */
int store_open_claim(struct store_conn *c, const char *person_key, const char *application_no,
                     char *existing_app, char *existing_reg);
int store_open_set_registration(struct store_conn *c, const char *person_key,
                                const char *registration_no);
int store_open_release(struct store_conn *c, const char *person_key);

/*
 * Hand the person's open case, still a pending application (no registration), to
 * `application_no`. -ERR_CONFLICT when there is no such claim. Inside the caller's transaction.
 */
int store_open_reassign(struct store_conn *c, const char *person_key, const char *application_no);

/*
 * Set aside the pending application `no` (any scope: a system step of intake) because the
 * verified application `for_no` of the same person arrived: status withdrawn, the reason as its
 * decision reason, decided at `now_unix` by the system, and its application_identity row
 * names for_no (set_aside_for). Only an
 * application still open (submitted, verifying, pending_review) and NOT identity-verified is
 * set aside: otherwise -ERR_CONFLICT and nothing changes.
 */
int store_app_set_aside(struct store_conn *c, const char *no, const char *for_no,
                        const char *reason, int64_t now_unix);

/* Insert an application (a->id ignored), and its application_identity row when
 * a->identity_verified; *id gets the new row id. -ERR_CONFLICT when its application or
 * national number exists: nothing is written and the transaction goes on. The details JSON is
 * stored encrypted (a second statement, once the id is known); reads give it back decrypted (or
 * -ERR_PII_DECRYPT). */
int store_app_insert(struct store_conn *c, const struct application *a, int64_t *id);

/* The applications ids[0..n) (no scope: the caller's registrations name them), fn called for
 * each in id order (strings from `ar`) until it returns non-zero (a negative value is returned). */
int store_app_each_id(struct store_conn *c, const int64_t *ids, size_t n, struct arena *ar,
                      int (*fn)(const struct application *a, void *arg), void *arg);

/* The application `no` within `scope` (see above); strings from `ar`. -ERR_NOT_FOUND. */
int store_app_get(struct store_conn *c, const char *scope, const char *no, struct arena *ar,
                  struct application *out);

/* The application `no` whose query-code hash is `code_hash` (the applicant's own read). */
int store_app_get_by_code(struct store_conn *c, const char *no, const char *code_hash,
                          struct arena *ar, struct application *out);

/*
 * System read (no scope): the application handed over with the national number `national_no`
 * (the exchange's download, which must know whether it committed one before). -ERR_NOT_FOUND.
 */
int store_app_get_by_national_system(struct store_conn *c, const char *national_no,
                                     struct arena *ar, struct application *out);

struct app_list_row {
    const char *application_no, *status, *channel, *deadline, *register_region, *submitted_at;
    const char *national_no; /* NULL unless it came from the national entry */
    char name_masked[64];
    int checks_pass, checks_fail, checks_unknown;
    bool identity_verified;
    const char *identity_provider; /* NULL when unverified */
};

struct app_list_query {
    const char *scope;          /* jurisdiction prefix; never NULL */
    const char *status;         /* NULL: the open ones (submitted, verifying, pending_review) */
    const char *overdue_on;     /* YYYY-MM-DD: only deadlines before this day; NULL: all */
    const char *after_deadline; /* cursor: deadline and application_no of the last row seen */
    const char *after_no;
    int limit;
};

/* Call fn for the queue rows in deadline order; returns how many or a negative error. */
int store_app_list(struct store_conn *c, const struct app_list_query *q,
                   int (*fn)(const struct app_list_row *r, void *arg), void *arg);

/* Record a decision on a pending application within scope: status approved or rejected,
 * decided_at the Unix time `now_unix` (the caller's clock reading). */
int store_app_decide(struct store_conn *c, const char *scope, int64_t id, const char *status,
                     const char *reason, int64_t decided_by, int64_t now_unix,
                     const char *registration_no);

struct registration {
    int64_t id, application_id, person_id, agency_id, caseworker_id;
    const char *registration_no, *register_region, *scope_region, *status, *registered_on;
    const char *difficulty;
    const char *first_contact_due; /* YYYY-MM-DD (人社厅发〔2020〕79号: first contact), or NULL */
    bool ui_benefit;
};

int store_reg_insert(struct store_conn *c, const struct registration *r, int64_t *id);

/* The person_key of a person id as stored — its blind index (store/pii), which the open-case
 * functions above take as they take a plain key — for the open-case claim. */
int store_app_person_key(struct store_conn *c, int64_t person_id, char *out, size_t outsz);

/* Key rotation of application.details, as store_person_reseal_batch (person.h) for people. */
int store_app_reseal_batch(struct store_conn *c, int version, int64_t after_id, int max,
                           int64_t *last_id);

/* The number of applications whose details are not under key `version`, into *n. */
int store_app_stale_count(struct store_conn *c, int version, int64_t *n);

struct verification_row {
    const char *check_name, *result, *source, *evidence, *checked_at;
};
struct task_row {
    int64_t id;
    const char *check_name, *status, *created_at;
};

/* The latest verification row of each check for an application, and its tasks. */
int store_app_verifications(struct store_conn *c, int64_t application_id,
                            int (*fn)(const struct verification_row *r, void *arg), void *arg);
int store_app_tasks(struct store_conn *c, int64_t application_id,
                    int (*fn)(const struct task_row *r, void *arg), void *arg);

/*
 * System read (no scope: every region), for /metrics: call fn once per application status with
 * how many applications have it and how many of those have a deadline before `today`
 * (YYYY-MM-DD). One pass over the application_queue index (it covers status and deadline), so
 * its cost grows with the table: the caller caches it (app/metrics.c). 0 or a store error.
 */
int store_app_count_by_status_system(struct store_conn *c, const char *today,
                                     void (*fn)(const char *status, int64_t n,
                                                int64_t past_deadline, void *arg),
                                     void *arg);

#endif
