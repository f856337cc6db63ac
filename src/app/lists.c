/*
 * lists.c — the policy, service and agency lists: add, change, retire, read in force, read
 * with history. See lists.h; the exports are in lists_export.c.
 *
 * Load: a write is one serial or agency insert, one entry insert, one version insert and one
 * audit entry; a read is one bounded query (a region's lists are tens to thousands of rows).
 */
#include "app/lists.h"

#include "app/app_priv.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/json.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "rules/codes.h"
#include "rules/region.h"
#include "store/application.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST__Q_MAX 100     /* characters of a search text */
#define LIST__ITEMS_MAX 20  /* 经办项目 per agency */
#define LIST__ITEM_CHARS 15 /* characters per 经办项目 */
#define LIST__HISTORY_ROWS 20000
#define LIST__PREFIX 16 /* a region prefix and its NUL, as struct actor's scope */

#define F(field) offsetof(struct list_input, field), offsetof(struct list_version, field)
static const struct list_field list__policy[] = {
    {"name", F(name), 200, true, false},
    {"target", F(target), 1000, true, false},
    {"content", F(content), 4000, true, false},
    {"conditions", F(conditions), 4000, true, false},
    {"accepting_agency", F(accepting), 200, true, false},
    {NULL, 0, 0, 0, false, false},
};
static const struct list_field list__service[] = {
    {"item", F(name), 200, true, false},
    {"target", F(target), 1000, true, false},
    {"content", F(content), 4000, true, false},
    {NULL, 0, 0, 0, false, false},
};
/* The agency's own row keeps name, address and phone in fixed buffers (store/agency.h): the
 * limits keep version 1 and that row the same. */
static const struct list_field list__agency[] = {
    {"name", F(name), 80, true, false},     {"address", F(address), 80, true, false},
    {"phone", F(phone), 20, true, false},   {"items", F(items), 0, true, true},
    {"hours", F(hours), 100, false, false}, {NULL, 0, 0, 0, false, false},
};
#undef F

const struct list_field *app_list_fields(enum list_kind k)
{
    return k == LIST_KIND_POLICY    ? list__policy
           : k == LIST_KIND_SERVICE ? list__service
                                    : list__agency;
}

static const char *list__get(const struct list_input *in, const struct list_field *f)
{
    return *(const char *const *)((const char *)in + f->offset);
}

void app_list_field_set(struct list_input *in, const struct list_field *f, const char *value)
{
    *(const char **)((char *)in + f->offset) = value;
}

const char *app_list_field_value(const struct list_version *v, const struct list_field *f)
{
    const char *s = *(const char *const *)((const char *)v + f->voffset);
    return s ? s : "";
}

/* 经办项目: a JSON array of 1..20 different strings of 1..15 characters. */
static int list__check_items(const char *text, struct err_ctx *ec)
{
    json_t *arr = text ? json_loads(text, 0, NULL) : NULL;
    size_t n = json_is_array(arr) ? json_array_size(arr) : 0;
    int rc = n >= 1 && n <= LIST__ITEMS_MAX ? 0 : -ERR_LIST_ITEMS;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const char *s = json_string_value(json_array_get(arr, i));
        size_t chars = s ? utf8_count(s, strlen(s)) : 0;
        if (chars < 1 || chars > LIST__ITEM_CHARS)
            rc = -ERR_LIST_ITEMS;
        for (size_t j = 0; j < i && rc == 0; j++)
            if (strcmp(s, json_string_value(json_array_get(arr, j))) == 0)
                rc = -ERR_LIST_ITEMS;
    }
    json_decref(arr);
    return rc < 0 ? err_set(ec, rc, "items") : 0;
}

/* Every required field present, every field within its length; items well formed. */
static int list__check_fields(enum list_kind k, const struct list_input *in, struct err_ctx *ec)
{
    for (const struct list_field *f = app_list_fields(k); f->json; f++) {
        const char *v = list__get(in, f);
        if (f->required && (!v || !*v))
            return err_set(ec, -ERR_FIELD_REQUIRED, f->json);
        int rc = f->is_list && v && *v ? list__check_items(v, ec) : 0;
        if (rc < 0)
            return rc;
        if (!f->is_list && v && f->max && utf8_count(v, strlen(v)) > f->max)
            return err_set(ec, -ERR_FIELD_INVALID, f->json);
    }
    if (in->note && utf8_count(in->note, strlen(in->note)) > 500)
        return err_set(ec, -ERR_FIELD_INVALID, "note");
    return 0;
}

/* The day a new version starts: `day` or today, never before today nor before `latest`. */
static int list__day(int32_t day, int32_t latest, int32_t *out, struct err_ctx *ec)
{
    int32_t today = clock_today();
    *out = day ? day : today;
    if (*out < today)
        return err_set(ec, -ERR_LIST_VALID_FROM_PAST, "valid_from");
    if (*out < latest)
        return err_set(ec, -ERR_LIST_VALID_FROM_ORDER, "valid_from");
    return 0;
}

