/*
 * registration.c — the caseworker's registration reads and updates. See registration.h.
 *
 * Scope test as everywhere: `scope_region BETWEEN $scope AND $scope || '~'` (application.c).
 * Load: the view is one indexed row (registration_no is UNIQUE) with three joins; the list an
 * index walk over registration_scope, newest first, a page at a time (LIMIT); the backfill one
 * UPDATE per distinct registration day (registration_first_contact), once.
 */
#include "store/registration.h"

#include "store/person.h"

#include "base/clock.h"
#include "base/err.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_REG_GET[] =
    "SELECT r.id, r.person_id, COALESCE(r.agency_id, 0), COALESCE(r.caseworker_id, 0),"
    " r.application_id, r.registration_no, r.status, r.registered_on, r.register_region,"
    " r.scope_region, r.difficulty, r.served_as, r.first_contact_due, r.first_contact_on,"
    " r.exit_reason, r.exit_date, r.exit_note, COALESCE(r.exit_notified, -1), r.ui_benefit,"
    " a.application_no, a.national_no, a.channel, a.submitted_at, a.accepted_on, a.decided_at,"
    " COALESCE(g.name, ''), COALESCE(u.username, '')"
    " FROM registration r JOIN application a ON a.id = r.application_id"
    " LEFT JOIN agency g ON g.id = r.agency_id LEFT JOIN app_user u ON u.id = r.caseworker_id"
    " WHERE r.registration_no = $1 AND r.scope_region BETWEEN $2 AND $2 || '~'";
/* The person's name is read only to be masked before it leaves the store (person.c's rule). */
static const char SQL_REG_LIST[] =
    "SELECT r.id, r.registration_no, r.status, r.registered_on, r.register_region,"
    " COALESCE(u.username, ''), COALESCE(f.tier, ''), COALESCE(f.categories, '[]'), r.served_as,"
    " r.first_contact_due, r.first_contact_on, p.name, p.id, p.key_version"
    " FROM registration r JOIN person p ON p.id = r.person_id"
    " LEFT JOIN profile f ON f.registration_id = r.id"
    " LEFT JOIN app_user u ON u.id = r.caseworker_id"
    " WHERE r.scope_region BETWEEN $1 AND $1 || '~' AND r.status = $2"
    " AND ($3 = 0 OR r.caseworker_id = $3)"
    " AND ($4 = '' OR f.tier = $4)"
    " AND ($5 = '' OR f.categories LIKE '%\"' || $5 || '\"%')"
    " AND ($6 = '' OR r.served_as = $6)"
    " AND ($7 = '' OR (r.first_contact_on IS NULL AND r.first_contact_due < $7))"
    " AND ($8 = 0 OR r.id < $8)"
    " ORDER BY r.id DESC LIMIT $9";
static const char SQL_REG_UPDATE[] =
    "UPDATE registration SET served_as = $3, difficulty = $4,"
    " caseworker_id = CASE WHEN $5 = 0 THEN caseworker_id ELSE $5 END"
    " WHERE id = $1 AND scope_region BETWEEN $2 AND $2 || '~'";
static const char SQL_REG_FIRST_CONTACT[] =
    "UPDATE registration SET first_contact_on = $2 WHERE id = $1 AND first_contact_on IS NULL";
static const char SQL_REG_USER_IN_SCOPE[] =
    "SELECT u.id FROM app_user u JOIN agency g ON g.id = u.agency_id"
    " WHERE u.id = $1 AND u.disabled = 0 AND u.role IN ('caseworker', 'supervisor')"
    " AND g.region BETWEEN $2 AND $2 || '~'";
static const char SQL_REG_BACKFILL_DAYS[] =
    "SELECT DISTINCT registered_on FROM registration WHERE first_contact_due IS NULL"
    " ORDER BY registered_on";
static const char SQL_REG_BACKFILL_SET[] =
    "UPDATE registration SET first_contact_due = $2"
    " WHERE registered_on = $1 AND first_contact_due IS NULL";
