/*
 * api_lists.c — the policy, service and agency lists over HTTP. Thin: read the query or the
 * body, call one app_list_ function, render. The fields of each list come from app/lists's
 * table (app_list_fields), so parsing and rendering follow it and the three lists share every
 * handler but a one-line wrapper per route.
 */
#include "http/api_lists.h"

#include "app/lists.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/err.h"
#include "base/json.h"
#include "http/api_app.h"
#include "rules/region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define API_LISTS__PUBLIC_MAX 1000 /* entries in a public read */
#define API_LISTS__STAFF_MAX 2000  /* entries in a staff read */

/* The query's filter: ?region=CODE&q=TEXT&on=YYYY-MM-DD. */
static int api_lists__filter(struct http_req *req, int limit, struct list_filter *f)
{
    memset(f, 0, sizeof *f);
    f->region = http_query(req, "region");
    f->q = http_query(req, "q");
    f->limit = limit;
    const char *on = http_query(req, "on");
    if (on && *on && date_parse(on, strlen(on), &f->on) < 0)
        return err_set(&req->err, -ERR_DATE_INVALID, "on");
    return 0;
}

/* The fields of version v in the API's names onto o (and the agency's kind). */
static void api_lists__fields(enum list_kind k, const struct list_version *v, json_t *o)
{
    for (const struct list_field *f = app_list_fields(k); f->json; f++) {
        json_t *val = f->is_list ? json_loads(app_list_field_value(v, f), 0, NULL)
                                 : json_string(app_list_field_value(v, f));
        json_object_set_new(o, f->json, val ? val : json_array());
    }
    if (k == LIST_KIND_AGENCY)
        json_object_set_new(o, "kind", json_string(v->agency_kind ? v->agency_kind : ""));
}

static json_t *api_lists__region_name(const char *code)
{
    char name[256];
    region_path_name(code, name, sizeof name);
    return json_string(name);
}

struct api_lists__out {
    enum list_kind kind;
    json_t *items;
};

/* A public item: id, region, the fields, the version in force and since when. */
static int api_lists__public_item(const struct list_version *v, void *arg)
{
    struct api_lists__out *o = arg;
    json_t *item = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)v->id, "region", v->region,
                             "region_name", api_lists__region_name(v->region));
    api_lists__fields(o->kind, v, item);
    json_object_set_new(item, "version", json_integer(v->version));
    json_object_set_new(item, "valid_from", json_string(v->valid_from));
    json_array_append_new(o->items, item);
    return 0;
}

static int api_lists__public(struct http_req *req, struct http_resp *w, enum list_kind k)
{
    struct list_filter f;
    int rc = api_lists__filter(req, API_LISTS__PUBLIC_MAX, &f);
    if (rc < 0)
        return rc;
    struct api_lists__out o = {k, json_array()};
    rc = app_list_in_force(api__app(req), k, &f, api_lists__public_item, &o, &req->err);
    if (rc < 0) {
        json_decref(o.items);
        return rc;
    }
    char on[DATE_STRLEN];
    http_resp_json(w, 200,
                   json_pack("{s:s, s:o}", "on", date_format(f.on ? f.on : clock_today(), on),
                             "items", o.items));
    return 0;
}

int api_lists_public_policies(struct http_req *req, struct http_resp *w)
{
    return api_lists__public(req, w, LIST_KIND_POLICY);
}

int api_lists_public_services(struct http_req *req, struct http_resp *w)
{
    return api_lists__public(req, w, LIST_KIND_SERVICE);
}

int api_lists_public_agencies(struct http_req *req, struct http_resp *w)
{
    return api_lists__public(req, w, LIST_KIND_AGENCY);
}

/* The agency list as a file download: `ext` names it, `type` is its media type. */
static int api_lists__export(struct http_req *req, struct http_resp *w, enum list_format fmt,
                             const char *type, const char *ext)
{
    struct list_filter f;
    int rc = api_lists__filter(req, API_LISTS__PUBLIC_MAX, &f);
    if (rc < 0)
        return rc;
    struct buf b = {0};
    rc = app_list_agencies_export(api__app(req), &f, fmt, &b, &req->err);
    if (rc == 0) {
        char disp[128];
        snprintf(disp, sizeof disp, "attachment; filename=\"agencies-%s.%s\"",
                 f.region && *f.region && strspn(f.region, "0123456789") == strlen(f.region)
                     ? f.region
                     : "all",
                 ext);
        http_resp_header(w, "Content-Disposition", disp);
        http_resp_bytes(w, 200, type, b.data ? b.data : "", b.len, true);
    }
    buf_free(&b);
    return rc;
}

