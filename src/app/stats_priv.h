/*
 * stats_priv.h — the report being counted, shared by stats.c (counting), stats_check.c (checks,
 * freeze, recount) and stats_export.c (the form). For src/app/stats*.c and their unit test.
 */
#ifndef UREG_APP_STATS_PRIV_H
#define UREG_APP_STATS_PRIV_H

#include "app/access.h"
#include "app/app.h"
#include "base/date.h"
#include "base/err.h"
#include "base/json.h"
#include "rules/region.h"
#include "rules/stats.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STATS__TALLY_MAX 48    /* distinct codes of one breakdown; beyond: "other" */
#define STATS__CHILDREN_MAX 64 /* regions below one region (a province has up to ~21 cities) */

/* Counts by short code (sex, education, reasons, ...): a few dozen keys at most. */
struct stats__tally {
    int n;
    char keys[STATS__TALLY_MAX][24];
    int64_t v[STATS__TALLY_MAX];
    int64_t other;
};
void stats__tally_add(struct stats__tally *t, const char *key, int64_t n);
int64_t stats__tally_sum(const struct stats__tally *t);
json_t *stats__tally_json(const struct stats__tally *t); /* new reference */

struct stats__counts {
    int64_t opening, n_new, closing, exits_total;
    struct stats__tally exits;
};

/* The breakdowns of the closing stock. */
struct stats__breakdown {
    int64_t n;
    struct stats__tally sex, education, reason, served_as, difficulty;
    int64_t age[STATS_AGE__COUNT], duration[STATS_DUR__COUNT], hukou[STATS_HUKOU__COUNT],
        urban[STATS_URBAN__COUNT];
    int64_t difficulty_any, ui_benefit;
    char last_residence[REGION_CODE_MAX];
    enum stats_urban last_urban;
};

/* A scope_region met by the flows, with its closing stock: where the stock walk is split. */
struct stats__scope {
    char code[REGION_CODE_MAX + 4];
    int64_t closing;
};

struct stats__report {
    struct stats_period p;
    int cutoff;
    bool partial;
    char period[STATS_PERIOD_STRLEN];
    char start[DATE_STRLEN], end[DATE_STRLEN];
    const struct region *region;
    char scope[REGION_CODE_MAX];
    int n_children;
    const struct region *children[STATS__CHILDREN_MAX];
    char child_scope[STATS__CHILDREN_MAX][REGION_CODE_MAX];
    struct stats__counts total, direct;
    struct stats__counts *child; /* n_children, allocated by stats__count */
    struct stats__breakdown b;
    int64_t employed;            /* -1: not entered */
    struct stats__scope *scopes; /* in text order, allocated by stats__count */
    int n_scopes, cap_scopes;
};

/* Check period and region for the actor and fill rep's period, region, scope and children
 * (cutoff -1: the policy's). 0, or an error set in ec. */
int stats__resolve(struct app *a, const struct actor *by, const char *period, const char *region,
                   int cutoff, struct stats__report *rep, struct err_ctx *ec);
struct store_conn;
/* Count rep on c (the breakdowns and the employed count only when with_stock). */
int stats__count(struct store_conn *c, struct stats__report *rep, bool with_stock);
/* The same on a read connection (app__read). */
int stats__run(struct app *a, struct stats__report *rep, bool with_stock);
void stats__report_free(struct stats__report *rep);
/* The display name of the report's region ("全国" for the whole country) into buf. */
void stats__region_name(const struct stats__report *rep, char *buf, size_t n);
json_t *stats__report_json(const struct stats__report *rep); /* new reference */
json_t *stats__counts_json(const struct stats__counts *k);   /* new reference */

#endif
