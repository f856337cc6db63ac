/*
 * stats.c — the monthly and quarterly report of a region, counted from the records. See stats.h.
 *
 * One report is three reads (store/stats.h): the flows grouped by scope_region (opening, new,
 * closing), the exits grouped by scope_region and reason, and one walk over the closing stock
 * that fills every breakdown at once in C (the bands and classes of rules/stats). The rows of
 * the grouped reads are added to the region's totals and to the region below that holds them
 * (by prefix), or to "direct" when a record is registered at the region itself. The report
 * object is jansson's; the functions of stats_check.c and stats_export.c build on it.
 */
#include "app/stats.h"
#include "app/stats_priv.h"

#include "app/app_priv.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/xalloc.h"
#include "rules/region.h"
#include "rules/stats.h"
#include "store/stats.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void stats__tally_add(struct stats__tally *t, const char *key, int64_t n)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->keys[i], key) == 0) {
            t->v[i] += n;
            return;
        }
    if (t->n == STATS__TALLY_MAX || strlen(key) >= sizeof t->keys[0]) {
        t->other += n;
        return;
    }
    snprintf(t->keys[t->n], sizeof t->keys[0], "%s", key);
    t->v[t->n++] = n;
}

int64_t stats__tally_sum(const struct stats__tally *t)
{
    int64_t s = t->other;
    for (int i = 0; i < t->n; i++)
        s += t->v[i];
    return s;
}

json_t *stats__tally_json(const struct stats__tally *t)
{
    json_t *o = json_object();
    for (int i = 0; i < t->n; i++)
        json_object_set_new(o, t->keys[i], json_integer(t->v[i]));
    if (t->other)
        json_object_set_new(o, "other", json_integer(t->other));
    return o;
}

/* The whole country: the report of the system actor (the CLI, whose scope is every region) over
 * registrations of several provinces, or named by its code. Its scope is "" (every
 * scope_region), the regions below it are the provinces. Not a row of the region table. */
static const struct region stats__country = {
    .code = STATS_COUNTRY_CODE, .name = "全国", .parent = "", .level = (enum region_level)0};

/* The region a report names when the caller gives none: the actor's own, or for the system
 * actor the smallest province, city or county holding every registration, and the whole country
 * (STATS_COUNTRY_CODE) when they lie in several provinces or there are none (CONTRACT.md:
 * `report monthly [--region CODE]`). */
static void stats__default_region(struct app *a, const struct actor *by, char out[16])
{
    snprintf(out, 16, "%s", STATS_COUNTRY_CODE);
    if (by->region[0]) {
        snprintf(out, 16, "%s", by->region);
        return;
    }
    char lo[16] = "", hi[16] = "";
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, false);
    if (rc == 0) {
        rc = store_stats_scope_range(c, lo, hi);
        store_tx_end(c, 0);
    }
    store_release(a->store, c);
    if (rc < 0 || strlen(lo) < 6 || strlen(hi) < 6)
        return;
    int n = strncmp(lo, hi, 6) == 0   ? 6
            : strncmp(lo, hi, 4) == 0 ? 4
            : strncmp(lo, hi, 2) == 0 ? 2
                                      : 0;
    if (n == 0)
        return;
    snprintf(out, 16, "%.*s%.*s", n, lo, 6 - n, "0000");
}

void stats__region_name(const struct stats__report *rep, char *buf, size_t n)
{
    if (rep->region == &stats__country)
        snprintf(buf, n, "%s", stats__country.name);
    else
        region_path_name(rep->region->code, buf, n);
}

/* The whole country's report: scope "", the provinces below. System actor only. */
static int stats__resolve_country(struct stats__report *rep)
{
    rep->region = &stats__country;
    rep->scope[0] = '\0';
    date_format(rep->p.start, rep->start);
    date_format(rep->p.end, rep->end);
    rep->n_children = region_children(NULL, rep->children, STATS__CHILDREN_MAX);
    if (rep->n_children > STATS__CHILDREN_MAX)
        rep->n_children = STATS__CHILDREN_MAX;
    for (int i = 0; i < rep->n_children; i++)
        region_prefix(rep->children[i]->code, rep->child_scope[i], sizeof rep->child_scope[i]);
    return 0;
}

