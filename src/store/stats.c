/*
 * stats.c — the statistics' reads and the submitted reports in the store. See stats.h.
 *
 * Scope test as in track.c (`scope_region BETWEEN $scope AND $scope || '~'`). The reads are
 * index-only: the flows scan registration_flows (056: scope_region, registered_on, exit_date),
 * the exits a short range of registration_exits (055: exit_date, scope_region, exit_reason), and
 * the closing stock two ranges per scope_region of registration_stats (056: scope_region,
 * exit_date, registered_on, the registration's own columns and the breakdown keys copied onto
 * it, kept there by store_stats_keys_of_*). The roles of a record (opening, new, exit, closing)
 * are written once here, as SQL conditions, and shared by the counts, the freeze and the
 * recount, so that they cannot drift apart (the stock walk's two ranges are the closing one,
 * split at exit_date IS NULL):
 *   opening  registered_on < start AND (exit_date IS NULL OR exit_date >= start)
 *   new      registered_on BETWEEN start AND end
 *   exit     exit_date BETWEEN start AND end
 *   closing  registered_on <= end AND (exit_date IS NULL OR exit_date > end)
 */
#include "store/stats.h"

#include "base/clock.h"
#include "base/err.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATS__SCOPE " r.scope_region BETWEEN $1 AND $1 || '~'"
#define STATS__OPENING " r.registered_on < $2 AND (r.exit_date IS NULL OR r.exit_date >= $2)"
#define STATS__NEW " r.registered_on BETWEEN $2 AND $3"
#define STATS__EXIT " r.exit_date BETWEEN $2 AND $3"

/* The flows: one scan of the registration_flows index alone (056), in index order (no sort). */
static const char SQL_STATS_FLOWS[] =
    "SELECT r.scope_region,"
    " SUM(CASE WHEN" STATS__OPENING " THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN r.registered_on >= $2 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN r.exit_date IS NULL OR r.exit_date > $3 THEN 1 ELSE 0 END)"
    " FROM registration r WHERE" STATS__SCOPE " AND r.registered_on <= $3"
    " GROUP BY r.scope_region ORDER BY r.scope_region";
/* The exits of the period: a range of the registration_exits index (055). The scope is tested
 * as an expression so that the planner takes the short range of exit dates, not the whole
 * scope of an index by scope_region. */
static const char SQL_STATS_EXITS[] =
    "SELECT r.scope_region, COALESCE(r.exit_reason, ''), COUNT(*) FROM registration r"
    " WHERE" STATS__EXIT " AND (r.scope_region || '') BETWEEN $1 AND $1 || '~'"
    " GROUP BY r.scope_region, r.exit_reason ORDER BY r.scope_region, r.exit_reason";
/* The closing stock of one scope_region $1 at the end of day $2: two ranges of the
 * registration_stats index alone (056: scope_region, exit_date, registered_on and the breakdown
 * keys), the records not exited and those exited after the day. */
#define STATS__STOCK_COLS                                                                          \
    "SELECT r.stat_sex, r.stat_education, r.stat_reason, r.stat_birth_ym, r.stat_since,"           \
    " r.difficulty, r.served_as, r.stat_id_type, r.stat_hukou_region, r.register_region,"          \
    " r.stat_residence_region, r.ui_benefit FROM registration r WHERE r.scope_region = $1 AND"
static const char SQL_STATS_STOCK[] =
    STATS__STOCK_COLS " r.exit_date IS NULL AND r.registered_on <= $2"
                      " UNION ALL " STATS__STOCK_COLS " r.exit_date > $2 AND r.registered_on <= $2";
/* The first scope_region after $1 (or from $1: the scope's first) up to $2: a seek of an index
 * (only these bounds, or the planner may range over the whole scope and filter). */
#define STATS__NEXT_SCOPE(op)                                                                      \
    "SELECT r.scope_region FROM registration r WHERE r.scope_region " op " $1"                     \
    " AND r.scope_region <= $2 ORDER BY r.scope_region LIMIT 1"
static const char SQL_STATS_NEXT_SCOPE[] = STATS__NEXT_SCOPE(">");
static const char SQL_STATS_FIRST_SCOPE[] = STATS__NEXT_SCOPE(">=");
/* The breakdown keys of registrations (056) from their sources: person's clear fields, the
 * report's unemployment reason (the profile's when set, else the application's) and the
 * application's unemployed_since. The same statement as migration 056's backfill. */