/* The version `in` describes, for entry id of kind k; strings stay the caller's. */
static void list__version(enum list_kind k, int64_t id, int version, const char *from,
                          const struct list_input *in, const struct actor *by, const char *now,
                          struct list_version *v)
{
    memset(v, 0, sizeof *v);
    v->kind = vocab_list_kind_name(k);
    v->id = id;
    v->version = version;
    v->valid_from = from;
    v->name = in->name;
    v->target = in->target;
    v->content = in->content;
    v->conditions = in->conditions;
    v->accepting = in->accepting;
    v->address = in->address;
    v->phone = in->phone;
    v->items = in->items;
    v->hours = in->hours;
    v->note = in->note;
    v->recorded_at = now;
    v->recorded_by_id = by->kind == ACTOR_STAFF ? by->user_id : 0;
}

/* The audit entry of a list write. */
static int list__audit(struct store_conn *c, const struct actor *by, int64_t now,
                       const char *action, enum list_kind k, const struct list_version *v)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)v->id);
    return app_audit(c, by, now, action, vocab_list_kind_name(k), id,
                     json_pack("{s:i, s:s, s:b}", "version", v->version, "valid_from",
                               v->valid_from, "retired", v->retired));
}

int app__list_agency_entry(struct store_conn *c, const struct actor *by, int64_t now,
                           const struct agency *ag, int64_t id, const char *hours)
{
    char at[CLOCK_STRLEN], day[DATE_STRLEN];
    clock_format(now, at);
    date_format(clock_date_of(now), day);
    int rc =
        store_list_entry_insert(c, vocab_list_kind_name(LIST_KIND_AGENCY), id, ag->region, id, at);
    struct list_input in = {.name = ag->name,
                            .address = ag->address,
                            .phone = ag->phone,
                            .items = ag->items,
                            .hours = hours};
    struct list_version v;
    list__version(LIST_KIND_AGENCY, id, 1, day, &in, by, at, &v);
    if (rc == 0)
        rc = store_list_version_insert(c, &v);
    return rc;
}

/* The region of a new entry: known, and inside the caller's scope. */
static int list__region(const struct actor *by, const char *region, struct err_ctx *ec)
{
    if (!region || !*region)
        return err_set(ec, -ERR_FIELD_REQUIRED, "region");
    int rc = region_validate(region);
    if (rc < 0)
        return err_set(ec, rc, "region");
    if (strncmp(region, by->scope, strlen(by->scope)) != 0)
        return err_set(ec, -ERR_LIST_REGION_SCOPE, "region");
    return 0;
}

/* Inside the transaction: the agency row, its entry and version 1. */
static int list__add_agency(struct store_conn *c, const struct actor *by, int64_t now,
                            const struct list_input *in, const char *day, int64_t *id)
{
    struct agency ag = {0};
    snprintf(ag.name, sizeof ag.name, "%s", in->name);
    snprintf(ag.region, sizeof ag.region, "%s", in->region);
    snprintf(ag.kind, sizeof ag.kind, "%s",
             in->agency_kind && *in->agency_kind ? in->agency_kind : "pes");
    snprintf(ag.address, sizeof ag.address, "%s", in->address ? in->address : "");
    snprintf(ag.phone, sizeof ag.phone, "%s", in->phone ? in->phone : "");
    snprintf(ag.items, sizeof ag.items, "%s", in->items);
    int rc = store_agency_insert(c, &ag, id);
    if (rc == 0)
        rc = app__list_agency_entry(c, by, now, &ag, *id, in->hours);
    if (rc == 0) {
        char idtxt[24];
        snprintf(idtxt, sizeof idtxt, "%lld", (long long)*id);
        rc = app_audit(c, by, now, "agency.create", "agency", idtxt,
                       json_pack("{s:s, s:s, s:i, s:s}", "region", ag.region, "kind", ag.kind,
                                 "version", 1, "valid_from", day));
    }
    return rc;
}

/* Inside the transaction: a policy or service entry numbered from its serial, version 1. */
static int list__add_entry(struct store_conn *c, const struct actor *by, int64_t now,
                           enum list_kind k, const struct list_input *in, const char *day,
                           int64_t *id)
{
    char serial[32], at[CLOCK_STRLEN];
    long n = 0;
    snprintf(serial, sizeof serial, "list:%s", vocab_list_kind_name(k));
    clock_format(now, at);
    int rc = store_serial_next(c, serial, &n);
    *id = n;
    if (rc == 0)
        rc = store_list_entry_insert(c, vocab_list_kind_name(k), *id, in->region, 0, at);
    struct list_version v;
    list__version(k, *id, 1, day, in, by, at, &v);
    if (rc == 0)
        rc = store_list_version_insert(c, &v);
    if (rc == 0)
        rc = list__audit(c, by, now, "list.create", k, &v);
    return rc;
}

