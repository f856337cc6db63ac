/*
 * profile.h — the registered person's profile (notice §4(一)), one row per registration: the
 * unemployment reason, skills, job intent and the caseworker's tier and categories. Seeded from
 * the application form when a registration is made (app/case.c); the services issue keeps it.
 * No personal data here (that is store/person.c's), so no masking.
 */
#ifndef UREG_STORE_PROFILE_H
#define UREG_STORE_PROFILE_H

#include "base/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

struct profile {
    int64_t registration_id, updated_by; /* updated_by 0: the system */
    const char *scope_region, *unemployment_reason, *skills, *certificates, *skill_level;
    const char *intent_occupation, *intent_region;
    int64_t intent_salary_min, intent_salary_max; /* yuan a month, 0 not stated */
    bool training_intent, startup_intent;
    const char *explained_on; /* YYYY-MM-DD or NULL */
    const char *tier;         /* "" until assigned */
    const char *categories;   /* JSON list text; NULL stores "[]" */
};

/* Insert the profile of a new registration, stamped `now_unix` (the caller's clock reading),
 * inside the caller's write transaction. NULL strings store "". -ERR_CONFLICT when the
 * registration has one already (nothing written). */
int store_profile_insert(struct store_conn *c, const struct profile *p, int64_t now_unix);

/* Replace the profile of registration p->registration_id (within `scope`) by *p (scope_region
 * is kept), stamped `now_unix` and p->updated_by, inside the caller's write transaction.
 * -ERR_NOT_FOUND when absent or outside the scope. */
int store_profile_update(struct store_conn *c, const char *scope, const struct profile *p,
                         int64_t now_unix);

/* The profile of registration `registration_id` within `scope` (the caller's jurisdiction prefix,
 * "" for the system); strings from `ar`. -ERR_NOT_FOUND when absent or outside the scope. */
int store_profile_get(struct store_conn *c, const char *scope, int64_t registration_id,
                      struct arena *ar, struct profile *out);

#endif