int stats__resolve(struct app *a, const struct actor *by, const char *period, const char *region,
                   int cutoff, struct stats__report *rep, struct err_ctx *ec)
{
    memset(rep, 0, sizeof *rep);
    rep->employed = -1;
    rep->cutoff = cutoff < 0 ? a->policy.stats_cutoff_day : cutoff;
    int rc = stats_period_parse(period, rep->cutoff, &rep->p);
    if (rc < 0)
        return err_set(ec, rc, "period");
    if (!stats_period_started(&rep->p, clock_today()))
        return err_set(ec, -ERR_STATS_PERIOD_FUTURE, "period");
    rep->partial = rep->p.end >= clock_today();
    stats_period_name(&rep->p, rep->period);
    char fallback[16];
    if (!(region && *region))
        stats__default_region(a, by, fallback);
    const char *code = region && *region ? region : fallback;
    if (by->kind == ACTOR_SYSTEM && strcmp(code, STATS_COUNTRY_CODE) == 0)
        return stats__resolve_country(rep);
    rc = region_validate6(code);
    if (rc < 0)
        return err_set(ec, rc, "region");
    rep->region = region_find(code);
    region_prefix(code, rep->scope, sizeof rep->scope);
    if (!rep->scope[0])
        return err_set(ec, -ERR_REGION_INVALID, "region");
    /* The actor's jurisdiction holds the report's region: its prefix starts with the scope. */
    if (by->kind != ACTOR_SYSTEM && strncmp(rep->scope, by->scope, strlen(by->scope)) != 0)
        return err_set(ec, -ERR_STATS_REGION_SCOPE, "region");
    if (by->kind != ACTOR_SYSTEM && !by->scope[0])
        return err_set(ec, -ERR_STATS_REGION_SCOPE, "region");
    date_format(rep->p.start, rep->start);
    date_format(rep->p.end, rep->end);
    rep->n_children = region_children(rep->region->code, rep->children, STATS__CHILDREN_MAX);
    if (rep->n_children > STATS__CHILDREN_MAX)
        rep->n_children = STATS__CHILDREN_MAX;
    for (int i = 0; i < rep->n_children; i++)
        region_prefix(rep->children[i]->code, rep->child_scope[i], sizeof rep->child_scope[i]);
    return 0;
}

/* The counts that `scope_region` adds to: the child holding it, or direct. */
static struct stats__counts *stats__slot(struct stats__report *rep, const char *scope_region)
{
    for (int i = 0; i < rep->n_children; i++) {
        size_t n = strlen(rep->child_scope[i]);
        if (n && strncmp(scope_region, rep->child_scope[i], n) == 0)
            return &rep->child[i];
    }
    return &rep->direct;
}

static int stats__flow_row(const struct store_stats_flow *f, void *arg)
{
    struct stats__report *rep = arg;
    struct stats__counts *to[] = {&rep->total, stats__slot(rep, f->scope_region)};
    for (int i = 0; i < 2; i++) {
        to[i]->opening += f->opening;
        to[i]->n_new += f->n_new;
        to[i]->closing += f->closing;
        if (f->n_exit) {
            stats__tally_add(&to[i]->exits, f->reason, f->n_exit);
            to[i]->exits_total += f->n_exit;
        }
    }
    /* The flow rows come by scope_region: a new one with a stock opens a slot. */
    if (f->closing == 0)
        return 0;
    struct stats__scope *last = rep->n_scopes ? &rep->scopes[rep->n_scopes - 1] : NULL;
    if (!last || strcmp(last->code, f->scope_region) != 0) {
        if (rep->n_scopes == rep->cap_scopes) {
            rep->cap_scopes = rep->cap_scopes ? rep->cap_scopes * 2 : 64;
            rep->scopes = xrealloc(rep->scopes, (size_t)rep->cap_scopes * sizeof *rep->scopes);
        }
        last = &rep->scopes[rep->n_scopes++];
        snprintf(last->code, sizeof last->code, "%s", f->scope_region);
        last->closing = 0;
    }
    last->closing += f->closing;
    return 0;
}

