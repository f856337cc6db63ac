/*
 * registration.h — a registration as the caseworker works on it: the view (with the application
 * it came from, its agency and caseworker), the list of a region with filters, the fields the
 * caseworker changes (served-as marker, 就业困难人员 categories, designated caseworker), the
 * first-contact state (人社厅发〔2020〕79号) and the per-tier policy (分级). The registration row
 * itself is inserted by store/application.c (the decision's write path).
 *
 * Every read takes the caller's scope (a jurisdiction prefix): outside it, -ERR_NOT_FOUND, as if
 * absent. Functions named _system read every region and are for start-up batches only. Personal
 * data is not read here: the list carries the person's name only masked (rules/mask), the view
 * the person id for store/person.c.
 */
#ifndef UREG_STORE_REGISTRATION_H
#define UREG_STORE_REGISTRATION_H

#include "base/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

struct reg_view {
    int64_t id, person_id, agency_id, caseworker_id, application_id;
    const char *registration_no, *status, *registered_on, *register_region, *scope_region;
    const char *difficulty;                           /* JSON list text */
    const char *served_as;                            /* "" for none */
    const char *first_contact_due, *first_contact_on; /* YYYY-MM-DD or NULL */
    bool ui_benefit;
    const char *exit_reason, *exit_date, *exit_note; /* NULL while active */
    int exit_notified;                               /* -1 when NULL */
    /* the application it came from */
    const char *application_no, *national_no, *channel, *submitted_at, *accepted_on, *decided_at;
    const char *agency_name, *caseworker_name; /* "" when none */
};

/* The registration `reg_no` within `scope`; strings from `ar`. -ERR_NOT_FOUND. */
int store_reg_get(struct store_conn *c, const char *scope, const char *reg_no, struct arena *ar,
                  struct reg_view *out);

struct reg_list_row {
    int64_t id;
    const char *registration_no, *status, *registered_on, *register_region;
    const char *caseworker_name, *tier, *categories, *served_as;
    const char *first_contact_due, *first_contact_on; /* NULL when absent */
    char name_masked[64];
};

struct reg_list_query {
    const char *scope;      /* jurisdiction prefix; never NULL */
    int64_t caseworker_id;  /* 0: any */
    const char *tier;       /* "" or NULL: any */
    const char *category;   /* a client_category code: profiles listing it; NULL any */
    const char *served_as;  /* NULL any */
    const char *status;     /* NULL: active */
    const char *overdue_on; /* YYYY-MM-DD: only first contacts still open and due before it */
    int64_t before_id;      /* cursor: only ids below this (0: from the newest) */
    int limit;
};

/* Call fn for each matching registration, newest (highest id) first; returns how many rows
 * were visited or a negative error. fn returning non-zero stops the walk. */
int store_reg_list(struct store_conn *c, const struct reg_list_query *q,
                   int (*fn)(const struct reg_list_row *r, void *arg), void *arg);

/* Set the caseworker-kept fields of registration `id` (within `scope`): served_as, difficulty
 * (JSON list text) and caseworker_id (0 keeps the current one). -ERR_NOT_FOUND. */
int store_reg_update(struct store_conn *c, const char *scope, int64_t id, const char *served_as,
                     const char *difficulty, int64_t caseworker_id);

/* Record that the first contact happened on `day` (YYYY-MM-DD), if it is still open. Returns 1
 * when this closed it, 0 when it was closed already, or a negative error. */
int store_reg_first_contact_done(struct store_conn *c, int64_t id, const char *day);

/* Whether user `user_id` is an enabled caseworker or supervisor of an agency within `scope`:
 * 0, or -ERR_NOT_FOUND. */
int store_reg_user_in_scope(struct store_conn *c, const char *scope, int64_t user_id);

/*
 * Start-up batch over every region: call due(registered_on, arg) for each distinct
 * registration day whose registrations have no first-contact due day yet (made before
 * migration 007), and store the answer (YYYY-MM-DD into a buffer of 11) for them. Returns the
 * number of registrations filled, or a negative error. Runs in the caller's write transaction.
 */
int store_reg_first_contact_backfill_system(
    struct store_conn *c, int (*due)(const char *registered_on, char *out, void *arg), void *arg);

/* The tier's policy: contact interval in days and offered service types (JSON list text, from
 * `ar`). -ERR_NOT_FOUND for a tier without a row. */
int store_tier_policy_get(struct store_conn *c, const char *tier, struct arena *ar,
                          int *contact_days, const char **services);

/* Call fn for every tier's policy row, in tier order; returns the count or a negative error. */
int store_tier_policy_list(struct store_conn *c,
                           int (*fn)(const char *tier, int contact_days, const char *services,
                                     void *arg),
                           void *arg);

/* Insert or replace the tier's policy, stamped `now_unix`. */
int store_tier_policy_set(struct store_conn *c, const char *tier, int contact_days,
                          const char *services, int64_t now_unix);

#endif