int app_list_add(struct app *a, const struct actor *by, enum list_kind k,
                 const struct list_input *in, struct list_result *out, struct err_ctx *ec)
{
    char day[DATE_STRLEN];
    int64_t now = clock_now();
    memset(out, 0, sizeof *out);
    int rc = list__region(by, in->region, ec);
    if (rc == 0)
        rc = list__check_fields(k, in, ec);
    if (rc == 0 && k == LIST_KIND_AGENCY && in->agency_kind && *in->agency_kind &&
        codes_validate("agency_kind", in->agency_kind) < 0)
        rc = err_set(ec, -ERR_AGENCY_KIND, "kind");
    if (rc == 0)
        rc = list__day(in->valid_from, 0, &out->valid_from, ec);
    if (rc < 0)
        return rc;
    date_format(out->valid_from, day);
    struct store_conn *c = store_acquire(a->store);
    rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = k == LIST_KIND_AGENCY ? list__add_agency(c, by, now, in, day, &out->id)
                                   : list__add_entry(c, by, now, k, in, day, &out->id);
    rc = store_tx_end(c, rc);
    store_release(a->store, c);
    out->version = 1;
    if (rc == -ERR_REGION_INVALID)
        ec->field = "region";
    return rc;
}

/*
 * The one path of change and retirement: inside a write transaction read the latest version
 * in by's scope, check the day against it, then write the next version: `in`'s fields, or the
 * latest's repeated and marked retired when `in` is NULL.
 */
static int list__next(struct app *a, const struct actor *by, enum list_kind k, int64_t id,
                      const struct list_input *in, int32_t day, const char *note,
                      struct list_result *out, struct err_ctx *ec)
{
    struct arena ar;
    struct list_version cur = {0}, v = {0};
    char at[CLOCK_STRLEN], from[DATE_STRLEN];
    int64_t now = clock_now();
    int32_t latest = 0;
    memset(out, 0, sizeof *out);
    clock_format(now, at);
    arena_init(&ar);
    struct store_conn *c = store_acquire(a->store);
    int rc = store_tx_begin(c, true);
    if (rc == 0)
        rc = store_list_latest(c, vocab_list_kind_name(k), id, by->scope, &ar, &cur);
    if (rc == 0 && !in && cur.retired)
        rc = -ERR_LIST_RETIRED;
    if (rc == 0 && date_parse(cur.valid_from, strlen(cur.valid_from), &latest) < 0)
        rc = -ERR_INTERNAL;
    if (rc == 0)
        rc = list__day(day, latest, &out->valid_from, ec);
    if (rc == 0) {
        date_format(out->valid_from, from);
        struct list_input keep = {.name = cur.name,
                                  .target = cur.target,
                                  .content = cur.content,
                                  .conditions = cur.conditions,
                                  .accepting = cur.accepting,
                                  .address = cur.address,
                                  .phone = cur.phone,
                                  .items = cur.items,
                                  .hours = cur.hours,
                                  .note = note};
        list__version(k, id, cur.version + 1, from, in ? in : &keep, by, at, &v);
        v.retired = !in;
        rc = store_list_version_insert(c, &v);
    }
    if (rc == 0)
        rc = list__audit(c, by, now, in ? "list.change" : "list.retire", k, &v);
    rc = store_tx_end(c, rc);
    store_release(a->store, c);
    if (rc == 0) {
        out->id = id;
        out->version = v.version;
        out->retired = v.retired;
    }
    arena_free(&ar);
    return rc;
}

int app_list_change(struct app *a, const struct actor *by, enum list_kind k, int64_t id,
                    const struct list_input *in, struct list_result *out, struct err_ctx *ec)
{
    memset(out, 0, sizeof *out);
    int rc = list__check_fields(k, in, ec);
    if (rc < 0)
        return rc;
    return list__next(a, by, k, id, in, in->valid_from, in->note, out, ec);
}

int app_list_retire(struct app *a, const struct actor *by, enum list_kind k, int64_t id,
                    int32_t valid_from, const char *note, struct list_result *out,
                    struct err_ctx *ec)
{
    memset(out, 0, sizeof *out);
    if (note && utf8_count(note, strlen(note)) > 500)
        return err_set(ec, -ERR_FIELD_INVALID, "note");
    return list__next(a, by, k, id, NULL, valid_from, note, out, ec);
}