/* Each quoted code of a JSON list of strings such as ["10","40"] into the tally; 1 when any. */
static int stats__difficulty(struct stats__tally *t, const char *list)
{
    int any = 0;
    const char *p = list;
    while ((p = strchr(p, '"')) != NULL) {
        const char *q = strchr(p + 1, '"');
        if (!q)
            break;
        char code[24];
        size_t n = (size_t)(q - p - 1);
        if (n > 0 && n < sizeof code) {
            memcpy(code, p + 1, n);
            code[n] = '\0';
            stats__tally_add(t, code, 1);
            any = 1;
        }
        p = q + 1;
    }
    return any;
}

/* One urban class lookup per distinct residence code in a row (codes repeat in long runs). */
static enum stats_urban stats__urban(struct stats__breakdown *b, const char *code)
{
    if (strcmp(b->last_residence, code) != 0) {
        snprintf(b->last_residence, sizeof b->last_residence, "%s", code);
        b->last_urban = stats_urban_class(code);
    }
    return b->last_urban;
}

/* A walk over (part of) a closing stock into one breakdown. */
struct stats__walk {
    int32_t end;
    struct stats__breakdown *b;
};

static int stats__stock_row(const struct store_stats_stock *r, void *arg)
{
    const struct stats__walk *w = arg;
    struct stats__breakdown *b = w->b;
    b->n++;
    stats__tally_add(&b->sex, r->sex[0] ? r->sex : "unknown", 1);
    stats__tally_add(&b->education, r->education[0] ? r->education : "unknown", 1);
    stats__tally_add(&b->reason, r->reason[0] ? r->reason : "unknown", 1);
    stats__tally_add(&b->served_as, r->served_as[0] ? r->served_as : "none", 1);
    b->age[stats_age_band(r->birth_ym, w->end)]++;
    b->duration[stats_duration_band(r->since, w->end)]++;
    b->hukou[stats_hukou_class(r->id_type, r->hukou_region, r->register_region)]++;
    enum stats_urban u = stats__urban(b, r->residence_region);
    b->urban[u]++;
    b->difficulty_any += stats__difficulty(&b->difficulty, r->difficulty);
    b->ui_benefit += r->ui_benefit;
    return 0;
}

/* Add the counts of breakdown src into dst. */
static void stats__breakdown_add(struct stats__breakdown *dst, const struct stats__breakdown *src)
{
    dst->n += src->n;
    const struct stats__tally *from[] = {&src->sex, &src->education, &src->reason, &src->served_as,
                                         &src->difficulty};
    struct stats__tally *to[] = {&dst->sex, &dst->education, &dst->reason, &dst->served_as,
                                 &dst->difficulty};
    for (int t = 0; t < 5; t++) {
        for (int i = 0; i < from[t]->n; i++)
            stats__tally_add(to[t], from[t]->keys[i], from[t]->v[i]);
        to[t]->other += from[t]->other;
    }
    for (int i = 0; i < STATS_AGE__COUNT; i++)
        dst->age[i] += src->age[i];
    for (int i = 0; i < STATS_DUR__COUNT; i++)
        dst->duration[i] += src->duration[i];
    for (int i = 0; i < STATS_HUKOU__COUNT; i++)
        dst->hukou[i] += src->hukou[i];
    for (int i = 0; i < STATS_URBAN__COUNT; i++)
        dst->urban[i] += src->urban[i];
    dst->difficulty_any += src->difficulty_any;
    dst->ui_benefit += src->ui_benefit;
}

