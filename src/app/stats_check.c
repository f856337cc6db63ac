/*
 * stats_check.c — the consistency checks of §6, the submitted (frozen) report and its recount,
 * and the employed count. See stats.h.
 *
 * The checks count each region below on its own (its own scope query), so "the regions below
 * sum to the region above" compares independent counts, not the same rows added twice. A
 * freeze stores the report's JSON and its records by role in one write transaction; a recount
 * counts again under the cut-off the report was counted with and names the records whose role
 * changed, with the cause the exit history gives (an exit decided or reverted after the
 * submission, a registration made after it, else a corrected date).
 */
#include "app/stats.h"
#include "app/stats_priv.h"

#include "app/app_priv.h"
#include "base/clock.h"
#include "base/xalloc.h"
#include "store/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATS__BAD_MAX 100 /* records listed that break the identity */

/* One check's row. */
static json_t *stats__check_row(const char *check, const char *region, bool ok)
{
    return json_pack("{s:s,s:s,s:b}", "check", check, "region", region, "ok", ok);
}

/* The identity for counts k of `region`, appended to checks; false when broken. */
static bool stats__identity(json_t *checks, const char *region, const struct stats__counts *k)
{
    bool ok = stats_identity_ok(k->opening, k->n_new, k->exits_total, k->closing);
    json_t *row = stats__check_row("identity", region, ok);
    json_object_set_new(row, "opening", json_integer(k->opening));
    json_object_set_new(row, "new", json_integer(k->n_new));
    json_object_set_new(row, "exits", json_integer(k->exits_total));
    json_object_set_new(row, "closing", json_integer(k->closing));
    json_array_append_new(checks, row);
    return ok;
}

static int stats__bad_row(const char *registration_no, const char *registered_on,
                          const char *exit_date, void *arg)
{
    json_array_append_new(arg, json_pack("{s:s,s:s,s:s,s:s}", "registration_no", registration_no,
                                         "registered_on", registered_on, "exit_date", exit_date,
                                         "problem", "exit_before_registration"));
    return 0;
}

/* Everything the checks read, on one connection. */
struct stats__checks {
    struct stats__report *rep, *next, *kids; /* kids: one report per region below */
    json_t *records;
};

static int stats__checks_fn(struct store_conn *c, void *arg)
{
    struct stats__checks *k = arg;
    int rc = stats__count(c, k->rep, false);
    if (rc == 0)
        rc = stats__count(c, k->next, false);
    for (int i = 0; rc == 0 && i < k->rep->n_children; i++)
        rc = stats__count(c, &k->kids[i], false);
    if (rc == 0)
        rc = store_stats_exit_before_reg(c, k->rep->scope, k->rep->end, STATS__BAD_MAX,
                                         stats__bad_row, k->records);
    return rc;
}

/* A report of the region below `i` of rep, for the same period. */
static void stats__kid(const struct stats__report *rep, int i, struct stats__report *kid)
{
    memset(kid, 0, sizeof *kid);
    kid->p = rep->p;
    kid->cutoff = rep->cutoff;
    memcpy(kid->period, rep->period, sizeof kid->period);
    memcpy(kid->start, rep->start, sizeof kid->start);
    memcpy(kid->end, rep->end, sizeof kid->end);
    kid->region = rep->children[i];
    memcpy(kid->scope, rep->child_scope[i], sizeof kid->scope);
    kid->employed = -1;
}

/* The sum check of the regions below against the region, appended to checks. */
static bool stats__sum_check(json_t *checks, const struct stats__checks *k)
{
    struct stats__counts sum = k->rep->direct;
    for (int i = 0; i < k->rep->n_children; i++) {
        sum.opening += k->kids[i].total.opening;
        sum.n_new += k->kids[i].total.n_new;
        sum.exits_total += k->kids[i].total.exits_total;
        sum.closing += k->kids[i].total.closing;
    }
    const struct stats__counts *t = &k->rep->total;
    bool ok = sum.opening == t->opening && sum.n_new == t->n_new &&
              sum.exits_total == t->exits_total && sum.closing == t->closing;
    json_t *row = stats__check_row("regions_below_sum", k->rep->region->code, ok);
    json_object_set_new(row, "below", stats__counts_json(&sum));
    json_object_set_new(row, "region_total", stats__counts_json(t));
    json_array_append_new(checks, row);
    return ok;
}

/* The checks' JSON from what stats__checks_fn counted. */
static json_t *stats__checks_json(struct stats__checks *k)
{
    json_t *checks = json_array();
    const struct stats__report *rep = k->rep;
    bool ok = stats__identity(checks, rep->region->code, &rep->total);
    for (int i = 0; i < rep->n_children; i++)
        ok = stats__identity(checks, rep->children[i]->code, &k->kids[i].total) && ok;
    ok = stats__sum_check(checks, k) && ok;
    bool carried = rep->total.closing == k->next->total.opening;
    json_t *row = stats__check_row("closing_is_next_opening", rep->region->code, carried);
    json_object_set_new(row, "closing", json_integer(rep->total.closing));
    json_object_set_new(row, "next_period", json_string(k->next->period));
    json_object_set_new(row, "next_opening", json_integer(k->next->total.opening));
    json_array_append_new(checks, row);
    ok = ok && carried;
    return json_pack("{s:s,s:s,s:b,s:o,s:O}", "period", rep->period, "region", rep->region->code,
                     "ok", ok, "checks", checks, "records", k->records);
}