static const char SQL_TIER_POLICY_GET[] =
    "SELECT contact_days, services FROM tier_policy WHERE tier = $1";
static const char SQL_TIER_POLICY_LIST[] =
    "SELECT tier, contact_days, services FROM tier_policy ORDER BY tier";
static const char SQL_TIER_POLICY_SET[] =
    "INSERT INTO tier_policy (tier, contact_days, services, updated_at) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (tier) DO UPDATE SET contact_days = $2, services = $3, updated_at = $4";

static const char *reg__dup(struct arena *ar, const char *s)
{
    return s ? arena_strdup(ar, s) : NULL;
}

static void reg__row(struct store_q *q, struct arena *ar, struct reg_view *o)
{
    o->id = store_q_col_int(q, 0);
    o->person_id = store_q_col_int(q, 1);
    o->agency_id = store_q_col_int(q, 2);
    o->caseworker_id = store_q_col_int(q, 3);
    o->application_id = store_q_col_int(q, 4);
    const char **text[] = {
        &o->registration_no,  &o->status,      &o->registered_on, &o->register_region,
        &o->scope_region,     &o->difficulty,  &o->served_as,     &o->first_contact_due,
        &o->first_contact_on, &o->exit_reason, &o->exit_date,     &o->exit_note};
    for (int i = 0; i < (int)(sizeof text / sizeof *text); i++)
        *text[i] = reg__dup(ar, store_q_col_text(q, 5 + i));
    o->exit_notified = (int)store_q_col_int(q, 17);
    o->ui_benefit = store_q_col_int(q, 18) != 0;
    const char **app[] = {&o->application_no, &o->national_no,    &o->channel,
                          &o->submitted_at,   &o->accepted_on,    &o->decided_at,
                          &o->agency_name,    &o->caseworker_name};
    for (int i = 0; i < (int)(sizeof app / sizeof *app); i++)
        *app[i] = reg__dup(ar, store_q_col_text(q, 19 + i));
}