/* The closing stock of the scope_regions in (lo, hi] into b, on c. */
static int stats__stock(struct store_conn *c, const struct stats__report *rep, const char *lo,
                        const char *hi, struct stats__breakdown *b)
{
    struct stats__walk w = {.end = rep->p.end, .b = b};
    return store_stats_stock_each(c, rep->scope, lo, hi, rep->end, stats__stock_row, &w);
}

/* The upper end of the whole scope in text order: the scope followed by '~'. */
static void stats__scope_hi(const struct stats__report *rep, char hi[REGION_CODE_MAX + 2])
{
    snprintf(hi, REGION_CODE_MAX + 2, "%s~", rep->scope);
}

static int stats__employed(struct store_conn *c, struct stats__report *rep)
{
    int64_t employed;
    int e = store_stats_employed_get(c, rep->region->code, rep->period, &employed);
    if (e == 0)
        rep->employed = employed;
    return e == -ERR_NOT_FOUND ? 0 : e;
}

int stats__count(struct store_conn *c, struct stats__report *rep, bool with_stock)
{
    rep->child = xcalloc((size_t)(rep->n_children > 0 ? rep->n_children : 1), sizeof *rep->child);
    int rc = store_stats_flows(c, rep->scope, rep->start, rep->end, stats__flow_row, rep);
    char hi[REGION_CODE_MAX + 2];
    stats__scope_hi(rep, hi);
    if (rc == 0 && with_stock)
        rc = stats__stock(c, rep, "", hi, &rep->b);
    if (rc == 0 && with_stock)
        rc = stats__employed(c, rep);
    return rc;
}

void stats__report_free(struct stats__report *rep)
{
    free(rep->child);
    rep->child = NULL;
    free(rep->scopes);
    rep->scopes = NULL;
    rep->n_scopes = rep->cap_scopes = 0;
}

json_t *stats__counts_json(const struct stats__counts *k)
{
    return json_pack("{s:I,s:I,s:o,s:I,s:I,s:b}", "opening", (json_int_t)k->opening, "new",
                     (json_int_t)k->n_new, "exits", stats__tally_json(&k->exits), "exits_total",
                     (json_int_t)k->exits_total, "closing", (json_int_t)k->closing, "identity_ok",
                     stats_identity_ok(k->opening, k->n_new, k->exits_total, k->closing));
}

/* An array of enum-indexed counts as an object keyed by `key(i)`. */
static json_t *stats__bands(const int64_t *v, int n, const char *(*key)(int))
{
    json_t *o = json_object();
    for (int i = 0; i < n; i++)
        json_object_set_new(o, key(i), json_integer(v[i]));
    return o;
}

static const char *stats__age_k(int i)
{
    return stats_age_key((enum stats_age)i);
}
static const char *stats__dur_k(int i)
{
    return stats_duration_key((enum stats_duration)i);
}
static const char *stats__hukou_k(int i)
{
    return stats_hukou_key((enum stats_hukou)i);
}
static const char *stats__urban_k(int i)
{
    return stats_urban_key((enum stats_urban)i);
}

/* The breakdowns of the closing stock and the urban rate, into o. */
static void stats__breakdowns_json(const struct stats__report *rep, json_t *o)
{
    const struct stats__breakdown *b = &rep->b;
    json_object_set_new(o, "by_sex", stats__tally_json(&b->sex));
    json_object_set_new(o, "by_age", stats__bands(b->age, STATS_AGE__COUNT, stats__age_k));
    json_object_set_new(o, "by_education", stats__tally_json(&b->education));
    json_object_set_new(o, "by_unemployment_reason", stats__tally_json(&b->reason));
    json_object_set_new(o, "by_duration",
                        stats__bands(b->duration, STATS_DUR__COUNT, stats__dur_k));
    json_object_set_new(o, "long_term", json_integer(b->duration[STATS_DUR_OVER12]));
    json_object_set_new(o, "by_difficulty", stats__tally_json(&b->difficulty));
    json_object_set_new(o, "difficulty_any", json_integer(b->difficulty_any));
    json_object_set_new(o, "ui_benefit", json_integer(b->ui_benefit));
    json_object_set_new(o, "by_served_as", stats__tally_json(&b->served_as));
    json_object_set_new(o, "by_hukou", stats__bands(b->hukou, STATS_HUKOU__COUNT, stats__hukou_k));
    json_object_set_new(o, "by_residence",
                        stats__bands(b->urban, STATS_URBAN__COUNT, stats__urban_k));
    int64_t urban = b->urban[STATS_URBAN];
    json_object_set_new(o, "urban_unemployed", json_integer(urban));
    json_object_set_new(o, "employed",
                        rep->employed >= 0 ? json_integer(rep->employed) : json_null());
    int64_t bp = stats_rate_bp(urban, rep->employed);
    char rate[32];
    snprintf(rate, sizeof rate, "%lld.%02lld", (long long)(bp / 100), (long long)(bp % 100));
    json_object_set_new(o, "urban_rate_percent", bp >= 0 ? json_string(rate) : json_null());
}

