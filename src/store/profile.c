/*
 * profile.c — the registered person's profile. See profile.h.
 *
 * One row per registration, keyed by its id; reads are scoped like every case read
 * (`scope_region BETWEEN $scope AND $scope || '~'`, see application.c).
 */
#include "store/profile.h"

#include "base/clock.h"
#include "base/err.h"
#include "store/stats.h"

#include <string.h>

#define PROFILE__COLS                                                                              \
    "registration_id, scope_region, unemployment_reason, skills, certificates, skill_level,"       \
    " intent_occupation, intent_region, intent_salary_min, intent_salary_max, training_intent,"    \
    " startup_intent, explained_on, tier, categories, updated_by"

static const char SQL_PROFILE_INSERT[] =
    "INSERT INTO profile (" PROFILE__COLS ", updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)";
static const char SQL_PROFILE_UPDATE[] =
    "UPDATE profile SET unemployment_reason = $3, skills = $4, certificates = $5,"
    " skill_level = $6, intent_occupation = $7, intent_region = $8, intent_salary_min = $9,"
    " intent_salary_max = $10, training_intent = $11, startup_intent = $12, explained_on = $13,"
    " tier = $14, categories = $15, updated_by = $16, updated_at = $17"
    " WHERE registration_id = $1 AND scope_region BETWEEN $2 AND $2 || '~'";
static const char SQL_PROFILE_GET[] = "SELECT " PROFILE__COLS " FROM profile"
                                      " WHERE registration_id = $1"
                                      " AND scope_region BETWEEN $2 AND $2 || '~'";

static const char *profile__s(const char *s)
{
    return s ? s : "";
}

/* Bind $3..$17 of a profile row: every field after the key ($1) and the scope ($2). */
static void profile__bind(struct store_q *q, const struct profile *p, int64_t now_unix)
{
    char now[CLOCK_STRLEN];
    const char *text[] = {p->unemployment_reason, p->skills,       p->certificates, p->skill_level,
                          p->intent_occupation,   p->intent_region};
    for (int i = 0; i < (int)(sizeof text / sizeof *text); i++)
        store_q_text(q, 3 + i, profile__s(text[i]));
    store_q_int(q, 9, p->intent_salary_min);
    store_q_int(q, 10, p->intent_salary_max);
    store_q_int(q, 11, p->training_intent);
    store_q_int(q, 12, p->startup_intent);
    store_q_text(q, 13, p->explained_on); /* NULL stays NULL */
    store_q_text(q, 14, profile__s(p->tier));
    store_q_text(q, 15, p->categories ? p->categories : "[]");
    if (p->updated_by > 0)
        store_q_int(q, 16, p->updated_by);
    else
        store_q_null(q, 16);
    store_q_text(q, 17, clock_format(now_unix, now));
}

int store_profile_insert(struct store_conn *c, const struct profile *p, int64_t now_unix)
{
    struct store_q *q = store_q_open(c, SQL_PROFILE_INSERT);
    store_q_int(q, 1, p->registration_id);
    store_q_text(q, 2, profile__s(p->scope_region));
    profile__bind(q, p, now_unix);
    int rc = store_q_done(q);
    /* The report's unemployment reason is the profile's when set (migration 056). */
    return rc < 0 ? rc : store_stats_keys_of_registration(c, p->registration_id);
}

int store_profile_update(struct store_conn *c, const char *scope, const struct profile *p,
                         int64_t now_unix)
{
    struct store_q *q = store_q_open(c, SQL_PROFILE_UPDATE);
    store_q_int(q, 1, p->registration_id);
    store_q_text(q, 2, scope ? scope : "");
    profile__bind(q, p, now_unix);
    int rc = store_q_done(q);
    if (rc < 0)
        return rc;
    return rc == 1 ? store_stats_keys_of_registration(c, p->registration_id) : -ERR_NOT_FOUND;
}

int store_profile_get(struct store_conn *c, const char *scope, int64_t registration_id,
                      struct arena *ar, struct profile *out)
{
    memset(out, 0, sizeof *out);
    struct store_q *q = store_q_open(c, SQL_PROFILE_GET);
    store_q_int(q, 1, registration_id);
    store_q_text(q, 2, scope ? scope : "");
    int rc = store_q_step(q);
    if (rc == 1) {
        const char **text[] = {
            &out->scope_region, &out->unemployment_reason, &out->skills,       &out->certificates,
            &out->skill_level,  &out->intent_occupation,   &out->intent_region};
        out->registration_id = store_q_col_int(q, 0);
        for (int i = 0; i < (int)(sizeof text / sizeof *text); i++)
            *text[i] = arena_strdup(ar, profile__s(store_q_col_text(q, 1 + i)));
        out->intent_salary_min = store_q_col_int(q, 8);
        out->intent_salary_max = store_q_col_int(q, 9);
        out->training_intent = store_q_col_int(q, 10) != 0;
        out->startup_intent = store_q_col_int(q, 11) != 0;
        const char *explained = store_q_col_text(q, 12);
        out->explained_on = explained ? arena_strdup(ar, explained) : NULL;
        out->tier = arena_strdup(ar, profile__s(store_q_col_text(q, 13)));
        out->categories = arena_strdup(ar, profile__s(store_q_col_text(q, 14)));
        out->updated_by = store_q_col_int(q, 15);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}