int store_reg_get(struct store_conn *c, const char *scope, const char *reg_no, struct arena *ar,
                  struct reg_view *out)
{
    memset(out, 0, sizeof *out);
    struct store_q *q = store_q_open(c, SQL_REG_GET);
    store_q_text(q, 1, reg_no ? reg_no : "");
    store_q_text(q, 2, scope ? scope : "");
    int rc = store_q_step(q);
    if (rc == 1) {
        reg__row(q, ar, out);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

static const char *reg__s(const char *s)
{
    return s ? s : "";
}

int store_reg_list(struct store_conn *c, const struct reg_list_query *lq,
                   int (*fn)(const struct reg_list_row *r, void *arg), void *arg)
{
    struct store_q *q = store_q_open(c, SQL_REG_LIST);
    store_q_text(q, 1, lq->scope);
    store_q_text(q, 2, lq->status ? lq->status : "active");
    store_q_int(q, 3, lq->caseworker_id);
    store_q_text(q, 4, reg__s(lq->tier));
    store_q_text(q, 5, reg__s(lq->category));
    store_q_text(q, 6, reg__s(lq->served_as));
    store_q_text(q, 7, reg__s(lq->overdue_on));
    store_q_int(q, 8, lq->before_id);
    store_q_int(q, 9, lq->limit);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        struct reg_list_row r = {
            .id = store_q_col_int(q, 0),
            .registration_no = store_q_col_text(q, 1),
            .status = store_q_col_text(q, 2),
            .registered_on = store_q_col_text(q, 3),
            .register_region = store_q_col_text(q, 4),
            .caseworker_name = store_q_col_text(q, 5),
            .tier = store_q_col_text(q, 6),
            .categories = store_q_col_text(q, 7),
            .served_as = store_q_col_text(q, 8),
            .first_contact_due = store_q_col_text(q, 9),
            .first_contact_on = store_q_col_text(q, 10),
        };
        rc = store_person_name_masked(store_q_col_int(q, 12), (int)store_q_col_int(q, 13),
                                      store_q_col_text(q, 11), r.name_masked, sizeof r.name_masked);
        if (rc < 0)
            break;
        n++;
        if (fn(&r, arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}

int store_reg_update(struct store_conn *c, const char *scope, int64_t id, const char *served_as,
                     const char *difficulty, int64_t caseworker_id)
{
    struct store_q *q = store_q_open(c, SQL_REG_UPDATE);
    store_q_int(q, 1, id);
    store_q_text(q, 2, scope);
    store_q_text(q, 3, reg__s(served_as));
    store_q_text(q, 4, difficulty ? difficulty : "[]");
    store_q_int(q, 5, caseworker_id);
    int rc = store_q_done(q);
    return rc < 0 ? rc : rc == 1 ? 0 : -ERR_NOT_FOUND;
}

int store_reg_first_contact_done(struct store_conn *c, int64_t id, const char *day)
{
    struct store_q *q = store_q_open(c, SQL_REG_FIRST_CONTACT);
    store_q_int(q, 1, id);
    store_q_text(q, 2, day);
    int rc = store_q_done(q);
    return rc < 0 ? rc : rc > 0;
}

int store_reg_user_in_scope(struct store_conn *c, const char *scope, int64_t user_id)
{
    struct store_q *q = store_q_open(c, SQL_REG_USER_IN_SCOPE);
    store_q_int(q, 1, user_id);
    store_q_text(q, 2, scope);
    return store_q_one_int(q, NULL, -ERR_NOT_FOUND);
}

int store_reg_first_contact_backfill_system(
    struct store_conn *c, int (*due)(const char *registered_on, char *out, void *arg), void *arg)
{
    /* The distinct days first (few: one per day of operation), then one UPDATE per day. */
    char(*days)[11] = NULL;
    size_t n = 0, cap = 0;
    struct store_q *q = store_q_open(c, SQL_REG_BACKFILL_DAYS);
    int rc;
    while ((rc = store_q_step(q)) == 1) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            days = xrealloc(days, cap * sizeof *days);
        }
        snprintf(days[n++], sizeof *days, "%s", reg__s(store_q_col_text(q, 0)));
    }
    store_q_close(q);
    int filled = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char out[11];
        rc = due(days[i], out, arg);
        if (rc < 0)
            break;
        q = store_q_open(c, SQL_REG_BACKFILL_SET);
        store_q_text(q, 1, days[i]);
        store_q_text(q, 2, out);
        rc = store_q_done(q);
        if (rc > 0)
            filled += rc;
        rc = rc < 0 ? rc : 0;
    }
    free(days);
    return rc < 0 ? rc : filled;
}

int store_tier_policy_get(struct store_conn *c, const char *tier, struct arena *ar,
                          int *contact_days, const char **services)
{
    struct store_q *q = store_q_open(c, SQL_TIER_POLICY_GET);
    store_q_text(q, 1, reg__s(tier));
    int rc = store_q_step(q);
    if (rc == 1) {
        *contact_days = (int)store_q_col_int(q, 0);
        *services = arena_strdup(ar, reg__s(store_q_col_text(q, 1)));
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

int store_tier_policy_set(struct store_conn *c, const char *tier, int contact_days,
                          const char *services, int64_t now_unix)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_TIER_POLICY_SET);
    store_q_text(q, 1, tier);
    store_q_int(q, 2, contact_days);
    store_q_text(q, 3, services);
    store_q_text(q, 4, clock_format(now_unix, now));
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_tier_policy_list(struct store_conn *c,
                           int (*fn)(const char *tier, int contact_days, const char *services,
                                     void *arg),
                           void *arg)
{
    struct store_q *q = store_q_open(c, SQL_TIER_POLICY_LIST);
    int rc, n = 0;
    while ((rc = store_q_step(q)) == 1) {
        n++;
        if (fn(reg__s(store_q_col_text(q, 0)), (int)store_q_col_int(q, 1),
               reg__s(store_q_col_text(q, 2)), arg) != 0)
            break;
    }
    store_q_close(q);
    return rc < 0 ? rc : n;
}