int app_stats_check(struct app *a, const struct actor *by, const char *period, const char *region,
                    json_t **out, struct err_ctx *ec)
{
    *out = NULL;
    struct stats__report rep, next;
    int rc = stats__resolve(a, by, period, region, -1, &rep, ec);
    if (rc < 0)
        return rc;
    next = rep;
    stats_period_next(&rep.p, rep.cutoff, &next.p);
    stats_period_name(&next.p, next.period);
    date_format(next.p.start, next.start);
    date_format(next.p.end, next.end);
    struct stats__checks k = {.rep = &rep, .next = &next, .records = json_array()};
    k.kids = xcalloc((size_t)(rep.n_children > 0 ? rep.n_children : 1), sizeof *k.kids);
    for (int i = 0; i < rep.n_children; i++)
        stats__kid(&rep, i, &k.kids[i]);
    rc = app__read(a, false, stats__checks_fn, &k);
    if (rc == 0)
        *out = stats__checks_json(&k);
    for (int i = 0; i < rep.n_children; i++)
        stats__report_free(&k.kids[i]);
    free(k.kids);
    json_decref(k.records);
    stats__report_free(&rep);
    stats__report_free(&next);
    return rc;
}

int app_stats_freeze(struct app *a, const struct actor *by, const char *period, const char *region,
                     json_t **out, struct err_ctx *ec)
{
    *out = NULL;
    struct stats__report rep;
    int rc = stats__resolve(a, by, period, region, -1, &rep, ec);
    if (rc < 0)
        return rc;
    int64_t now = clock_now(), id = 0;
    struct store_conn *c = store_acquire(a->store);
    rc = store_tx_begin(c, true);
    json_t *body = NULL;
    char *text = NULL;
    if (rc == 0)
        rc = stats__count(c, &rep, true);
    if (rc == 0) {
        body = stats__report_json(&rep);
        text = json_dump(body);
        rc = store_stats_freeze(c, rep.region->code, rep.period, rep.cutoff, text, rep.scope,
                                rep.start, rep.end, by->kind == ACTOR_STAFF ? by->user_id : 0, now,
                                &id);
    }
    if (rc == 0) {
        char obj[32];
        snprintf(obj, sizeof obj, "%s/%s", rep.region->code, rep.period);
        rc = app_audit(c, by, now, "stats.freeze", "stats_report", obj,
                       json_pack("{s:I,s:I}", "report_id", (json_int_t)id, "closing",
                                 (json_int_t)rep.total.closing));
    }
    rc = store_tx_end(c, rc);
    store_release(a->store, c);
    free(text);
    stats__report_free(&rep);
    if (rc < 0) {
        json_decref(body);
        return err_set(ec, rc, rc == -ERR_STATS_FROZEN ? "period" : NULL);
    }
    *out = body;
    return 0;
}

/* The recount's reads on one connection. */
struct stats__recount {
    struct stats__report *rep;
    struct store_stats_frozen frozen;
    const char *region;
    int limit, n_changes;
    json_t *records;
};

/* Why a record changed role since `since`, from its exit history. */
static const char *stats__cause(const struct store_stats_change *ch, bool late_exit, bool reverted,
                                bool late_reg)
{
    if (strcmp(ch->role, "new") == 0)
        return ch->added && late_reg ? "late_registration" : "registration_date_corrected";
    if (reverted && !ch->added)
        return "exit_reverted";
    if (reverted && strcmp(ch->role, "opening") == 0)
        return "exit_reverted";
    if (late_exit)
        return "late_exit";
    return strcmp(ch->role, "exit") == 0 ? "exit_date_corrected" : "date_corrected";
}

struct stats__change_arg {
    struct stats__recount *r;
    struct store_conn *c;
};

static int stats__change_row(const struct store_stats_change *ch, void *arg)
{
    struct stats__change_arg *x = arg;
    if (x->r->n_changes++ >= x->r->limit)
        return 0;
    bool late_exit = false, reverted = false, late_reg = false;
    int rc = store_stats_history(x->c, ch->registration_id, x->r->frozen.frozen_at, &late_exit,
                                 &reverted, &late_reg);
    if (rc < 0)
        return rc;
    json_array_append_new(x->r->records,
                          json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "registration_no",
                                    ch->registration_no, "role", ch->role, "change",
                                    ch->added ? "added" : "removed", "reason", ch->reason,
                                    "registered_on", ch->registered_on, "exit_date", ch->exit_date,
                                    "cause", stats__cause(ch, late_exit, reverted, late_reg)));
    return 0;
}