#define STATS__KEYS_REFRESH                                                                        \
    "UPDATE registration SET (stat_sex, stat_education, stat_reason, stat_birth_ym, stat_since,"   \
    " stat_id_type, stat_hukou_region, stat_residence_region) = (SELECT p.sex, p.education,"       \
    " COALESCE(NULLIF(pf.unemployment_reason, ''), a.unemployment_reason), p.birth_ym,"            \
    " a.unemployed_since, p.id_type, p.hukou_region, p.residence_region"                           \
    " FROM person p JOIN application a ON a.id = registration.application_id"                      \
    " LEFT JOIN profile pf ON pf.registration_id = registration.id"                                \
    " WHERE p.id = registration.person_id)"
static const char SQL_STATS_KEYS_OF_PERSON[] = STATS__KEYS_REFRESH " WHERE person_id = $1";
static const char SQL_STATS_KEYS_OF_REG[] = STATS__KEYS_REFRESH " WHERE id = $1";
static const char SQL_STATS_EXIT_BEFORE_REG[] =
    "SELECT r.registration_no, r.registered_on, r.exit_date FROM registration r"
    " WHERE" STATS__SCOPE " AND r.exit_date < r.registered_on AND r.registered_on <= $2"
    " ORDER BY r.id LIMIT $3";
static const char SQL_STATS_EMPLOYED_GET[] =
    "SELECT employed FROM stats_employed WHERE region = $1 AND period = $2";
static const char SQL_STATS_EMPLOYED_SET[] =
    "INSERT INTO stats_employed (region, period, employed, entered_by, entered_at)"
    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (region, period) DO UPDATE SET"
    " employed = excluded.employed, entered_by = excluded.entered_by,"
    " entered_at = excluded.entered_at";
static const char SQL_STATS_REPORT_INSERT[] =
    "INSERT INTO stats_report (region, period, cutoff, body, frozen_by, frozen_at)"
    " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (region, period) DO NOTHING RETURNING id";
/* $4: the report id. */
static const char SQL_STATS_ITEMS_OPENING[] =
    "INSERT INTO stats_report_item (report_id, role, registration_id, reason)"
    " SELECT $4, 'opening', r.id, '' FROM registration r WHERE" STATS__SCOPE " AND" STATS__OPENING
    " AND r.registered_on <= $3";
static const char SQL_STATS_ITEMS_NEW[] =
    "INSERT INTO stats_report_item (report_id, role, registration_id, reason)"
    " SELECT $4, 'new', r.id, '' FROM registration r WHERE" STATS__SCOPE " AND" STATS__NEW;
static const char SQL_STATS_ITEMS_EXIT[] =
    "INSERT INTO stats_report_item (report_id, role, registration_id, reason)"
    " SELECT $4, 'exit', r.id, COALESCE(r.exit_reason, '') FROM registration r WHERE" STATS__SCOPE
    " AND" STATS__EXIT;
static const char SQL_STATS_FROZEN_GET[] =
    "SELECT id, cutoff, body, frozen_at, frozen_by FROM stats_report"
    " WHERE region = $1 AND period = $2";

/* The recount: records in a role now and not in the report $4 (added), and the reverse. */
#define STATS__CH_COLS                                                                             \
    "r.id, r.registration_no, r.registered_on, COALESCE(r.exit_date, ''),"                         \
    " COALESCE(r.exit_reason, '')"
#define STATS__NOT_FROZEN(role, extra)                                                             \
    " AND NOT EXISTS (SELECT 1 FROM stats_report_item i WHERE i.report_id = $4"                    \
    " AND i.role = '" role "' AND i.registration_id = r.id" extra ")"
static const char SQL_STATS_ADDED_OPENING[] =
    "SELECT " STATS__CH_COLS ", '' FROM registration r WHERE" STATS__SCOPE " AND" STATS__OPENING
    " AND r.registered_on <= $3" STATS__NOT_FROZEN("opening", "") " ORDER BY r.id";
static const char SQL_STATS_ADDED_NEW[] =
    "SELECT " STATS__CH_COLS ", '' FROM registration r WHERE" STATS__SCOPE
    " AND" STATS__NEW STATS__NOT_FROZEN("new", "") " ORDER BY r.id";
static const char SQL_STATS_ADDED_EXIT[] =
    "SELECT " STATS__CH_COLS ", COALESCE(r.exit_reason, '') FROM registration r WHERE" STATS__SCOPE
    " AND" STATS__EXIT STATS__NOT_FROZEN(
        "exit", " AND i.reason = COALESCE(r.exit_reason, '')") " ORDER BY r.id";
/* Removed: an item of the report whose registration is no longer in that role (or, for an
 * exit, no longer with that reason). */