/* The regions below, each with its counts. */
static json_t *stats__children_json(const struct stats__report *rep)
{
    json_t *arr = json_array();
    for (int i = 0; i < rep->n_children; i++) {
        json_t *o = stats__counts_json(&rep->child[i]);
        char name[256];
        region_path_name(rep->children[i]->code, name, sizeof name);
        json_object_set_new(o, "region", json_string(rep->children[i]->code));
        json_object_set_new(o, "name", json_string(rep->children[i]->name));
        json_array_append_new(arr, o);
    }
    return arr;
}

json_t *stats__report_json(const struct stats__report *rep)
{
    char name[256], now[CLOCK_STRLEN];
    stats__region_name(rep, name, sizeof name);
    json_t *o = stats__counts_json(&rep->total);
    json_object_set_new(o, "period", json_string(rep->period));
    json_object_set_new(o, "region", json_string(rep->region->code));
    json_object_set_new(o, "region_name", json_string(name));
    json_object_set_new(o, "start", json_string(rep->start));
    json_object_set_new(o, "end", json_string(rep->end));
    json_object_set_new(o, "cutoff_day", json_integer(rep->cutoff));
    json_object_set_new(o, "partial", json_boolean(rep->partial));
    json_object_set_new(o, "counted_at", json_string(clock_format(clock_now(), now)));
    json_object_set_new(o, "stock_counted", json_integer(rep->b.n));
    stats__breakdowns_json(rep, o);
    json_object_set_new(o, "regions", stats__children_json(rep));
    json_object_set_new(o, "direct", stats__counts_json(&rep->direct));
    return o;
}

/* The flows and the employed count of a report, on one connection. */
static int stats__flows_fn(struct store_conn *c, void *arg)
{
    struct stats__report *rep = arg;
    int rc = store_stats_flows(c, rep->scope, rep->start, rep->end, stats__flow_row, rep);
    return rc == 0 ? stats__employed(c, rep) : rc;
}

/* One part of a closing stock walked on a read connection of its own. */
struct stats__part {
    struct app *a;
    const struct stats__report *rep;
    char lo[REGION_CODE_MAX + 4], hi[REGION_CODE_MAX + 4];
    struct stats__breakdown b;
    int rc;
};

static int stats__part_fn(struct store_conn *c, void *arg)
{
    struct stats__part *p = arg;
    return stats__stock(c, p->rep, p->lo, p->hi, &p->b);
}

static void *stats__part_thread(void *arg)
{
    struct stats__part *p = arg;
    p->rc = app__read(p->a, false, stats__part_fn, p);
    return NULL;
}