static int stats__recount_fn(struct store_conn *c, void *arg)
{
    struct stats__recount *r = arg;
    store_stats_frozen_clear(&r->frozen);
    int rc = store_stats_frozen_get(c, r->region, r->rep->period, &r->frozen);
    if (rc == -ERR_NOT_FOUND)
        return -ERR_STATS_NOT_FROZEN;
    if (rc < 0)
        return rc;
    /* Counted again under the cut-off of the submission, whatever the setting is now. */
    if (r->frozen.cutoff != r->rep->cutoff) {
        r->rep->cutoff = r->frozen.cutoff;
        struct stats_period p;
        stats_period_make(r->rep->p.year, r->rep->p.month, r->rep->p.n_months, r->rep->cutoff, &p);
        r->rep->p = p;
        date_format(p.start, r->rep->start);
        date_format(p.end, r->rep->end);
    }
    rc = stats__count(c, r->rep, true);
    struct stats__change_arg x = {.r = r, .c = c};
    if (rc == 0)
        rc = store_stats_changes(c, r->frozen.id, r->rep->scope, r->rep->start, r->rep->end,
                                 stats__change_row, &x);
    return rc;
}

/* now − then of the figures and of each exit reason. */
static json_t *stats__differences(json_t *then, json_t *now, bool *same)
{
    json_t *d = json_object();
    const char *figs[] = {"opening", "new", "exits_total", "closing"};
    *same = true;
    for (size_t i = 0; i < sizeof figs / sizeof *figs; i++) {
        json_int_t v = json_integer_value(json_object_get(now, figs[i])) -
                       json_integer_value(json_object_get(then, figs[i]));
        json_object_set_new(d, figs[i], json_integer(v));
        *same = *same && v == 0;
    }
    json_t *ex = json_object(), *en = json_object_get(now, "exits"),
           *et = json_object_get(then, "exits");
    const char *key;
    json_t *v;
    json_object_foreach(en, key, v)
    {
        json_int_t diff = json_integer_value(v) - json_integer_value(json_object_get(et, key));
        if (diff)
            json_object_set_new(ex, key, json_integer(diff));
    }
    json_object_foreach(et, key, v)
    {
        if (!json_object_get(en, key) && json_integer_value(v))
            json_object_set_new(ex, key, json_integer(-json_integer_value(v)));
    }
    *same = *same && json_object_size(ex) == 0;
    json_object_set_new(d, "exits", ex);
    return d;
}

int app_stats_recount(struct app *a, const struct actor *by, const char *period, const char *region,
                      int limit, json_t **out, struct err_ctx *ec)
{
    *out = NULL;
    if (limit < 1 || limit > 1000)
        return err_set(ec, -ERR_FIELD_INVALID, "limit");
    struct stats__report rep;
    int rc = stats__resolve(a, by, period, region, -1, &rep, ec);
    if (rc < 0)
        return rc;
    struct stats__recount r = {
        .rep = &rep, .region = rep.region->code, .limit = limit, .records = json_array()};
    rc = app__read(a, false, stats__recount_fn, &r);
    json_t *then = NULL;
    if (rc == 0 && json_parse_object(r.frozen.body, strlen(r.frozen.body), &then) < 0)
        rc = -ERR_INTERNAL;
    if (rc == 0) {
        json_t *now = stats__report_json(&rep);
        bool same;
        json_t *diff = stats__differences(then, now, &same);
        *out = json_pack("{s:s,s:s,s:o,s:s,s:o,s:b,s:o,s:O,s:i}", "period", rep.period, "region",
                         rep.region->code, "frozen", then, "frozen_at", r.frozen.frozen_at,
                         "recount", now, "same", same && r.n_changes == 0, "differences", diff,
                         "records", r.records, "records_total", r.n_changes);
    }
    if (rc < 0)
        err_set(ec, rc, rc == -ERR_STATS_NOT_FROZEN ? "period" : NULL);
    json_decref(r.records);
    store_stats_frozen_clear(&r.frozen);
    stats__report_free(&rep);
    return rc;
}

int app_stats_employed_set(struct app *a, const struct actor *by, const char *period,
                           const char *region, int64_t employed, struct err_ctx *ec)
{
    if (employed < 0 || employed > 1000000000)
        return err_set(ec, -ERR_STATS_EMPLOYED, "employed");
    struct stats__report rep;
    int rc = stats__resolve(a, by, period, region, -1, &rep, ec);
    if (rc < 0)
        return rc;
    int64_t now = clock_now();
    struct store_conn *c = store_acquire(a->store);
    rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = store_stats_employed_set(c, rep.region->code, rep.period, employed,
                                      by->kind == ACTOR_STAFF ? by->user_id : 0, now);
    if (rc == 0) {
        char obj[32];
        snprintf(obj, sizeof obj, "%s/%s", rep.region->code, rep.period);
        rc = app_audit(c, by, now, "stats.employed", "stats_employed", obj,
                       json_pack("{s:I}", "employed", (json_int_t)employed));
    }
    rc = store_tx_end(c, rc);
    store_release(a->store, c);
    stats__report_free(&rep);
    return rc;
}