#define STATS__REMOVED(role, cond)                                                                 \
    "SELECT " STATS__CH_COLS ", i.reason FROM stats_report_item i"                                 \
    " JOIN registration r ON r.id = i.registration_id"                                             \
    " WHERE i.report_id = $4 AND i.role = '" role "'"                                              \
    " AND NOT COALESCE((" STATS__SCOPE " AND " cond "), FALSE) ORDER BY r.id"
static const char SQL_STATS_REMOVED_OPENING[] =
    STATS__REMOVED("opening", STATS__OPENING " AND r.registered_on <= $3");
static const char SQL_STATS_REMOVED_NEW[] = STATS__REMOVED("new", STATS__NEW);
static const char SQL_STATS_REMOVED_EXIT[] =
    STATS__REMOVED("exit", STATS__EXIT " AND COALESCE(r.exit_reason, '') = i.reason");

static const char SQL_STATS_HIST_EXIT[] =
    "SELECT COALESCE(SUM(CASE WHEN decided_at > $2 THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN reverted_at IS NOT NULL AND reverted_at > $2 THEN 1 ELSE 0 END), 0)"
    " FROM exit_event WHERE registration_id = $1";
static const char SQL_STATS_HIST_REG[] =
    "SELECT CASE WHEN a.decided_at IS NOT NULL AND a.decided_at > $2 THEN 1 ELSE 0 END"
    " FROM registration r JOIN application a ON a.id = r.application_id WHERE r.id = $1";

static const char *stats__s(const char *s)
{
    return s ? s : "";
}

/* Bind the scope and the period's days to $1..$3. */
static void stats__bind(struct store_q *q, const char *scope, const char *start, const char *end)
{
    store_q_text(q, 1, scope);
    store_q_text(q, 2, start);
    store_q_text(q, 3, end);
}

static int stats__flows(struct store_conn *c, const char *scope, const char *start, const char *end,
                        store_stats_flow_fn fn, void *arg)
{
    struct store_q *q = store_q_open(c, SQL_STATS_FLOWS);
    stats__bind(q, scope, start, end);
    int rc;
    while ((rc = store_q_step(q)) == 1) {
        struct store_stats_flow f = {
            .scope_region = stats__s(store_q_col_text(q, 0)),
            .reason = "",
            .opening = store_q_col_int(q, 1),
            .n_new = store_q_col_int(q, 2),
            .closing = store_q_col_int(q, 3),
        };
        rc = fn(&f, arg);
        if (rc != 0)
            break;
    }
    store_q_close(q);
    if (rc != 0)
        return rc;
    q = store_q_open(c, SQL_STATS_EXITS);
    stats__bind(q, scope, start, end);
    while ((rc = store_q_step(q)) == 1) {
        struct store_stats_flow f = {
            .scope_region = stats__s(store_q_col_text(q, 0)),
            .reason = stats__s(store_q_col_text(q, 1)),
            .n_exit = store_q_col_int(q, 2),
        };
        rc = fn(&f, arg);
        if (rc != 0)
            break;
    }
    store_q_close(q);
    return rc;
}

static int stats__stock_walk(struct store_conn *c, const char *scope, const char *lo,
                             const char *hi, const char *end, store_stats_stock_fn fn, void *arg)
{
    /* Scope_region by scope_region (a seek each: a province has about a hundred), so that each
     * walk is a range of the records in stock, not of every record of the scope. */
    char cur[16];
    bool first = strcmp(lo, scope) < 0; /* from the scope's first scope_region */
    snprintf(cur, sizeof cur, "%s", first ? scope : lo);
    for (;; first = false) {
        struct store_q *q = store_q_open(c, first ? SQL_STATS_FIRST_SCOPE : SQL_STATS_NEXT_SCOPE);
        store_q_text(q, 1, cur);
        store_q_text(q, 2, hi);
        int rc = store_q_step(q);
        if (rc == 1)
            snprintf(cur, sizeof cur, "%s", stats__s(store_q_col_text(q, 0)));
        store_q_close(q);
        if (rc != 1)
            return rc;
        q = store_q_open(c, SQL_STATS_STOCK);
        store_q_text(q, 1, cur);
        store_q_text(q, 2, end);
        while ((rc = store_q_step(q)) == 1) {
            struct store_stats_stock r = {0};
            const char **cols[] = {
                &r.sex,          &r.education,       &r.reason,          &r.birth_ym,
                &r.since,        &r.difficulty,      &r.served_as,       &r.id_type,
                &r.hukou_region, &r.register_region, &r.residence_region};
            for (int i = 0; i < (int)(sizeof cols / sizeof *cols); i++)
                *cols[i] = stats__s(store_q_col_text(q, i));
            r.ui_benefit = store_q_col_int(q, 11) != 0;
            rc = fn(&r, arg);
            if (rc != 0)
                break;
        }
        store_q_close(q);
        if (rc != 0)
            return rc;
    }
}

