/*
 * stats.h — the statistics' reads and the submitted reports in the store (issue 10).
 *
 * Every read takes the report's scope: the jurisdiction prefix of its region (rules/region's
 * region_prefix), never empty; a registration counts where its scope_region lies. Dates are
 * "YYYY-MM-DD" text, compared as text (the columns hold that form). A registration's exit is the
 * one in force: registration.exit_date / exit_reason, which the exit core (app/exits) writes
 * with the exit_event row and clears on revert, so they equal the unreverted exit_event.
 *
 * Load: a province's month scans its registrations once by the narrow registration_flows index
 * (flows, index only), the period's exits by registration_exits, and its closing stock from
 * registration_stats alone (migration 056: the breakdown keys are copied onto the registration),
 * two ranges per scope_region holding only the records in stock; the stock walk can be split by
 * scope_region ranges.
 */
#ifndef UREG_STORE_STATS_H
#define UREG_STORE_STATS_H

#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* Within the scope, first per scope_region (in text order, reason "", n_exit 0) the records in
 * the opening stock, new and in the closing stock of [start, end]; then per scope_region and
 * exit reason the exits dated in it (the other counts 0). Strings valid during the callback. */
struct store_stats_flow {
    const char *scope_region, *reason;
    int64_t opening, n_new, closing, n_exit;
};
typedef int (*store_stats_flow_fn)(const struct store_stats_flow *f, void *arg);
int store_stats_flows(struct store_conn *c, const char *scope, const char *start, const char *end,
                      store_stats_flow_fn fn, void *arg);

/* One registration of a closing stock, with what the breakdowns count by (strings are the
 * query's, valid during the callback; "" for absent). */
struct store_stats_stock {
    const char *sex, *education, *reason, *birth_ym, *since, *difficulty, *served_as, *id_type,
        *hukou_region, *register_region, *residence_region;
    bool ui_benefit;
};
typedef int (*store_stats_stock_fn)(const struct store_stats_stock *r, void *arg);
/* Every registration of the scope whose scope_region lies in (lo, hi] (text order; "" and the
 * scope followed by "~" for all of it), in stock at the end of day `end`. A non-zero return of fn
 * stops the walk and is returned. */
int store_stats_stock_each(struct store_conn *c, const char *scope, const char *lo, const char *hi,
                           const char *end, store_stats_stock_fn fn, void *arg);

/* Write the breakdown keys of the closing stock (migration 056: the stat_* columns of
 * registration) from their sources, for the registrations of a person / one registration.
 * Called by every store write that changes a source value (person upsert and birth-month
 * backfill, registration insert, profile insert and update) in its transaction. 0 or a store
 * error. */
int store_stats_keys_of_person(struct store_conn *c, int64_t person_id);
int store_stats_keys_of_registration(struct store_conn *c, int64_t registration_id);

/* A record that breaks the identity: its exit is dated before its registration. */
typedef int (*store_stats_bad_fn)(const char *registration_no, const char *registered_on,
                                  const char *exit_date, void *arg);
int store_stats_exit_before_reg(struct store_conn *c, const char *scope, const char *end, int limit,
                                store_stats_bad_fn fn, void *arg);

/* The employed count of (region, period): 0 and *employed, or -ERR_NOT_FOUND. */
/* The lowest and highest scope_region of the registrations (room for 16 bytes each); both ""
 * when there are none. */
int store_stats_scope_range(struct store_conn *c, char lo[16], char hi[16]);

int store_stats_employed_get(struct store_conn *c, const char *region, const char *period,
                             int64_t *employed);
/* Set it (insert or replace). */
int store_stats_employed_set(struct store_conn *c, const char *region, const char *period,
                             int64_t employed, int64_t by, int64_t now_unix);

/* A submitted report as stored. Strings owned by the caller's struct: free with
 * store_stats_frozen_clear. */
struct store_stats_frozen {
    int64_t id;
    int cutoff;
    char *body;      /* the report JSON as submitted */
    char *frozen_at; /* clock_format text */
    int64_t frozen_by;
};
void store_stats_frozen_clear(struct store_stats_frozen *f);

/*
 * Freeze: the report row (-ERR_STATS_FROZEN when (region, period) has one) and its items, the
 * records in the opening stock, new and exited in [start, end] within scope, copied by the
 * database in three INSERT … SELECT statements. Inside the caller's write transaction.
 */
int store_stats_freeze(struct store_conn *c, const char *region, const char *period, int cutoff,
                       const char *body, const char *scope, const char *start, const char *end,
                       int64_t by, int64_t now_unix, int64_t *id);
/* The submitted report of (region, period) into *out: 0, or -ERR_NOT_FOUND. */
int store_stats_frozen_get(struct store_conn *c, const char *region, const char *period,
                           struct store_stats_frozen *out);

/* A record whose role differs between a submitted report and a recount now. */
struct store_stats_change {
    int64_t registration_id;
    const char *registration_no;
    const char *role;   /* "opening" | "new" | "exit" */
    bool added;         /* counted now, not then (false: then, not now) */
    const char *reason; /* exit: the reason counted (now when added, then when removed) */
    const char *registered_on, *exit_date; /* now ("" when none) */
};
typedef int (*store_stats_change_fn)(const struct store_stats_change *ch, void *arg);
/* The records of report `id` whose role changed when recounted over scope and [start, end]. */
int store_stats_changes(struct store_conn *c, int64_t id, const char *scope, const char *start,
                        const char *end, store_stats_change_fn fn, void *arg);

/* What the exit history says about a registration since `since` (clock text): an exit decided
 * after it (*late_exit), an exit reverted after it (*reverted), and whether the registration
 * itself was made after it (*late_registration, by its application's decision time). */
int store_stats_history(struct store_conn *c, int64_t registration_id, const char *since,
                        bool *late_exit, bool *reverted, bool *late_registration);

#endif