int api_lists_agencies_xlsx(struct http_req *req, struct http_resp *w)
{
    return api_lists__export(req, w, LIST_FORMAT_XLSX,
                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                             "xlsx");
}

int api_lists_agencies_csv(struct http_req *req, struct http_resp *w)
{
    return api_lists__export(req, w, LIST_FORMAT_CSV, "text/csv; charset=utf-8", "csv");
}

/* --- staff: history, add, change, retire ----------------------------------------------- */

static json_t *api_lists__version(enum list_kind k, const struct list_version *v)
{
    json_t *o = json_pack("{s:i, s:s, s:b}", "version", v->version, "valid_from", v->valid_from,
                          "retired", v->retired);
    api_lists__fields(k, v, o);
    json_object_set_new(o, "note", json_string(v->note ? v->note : ""));
    json_object_set_new(o, "recorded_at", json_string(v->recorded_at ? v->recorded_at : ""));
    json_object_set_new(o, "recorded_by",
                        json_string(v->recorded_by && *v->recorded_by ? v->recorded_by : "system"));
    return o;
}

static json_t *api_lists__entry(enum list_kind k, const struct list_entry_view *e)
{
    const struct list_version *top = &e->versions[0];
    json_t *versions = json_array();
    for (int i = 0; i < e->n; i++)
        json_array_append_new(versions, api_lists__version(k, &e->versions[i]));
    json_t *o = json_pack(
        "{s:I, s:s, s:o, s:s, s:o, s:o}", "id", (json_int_t)top->id, "region", top->region,
        "region_name", api_lists__region_name(top->region), "status", e->status, "in_force",
        e->in_force < 0 ? json_null() : json_integer(e->versions[e->in_force].version), "versions",
        versions);
    if (k == LIST_KIND_AGENCY)
        json_object_set_new(o, "kind", json_string(top->agency_kind ? top->agency_kind : ""));
    return o;
}

static int api_lists__entry_item(const struct list_entry_view *e, void *arg)
{
    struct api_lists__out *o = arg;
    json_array_append_new(o->items, api_lists__entry(o->kind, e));
    return 0;
}

/* The entry id of the path; 0 when it is not a positive whole number (then: not found). */
static int64_t api_lists__id(struct http_req *req)
{
    const char *s = http_param(req, "id");
    char *end = NULL;
    long long id = s && *s >= '1' && *s <= '9' ? strtoll(s, &end, 10) : 0;
    return end && !*end && id > 0 ? (int64_t)id : 0;
}

/* GET the list (id 0) or one entry, with every version. */
static int api_lists__history(struct http_req *req, struct http_resp *w, enum list_kind k,
                              int64_t id)
{
    struct list_filter f;
    int rc = api_lists__filter(req, API_LISTS__STAFF_MAX, &f);
    if (rc < 0)
        return rc;
    struct api_lists__out o = {k, json_array()};
    rc = app_list_history(api__app(req), api__actor(req), k, id, &f, api_lists__entry_item, &o,
                          &req->err);
    if (rc < 0) {
        json_decref(o.items);
        return rc;
    }
    if (id) {
        json_t *one = json_incref(json_array_get(o.items, 0));
        json_decref(o.items);
        http_resp_json(w, 200, one);
    } else {
        http_resp_json(w, 200, json_pack("{s:o}", "items", o.items));
    }
    return 0;
}