/* The flows and the stock walk are the report's long scans (store_scan_mode). */
int store_stats_flows(struct store_conn *c, const char *scope, const char *start, const char *end,
                      store_stats_flow_fn fn, void *arg)
{
    int rc = store_scan_mode(c, true);
    if (rc == 0)
        rc = stats__flows(c, scope, start, end, fn, arg);
    int e = store_scan_mode(c, false);
    return rc != 0 ? rc : e;
}

int store_stats_stock_each(struct store_conn *c, const char *scope, const char *lo, const char *hi,
                           const char *end, store_stats_stock_fn fn, void *arg)
{
    int rc = store_scan_mode(c, true);
    if (rc == 0)
        rc = stats__stock_walk(c, scope, lo, hi, end, fn, arg);
    int e = store_scan_mode(c, false);
    return rc != 0 ? rc : e;
}

static int stats__keys(struct store_conn *c, const char *sql, int64_t id)
{
    struct store_q *q = store_q_open(c, sql);
    store_q_int(q, 1, id);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_stats_keys_of_person(struct store_conn *c, int64_t person_id)
{
    return stats__keys(c, SQL_STATS_KEYS_OF_PERSON, person_id);
}

int store_stats_keys_of_registration(struct store_conn *c, int64_t registration_id)
{
    return stats__keys(c, SQL_STATS_KEYS_OF_REG, registration_id);
}

int store_stats_exit_before_reg(struct store_conn *c, const char *scope, const char *end, int limit,
                                store_stats_bad_fn fn, void *arg)
{
    struct store_q *q = store_q_open(c, SQL_STATS_EXIT_BEFORE_REG);
    store_q_text(q, 1, scope);
    store_q_text(q, 2, end);
    store_q_int(q, 3, limit);
    int rc;
    while ((rc = store_q_step(q)) == 1) {
        rc = fn(stats__s(store_q_col_text(q, 0)), stats__s(store_q_col_text(q, 1)),
                stats__s(store_q_col_text(q, 2)), arg);
        if (rc != 0)
            break;
    }
    store_q_close(q);
    return rc;
}

static const char SQL_STATS_SCOPE_RANGE[] =
    "SELECT COALESCE(MIN(scope_region), ''), COALESCE(MAX(scope_region), '') FROM registration";

int store_stats_scope_range(struct store_conn *c, char lo[16], char hi[16])
{
    struct store_q *q = store_q_open(c, SQL_STATS_SCOPE_RANGE);
    int rc = store_q_step(q);
    lo[0] = hi[0] = '\0';
    if (rc == 1) {
        snprintf(lo, 16, "%s", store_q_col_text(q, 0) ? store_q_col_text(q, 0) : "");
        snprintf(hi, 16, "%s", store_q_col_text(q, 1) ? store_q_col_text(q, 1) : "");
        rc = 0;
    }
    store_q_close(q);
    return rc;
}

int store_stats_employed_get(struct store_conn *c, const char *region, const char *period,
                             int64_t *employed)
{
    struct store_q *q = store_q_open(c, SQL_STATS_EMPLOYED_GET);
    store_q_text(q, 1, region);
    store_q_text(q, 2, period);
    return store_q_one_int(q, employed, -ERR_NOT_FOUND);
}

int store_stats_employed_set(struct store_conn *c, const char *region, const char *period,
                             int64_t employed, int64_t by, int64_t now_unix)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_STATS_EMPLOYED_SET);
    store_q_text(q, 1, region);
    store_q_text(q, 2, period);
    store_q_int(q, 3, employed);
    if (by > 0)
        store_q_int(q, 4, by);
    else
        store_q_null(q, 4);
    store_q_text(q, 5, clock_format(now_unix, now));
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

void store_stats_frozen_clear(struct store_stats_frozen *f)
{
    free(f->body);
    free(f->frozen_at);
    memset(f, 0, sizeof *f);
}

/* Run one of the SQL_STATS_ITEMS_* copies for report id. */
static int stats__items(struct store_conn *c, const char *sql, const char *scope, const char *start,
                        const char *end, int64_t id)
{
    struct store_q *q = store_q_open(c, sql);
    stats__bind(q, scope, start, end);
    store_q_int(q, 4, id);
    int rc = store_q_done(q);
    return rc < 0 ? rc : 0;
}