int stats__run(struct app *a, struct stats__report *rep, bool with_stock)
{
    rep->child = xcalloc((size_t)(rep->n_children > 0 ? rep->n_children : 1), sizeof *rep->child);
    int rc = app__read(a, false, stats__flows_fn, rep);
    if (rc < 0 || !with_stock)
        return rc;
    /* The stock walk in two parts of about equal size by scope_region, the second on a thread
     * and a connection of its own (the walk is an index-only range per scope_region since
     * migration 056; it was a look-up of person, application and profile per record). A stock in
     * one scope_region is walked at once. The two parts are two statements: like the flows beside
     * them, each reads its own snapshot. */
    struct stats__part parts[2];
    memset(parts, 0, sizeof parts);
    char hi[REGION_CODE_MAX + 2];
    stats__scope_hi(rep, hi);
    int n_parts = 1;
    snprintf(parts[0].hi, sizeof parts[0].hi, "%s", hi);
    if (rep->n_scopes > 1) {
        int64_t half = 0;
        int k = 0;
        while (k < rep->n_scopes - 2 && half + rep->scopes[k].closing < rep->total.closing / 2)
            half += rep->scopes[k++].closing;
        snprintf(parts[0].hi, sizeof parts[0].hi, "%s", rep->scopes[k].code);
        snprintf(parts[1].lo, sizeof parts[1].lo, "%s", rep->scopes[k].code);
        snprintf(parts[1].hi, sizeof parts[1].hi, "%s", hi);
        n_parts = 2;
    }
    pthread_t th;
    bool threaded = false;
    for (int i = 0; i < n_parts; i++) {
        parts[i].a = a;
        parts[i].rep = rep;
    }
    if (n_parts == 2)
        threaded = pthread_create(&th, NULL, stats__part_thread, &parts[1]) == 0;
    rc = app__read(a, false, stats__part_fn, &parts[0]);
    if (n_parts == 2 && threaded)
        pthread_join(th, NULL);
    else if (n_parts == 2)
        parts[1].rc = app__read(a, false, stats__part_fn, &parts[1]);
    for (int i = 0; i < n_parts; i++) {
        if (rc == 0)
            rc = parts[i].rc;
        stats__breakdown_add(&rep->b, &parts[i].b);
    }
    return rc;
}

int app_stats_report(struct app *a, const struct actor *by, const char *period, const char *region,
                     json_t **out, struct err_ctx *ec)
{
    *out = NULL;
    struct stats__report rep;
    int rc = stats__resolve(a, by, period, region, -1, &rep, ec);
    if (rc == 0)
        rc = stats__run(a, &rep, true);
    if (rc == 0)
        *out = stats__report_json(&rep);
    stats__report_free(&rep);
    return rc;
}

int app_stats_series(struct app *a, const struct actor *by, const char *period, const char *region,
                     int n, json_t **out, struct err_ctx *ec)
{
    *out = NULL;
    if (n < 1 || n > 60)
        return err_set(ec, -ERR_FIELD_INVALID, "n");
    struct stats__report rep;
    int rc = stats__resolve(a, by, period, region, -1, &rep, ec);
    stats__report_free(&rep);
    if (rc < 0)
        return rc;
    json_t *items = json_array();
    struct stats_period p = rep.p;
    for (int i = 1; i < n; i++)
        stats_period_prev(&p, rep.cutoff, &p);
    for (int i = 0; i < n && rc == 0; i++) {
        struct stats__report r = rep;
        r.child = NULL;
        r.scopes = NULL;
        r.n_scopes = r.cap_scopes = 0;
        memset(&r.total, 0, sizeof r.total);
        memset(&r.direct, 0, sizeof r.direct);
        r.p = p;
        stats_period_name(&p, r.period);
        date_format(p.start, r.start);
        date_format(p.end, r.end);
        rc = stats__run(a, &r, false);
        if (rc == 0)
            json_array_append_new(items, json_pack("{s:s,s:I,s:I,s:I,s:I}", "period", r.period,
                                                   "opening", (json_int_t)r.total.opening, "new",
                                                   (json_int_t)r.total.n_new, "exits",
                                                   (json_int_t)r.total.exits_total, "closing",
                                                   (json_int_t)r.total.closing));
        stats__report_free(&r);
        stats_period_next(&p, rep.cutoff, &p);
    }
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:s,s:o}", "region", rep.region->code, "items", items);
    return 0;
}