/* The body's fields of list k (and valid_from, note; region and kind when adding). */
static int api_lists__input(struct http_req *req, enum list_kind k, bool adding,
                            struct list_input *in)
{
    json_t *body;
    memset(in, 0, sizeof *in);
    int rc = http_req_json(req, &body);
    for (const struct list_field *f = app_list_fields(k); rc == 0 && f->json; f++) {
        const char *v = NULL;
        json_t *arr = json_object_get(body, f->json);
        if (f->is_list && arr && !json_is_null(arr)) {
            if (!json_is_array(arr))
                return err_set(&req->err, -ERR_LIST_ITEMS, f->json);
            char *text = json_dump(arr);
            v = arena_strdup(&req->arena, text);
            free(text);
        } else if (!f->is_list) {
            rc = json_get_str(body, f->json, false, f->max, &v, &req->err);
        }
        app_list_field_set(in, f, v);
    }
    if (rc == 0 && adding)
        rc = json_get_str(body, "region", false, 12, &in->region, &req->err);
    if (rc == 0 && adding && k == LIST_KIND_AGENCY)
        rc = json_get_str(body, "kind", false, 16, &in->agency_kind, &req->err);
    if (rc == 0)
        rc = json_get_date(body, "valid_from", false, &in->valid_from, &req->err);
    if (rc == 0)
        rc = json_get_str(body, "note", false, 500, &in->note, &req->err);
    return rc;
}

static void api_lists__result(struct http_resp *w, int status, const struct list_result *r)
{
    char day[DATE_STRLEN];
    http_resp_json(w, status,
                   json_pack("{s:I, s:i, s:s, s:b}", "id", (json_int_t)r->id, "version", r->version,
                             "valid_from", date_format(r->valid_from, day), "retired", r->retired));
}

static int api_lists__add(struct http_req *req, struct http_resp *w, enum list_kind k)
{
    struct list_input in;
    struct list_result r;
    int rc = api_lists__input(req, k, true, &in);
    if (rc == 0)
        rc = app_list_add(api__app(req), api__actor(req), k, &in, &r, &req->err);
    if (rc == 0)
        api_lists__result(w, 201, &r);
    return rc;
}

static int api_lists__change(struct http_req *req, struct http_resp *w, enum list_kind k)
{
    struct list_input in;
    struct list_result r;
    int64_t id = api_lists__id(req);
    if (!id)
        return -ERR_NOT_FOUND;
    int rc = api_lists__input(req, k, false, &in);
    if (rc == 0)
        rc = app_list_change(api__app(req), api__actor(req), k, id, &in, &r, &req->err);
    if (rc == 0)
        api_lists__result(w, 200, &r);
    return rc;
}

/* DELETE: a retirement; an optional JSON body {valid_from, note}. */
static int api_lists__retire(struct http_req *req, struct http_resp *w, enum list_kind k)
{
    int64_t id = api_lists__id(req);
    if (!id)
        return -ERR_NOT_FOUND;
    int32_t day = 0;
    const char *note = NULL;
    json_t *body;
    int rc = 0;
    if (http_header(req, "Content-Type")) {
        rc = http_req_json(req, &body);
        if (rc == 0)
            rc = json_get_date(body, "valid_from", false, &day, &req->err);
        if (rc == 0)
            rc = json_get_str(body, "note", false, 500, &note, &req->err);
    }
    struct list_result r;
    if (rc == 0)
        rc = app_list_retire(api__app(req), api__actor(req), k, id, day, note, &r, &req->err);
    if (rc == 0)
        api_lists__result(w, 200, &r);
    return rc;
}

/* One wrapper per route and list. */
#define API_LISTS__ROUTES(name, entry, K)                                                          \
    int api_lists_##name(struct http_req *req, struct http_resp *w)                                \
    {                                                                                              \
        return api_lists__history(req, w, K, 0);                                                   \
    }                                                                                              \
    int api_lists_##entry##_get(struct http_req *req, struct http_resp *w)                         \
    {                                                                                              \
        int64_t id = api_lists__id(req);                                                           \
        return id ? api_lists__history(req, w, K, id) : -ERR_NOT_FOUND;                            \
    }                                                                                              \
    int api_lists_##entry##_add(struct http_req *req, struct http_resp *w)                         \
    {                                                                                              \
        return api_lists__add(req, w, K);                                                          \
    }                                                                                              \
    int api_lists_##entry##_change(struct http_req *req, struct http_resp *w)                      \
    {                                                                                              \
        return api_lists__change(req, w, K);                                                       \
    }                                                                                              \
    int api_lists_##entry##_retire(struct http_req *req, struct http_resp *w)                      \
    {                                                                                              \
        return api_lists__retire(req, w, K);                                                       \
    }

API_LISTS__ROUTES(policies, policy, LIST_KIND_POLICY)
API_LISTS__ROUTES(services, service, LIST_KIND_SERVICE)
API_LISTS__ROUTES(agencies, agency, LIST_KIND_AGENCY)