int store_stats_freeze(struct store_conn *c, const char *region, const char *period, int cutoff,
                       const char *body, const char *scope, const char *start, const char *end,
                       int64_t by, int64_t now_unix, int64_t *id)
{
    char now[CLOCK_STRLEN];
    struct store_q *q = store_q_open(c, SQL_STATS_REPORT_INSERT);
    store_q_text(q, 1, region);
    store_q_text(q, 2, period);
    store_q_int(q, 3, cutoff);
    store_q_text(q, 4, body);
    if (by > 0)
        store_q_int(q, 5, by);
    else
        store_q_null(q, 5);
    store_q_text(q, 6, clock_format(now_unix, now));
    int rc = store_q_one_int(q, id, -ERR_STATS_FROZEN);
    if (rc == 0)
        rc = stats__items(c, SQL_STATS_ITEMS_OPENING, scope, start, end, *id);
    if (rc == 0)
        rc = stats__items(c, SQL_STATS_ITEMS_NEW, scope, start, end, *id);
    if (rc == 0)
        rc = stats__items(c, SQL_STATS_ITEMS_EXIT, scope, start, end, *id);
    return rc;
}

int store_stats_frozen_get(struct store_conn *c, const char *region, const char *period,
                           struct store_stats_frozen *out)
{
    memset(out, 0, sizeof *out);
    struct store_q *q = store_q_open(c, SQL_STATS_FROZEN_GET);
    store_q_text(q, 1, region);
    store_q_text(q, 2, period);
    int rc = store_q_step(q);
    if (rc == 1) {
        out->id = store_q_col_int(q, 0);
        out->cutoff = (int)store_q_col_int(q, 1);
        out->body = xstrdup(stats__s(store_q_col_text(q, 2)));
        out->frozen_at = xstrdup(stats__s(store_q_col_text(q, 3)));
        out->frozen_by = store_q_col_int(q, 4);
        rc = 0;
    } else if (rc == 0) {
        rc = -ERR_NOT_FOUND;
    }
    store_q_close(q);
    return rc;
}

/* Walk one recount query into fn. */
static int stats__changes(struct store_conn *c, const char *sql, const char *role, bool added,
                          int64_t id, const char *scope, const char *start, const char *end,
                          store_stats_change_fn fn, void *arg)
{
    struct store_q *q = store_q_open(c, sql);
    stats__bind(q, scope, start, end);
    store_q_int(q, 4, id);
    int rc;
    while ((rc = store_q_step(q)) == 1) {
        struct store_stats_change ch = {
            .registration_id = store_q_col_int(q, 0),
            .registration_no = stats__s(store_q_col_text(q, 1)),
            .registered_on = stats__s(store_q_col_text(q, 2)),
            .exit_date = stats__s(store_q_col_text(q, 3)),
            .reason = stats__s(store_q_col_text(q, 5)),
            .role = role,
            .added = added,
        };
        rc = fn(&ch, arg);
        if (rc != 0)
            break;
    }
    store_q_close(q);
    return rc;
}

int store_stats_changes(struct store_conn *c, int64_t id, const char *scope, const char *start,
                        const char *end, store_stats_change_fn fn, void *arg)
{
    static const struct {
        const char *sql, *role;
        bool added;
    } walks[] = {
        {SQL_STATS_ADDED_OPENING, "opening", true}, {SQL_STATS_REMOVED_OPENING, "opening", false},
        {SQL_STATS_ADDED_NEW, "new", true},         {SQL_STATS_REMOVED_NEW, "new", false},
        {SQL_STATS_ADDED_EXIT, "exit", true},       {SQL_STATS_REMOVED_EXIT, "exit", false},
    };
    int rc = 0;
    for (size_t i = 0; i < sizeof walks / sizeof *walks && rc == 0; i++)
        rc = stats__changes(c, walks[i].sql, walks[i].role, walks[i].added, id, scope, start, end,
                            fn, arg);
    return rc;
}

int store_stats_history(struct store_conn *c, int64_t registration_id, const char *since,
                        bool *late_exit, bool *reverted, bool *late_registration)
{
    struct store_q *q = store_q_open(c, SQL_STATS_HIST_EXIT);
    store_q_int(q, 1, registration_id);
    store_q_text(q, 2, since);
    int rc = store_q_step(q);
    if (rc == 1) {
        *late_exit = store_q_col_int(q, 0) > 0;
        *reverted = store_q_col_int(q, 1) > 0;
        rc = 0;
    }
    store_q_close(q);
    if (rc < 0)
        return rc;
    q = store_q_open(c, SQL_STATS_HIST_REG);
    store_q_int(q, 1, registration_id);
    store_q_text(q, 2, since);
    int64_t late = 0;
    rc = store_q_one_int(q, &late, 0);
    *late_registration = late != 0;
    return rc < 0 ? rc : 0;
}
