/*
 * services.h — serving a registered person (人社厅发〔2020〕3号 §4, §5 ¶1; 79号): the registration
 * with its whole history, the region's list of registrations, the profile with tier and
 * categories, service records with corrections, contacts, and the caseworker's due list.
 *
 * Reads are scoped to the actor's jurisdiction: outside it -ERR_NOT_FOUND, as if absent. Personal
 * data comes masked; `reveal` needs PERM_CASE_READ and is audited (person.reveal) before the data
 * is read. Every write is one transaction of its own: checks (rules/record), rows, one audit
 * entry without personal data, commit; a failed check changes nothing.
 */
#ifndef UREG_APP_SERVICES_H
#define UREG_APP_SERVICES_H

#include "app/access.h"
#include "app/app.h"
#include "base/arena.h"
#include "base/err.h"
#include "rules/followup.h"
#include "rules/record.h"
#include "store/person.h"
#include "store/profile.h"
#include "store/record.h"
#include "store/registration.h"

#include <stdbool.h>
#include <stdint.h>

struct services_view {
    struct reg_view reg;
    struct person person;
    struct profile profile;
    int tier_contact_days;      /* the tier's policy; 0 when no tier is assigned */
    const char *tier_services;  /* JSON list text of the tier's offered service types, or "[]" */
    bool first_contact_overdue; /* still open and its due day has passed */
    /* issue 9: the follow-up counters as of today (app/followup.h: derived, never stored) */
    struct followup_counters counters;
};

/* The registration `reg_no` as `by` may see it, with person, profile and tier policy; strings
 * from `ar`. The read is audited (person.read); `reveal` unmasks and needs a stated `reason`
 * (person.reveal; -ERR_REVEAL_REASON), as an application's view does (app/review.h). */
int app_services_get(struct app *a, const struct actor *by, const char *reg_no, bool reveal,
                     const char *reason, struct arena *ar, struct services_view *out);

/* The history of a viewed registration: service records and contacts, newest first. */
int app_services_history(struct app *a, const struct services_view *v,
                         int (*sfn)(const struct service_row *r, void *arg), void *sarg,
                         int (*cfn)(const struct contact_row *r, void *arg), void *carg);

/* The filters of the registration list; NULL/0 members do not filter. */
struct services_filter {
    const char *caseworker; /* a user id, or "me" */
    const char *tier, *category, *served_as, *status;
    bool overdue; /* only those whose first contact is overdue */
};

/* The registrations of `by`'s region, newest first, after the cursor (the `next` of the previous
 * page, NULL from the start), `limit` 1..100; next_cursor (≥ 24 bytes) gets the next page's cursor
 * or "". -ERR_FIELD_INVALID with ec->field for a bad filter or cursor. */
int app_services_list(struct app *a, const struct actor *by, const struct services_filter *f,
                      const char *cursor, int limit,
                      int (*fn)(const struct reg_list_row *r, void *arg), void *arg,
                      char *next_cursor, struct err_ctx *ec);

/* Whether a list row's first contact is overdue today. */
bool app_services_row_overdue(const struct reg_list_row *r);

/* Change the profile, tier, categories, served-as marker, 就业困难人员 categories or designated
 * caseworker (record.h: unset members are kept). Audited as registration.profile with the names
 * of the fields that changed. *changed gets how many did (0: nothing written or audited). */
int app_services_profile(struct app *a, const struct actor *by, const char *reg_no,
                         const struct record_profile_edit *e, int *changed, struct err_ctx *ec);

/* A service to record; `corrects` names the record it replaces (0: a new service). */
struct services_new {
    struct record_service s;
    int64_t corrects;
};

/* Record a service (audited registration.service). A first_contact service closes the first
 * contact; a record linking to a service (link_kind "service") is that service's follow-up and
 * must name one of the same registration. *id gets the new record's id. */
int app_services_add(struct app *a, const struct actor *by, const char *reg_no,
                     const struct services_new *n, int64_t *id, struct err_ctx *ec);

/* Record a contact (audited registration.contact); a reached contact closes the first contact. */
int app_services_contact(struct app *a, const struct actor *by, const char *reg_no, int32_t date,
                         const char *method, const char *result, const char *note, int64_t *id,
                         struct err_ctx *ec);

/* The due list of `by`'s region: caseworker (a user id, "me" or NULL for all) and agency (an id
 * or NULL), earliest first, at most `limit` (1..500). */
int app_services_due(struct app *a, const struct actor *by, const char *caseworker,
                     const char *agency, int limit, int (*fn)(const struct due_row *r, void *arg),
                     void *arg, struct err_ctx *ec);

/* Set a tier's policy (`ureg policy tier`): contact interval 1..366 days and the offered service
 * types (service_type codes, comma-separated; NULL keeps the current list). Audited policy.tier.
 * Takes effect at once (read per request). */
int app_services_tier_set(struct app *a, const struct actor *by, const char *tier, int contact_days,
                          const char *services, struct err_ctx *ec);

/* Call fn for every tier's policy (tier code, contact days, JSON list of service types). */
int app_services_tier_list(struct app *a,
                           int (*fn)(const char *tier, int contact_days, const char *services,
                                     void *arg),
                           void *arg);

#endif