/* A read's region (NULL or "": every region) as a prefix. */
static int list__prefix(const char *region, char prefix[LIST__PREFIX], struct err_ctx *ec)
{
    prefix[0] = '\0';
    if (!region || !*region)
        return 0;
    int rc = region_validate(region);
    if (rc < 0)
        return err_set(ec, rc, "region");
    region_prefix(region, prefix, LIST__PREFIX);
    return 0;
}

struct list__read {
    struct list_query q;
    int (*fn)(const struct list_version *v, void *arg);
    void *arg;
};

static int list__in_force_on(struct store_conn *c, void *arg)
{
    struct list__read *r = arg;
    return store_list_in_force_each(c, &r->q, r->fn, r->arg);
}

int app_list_in_force(struct app *a, enum list_kind k, const struct list_filter *f,
                      int (*fn)(const struct list_version *v, void *arg), void *arg,
                      struct err_ctx *ec)
{
    char prefix[LIST__PREFIX], on[DATE_STRLEN], pattern[4 * LIST__Q_MAX * 2 + 3] = "";
    int rc = list__prefix(f->region, prefix, ec);
    if (rc < 0)
        return rc;
    if (f->q && *f->q &&
        (utf8_count(f->q, strlen(f->q)) > LIST__Q_MAX ||
         store_list_pattern(f->q, pattern, sizeof pattern) < 0))
        return err_set(ec, -ERR_FIELD_INVALID, "q");
    date_format(f->on ? f->on : clock_today(), on);
    struct list__read r = {
        .q = {.kind = vocab_list_kind_name(k),
              .prefix = prefix,
              .on = on,
              .pattern = pattern,
              .limit = f->limit},
        .fn = fn,
        .arg = arg,
    };
    /* Public lists: the replica's when there is one. */
    return app__read(a, false, list__in_force_on, &r);
}

/* The rows of a history read, grouped by entry as they arrive (the query orders them so). */
struct list__history {
    struct arena ar;
    struct list_version *rows;
    int n, cap;
};

static int list__history_row(const struct list_version *v, void *arg)
{
    struct list__history *h = arg;
    if (h->n == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 64;
        h->rows = xrealloc(h->rows, sizeof *h->rows * (size_t)h->cap);
    }
    h->rows[h->n] = *v;
    store_list_version_keep(&h->ar, &h->rows[h->n]);
    h->n++;
    return 0;
}

/* The view of versions[0..n) (newest first) as of day `on`. */
static void list__view(const struct list_version *versions, int n, const char *on,
                       struct list_entry_view *e)
{
    e->versions = versions;
    e->n = n;
    e->in_force = -1;
    for (int i = 0; i < n && e->in_force < 0; i++)
        if (strcmp(versions[i].valid_from, on) <= 0)
            e->in_force = i;
    e->status = e->in_force < 0                 ? "scheduled"
                : versions[e->in_force].retired ? "retired"
                                                : "in_force";
}

/* The history read's prefix: the caller's scope, or a region within it. */
static int list__staff_prefix(const struct actor *by, const char *region, char prefix[LIST__PREFIX],
                              struct err_ctx *ec)
{
    int rc = list__prefix(region, prefix, ec);
    if (rc < 0)
        return rc;
    if (!prefix[0]) {
        snprintf(prefix, LIST__PREFIX, "%s", by->scope);
        return 0;
    }
    if (strncmp(prefix, by->scope, strlen(by->scope)) != 0)
        return err_set(ec, -ERR_LIST_REGION_SCOPE, "region");
    return 0;
}

int app_list_history(struct app *a, const struct actor *by, enum list_kind k, int64_t id,
                     const struct list_filter *f,
                     int (*fn)(const struct list_entry_view *e, void *arg), void *arg,
                     struct err_ctx *ec)
{
    char prefix[LIST__PREFIX], on[DATE_STRLEN];
    int rc = list__staff_prefix(by, f->region, prefix, ec);
    if (rc < 0)
        return rc;
    date_format(f->on ? f->on : clock_today(), on);
    struct list_query q = {
        .kind = vocab_list_kind_name(k), .prefix = prefix, .id = id, .limit = LIST__HISTORY_ROWS};
    struct list__history h = {0};
    arena_init(&h.ar);
    struct store_conn *c = store_acquire(a->store);
    rc = store_list_history_each(c, &q, list__history_row, &h);
    store_release(a->store, c);
    int entries = 0;
    for (int i = 0; rc >= 0 && i < h.n && entries < f->limit;) {
        int j = i + 1;
        while (j < h.n && h.rows[j].id == h.rows[i].id)
            j++;
        struct list_entry_view e;
        list__view(&h.rows[i], j - i, on, &e);
        entries++;
        if (fn(&e, arg) != 0)
            break;
        i = j;
    }
    if (rc >= 0 && id && entries == 0)
        rc = -ERR_NOT_FOUND;
    free(h.rows);
    arena_free(&h.ar);
    return rc < 0 ? rc : entries;
}
