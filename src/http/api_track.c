/*
 * api_track.c — tracked services over HTTP. Thin: parse, call app_track_, render.
 */
#include "http/api_track.h"

#include "app/access.h"
#include "app/track.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/json.h"
#include "http/api_app.h"

#include <stdlib.h>
#include <string.h>

static json_t *api_track__str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

/* The body's "detail" object as JSON text in the request's arena (NULL when absent). */
static int api_track__detail(struct http_req *req, json_t *body, const char **out)
{
    json_t *d = json_object_get(body, "detail");
    *out = NULL;
    if (!d || json_is_null(d))
        return 0;
    if (!json_is_object(d))
        return err_set(&req->err, -ERR_FIELD_INVALID, "detail");
    char *text = json_dump(d);
    *out = arena_strdup(&req->arena, text);
    free(text);
    return 0;
}

int api_track_open(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    struct track_new n = {.amount = -1};
    long long amount = -1, parent = 0;
    int rc = http_req_json(req, &body);
    if (rc == 0)
        rc = json_get_str(body, "kind", true, 32, &n.kind, &req->err);
    if (rc == 0)
        rc = json_get_str(body, "subject", false, 0, &n.subject, &req->err);
    if (rc == 0)
        rc = json_get_str(body, "code", false, 32, &n.code, &req->err);
    if (rc == 0)
        rc = json_get_str(body, "on", true, 10, &n.on, &req->err);
    if (rc == 0)
        rc = json_get_str(body, "due_on", false, 10, &n.due_on, &req->err);
    if (rc == 0)
        rc = json_get_str(body, "note", false, 0, &n.note, &req->err);
    if (rc == 0)
        rc = json_get_int(body, "amount", false, 0, INT64_MAX, &amount, &req->err);
    if (rc == 0)
        rc = json_get_int(body, "parent_id", false, 1, INT64_MAX, &parent, &req->err);
    if (rc == 0)
        rc = json_get_str(body, "caseworker", false, 64, &n.caseworker, &req->err);
    if (rc == 0)
        rc = api_track__detail(req, body, &n.detail);
    if (rc < 0)
        return rc;
    n.amount = json_object_get(body, "amount") ? amount : -1;
    n.parent_id = parent;
    int64_t id;
    rc = app_track_open(api__app(req), api__actor(req), http_param(req, "reg_no"), &n, &id,
                        &req->err);
    if (rc < 0)
        return rc;
    http_resp_json(w, 201, json_pack("{s:I}", "id", (json_int_t)id));
    return 0;
}

int api_track_move(struct http_req *req, struct http_resp *w)
{
    json_t *body;
    struct track_move m = {0};
    const char *id_s = http_param(req, "id");
    char *end = NULL;
    long long id = id_s ? strtoll(id_s, &end, 10) : 0;
    if (!id_s || *end || id < 1)
        return err_set(&req->err, -ERR_NOT_FOUND, NULL);
    int rc = http_req_json(req, &body);
    if (rc == 0)
        rc = json_get_str(body, "status", true, 32, &m.status, &req->err);
    if (rc == 0)
        rc = json_get_str(body, "on", true, 10, &m.on, &req->err);
    if (rc == 0)
        rc = json_get_str(body, "note", false, 0, &m.note, &req->err);
    if (rc == 0)
        rc = json_get_str(body, "due_on", false, 10, &m.due_on, &req->err);
    if (rc < 0)
        return rc;
    rc = app_track_move(api__app(req), api__actor(req), http_param(req, "reg_no"), id, &m,
                        &req->err);
    if (rc < 0)
        return rc;
    http_resp_json(w, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", m.status));
    return 0;
}

json_t *api_track_item_json(const struct track_view *v)
{
    const struct track_item *it = &v->item;
    json_t *steps = json_array();
    for (int i = 0; i < v->n_steps; i++)
        json_array_append_new(steps, json_pack("{s:s, s:s, s:s, s:s}", "status", v->steps[i].status,
                                               "on", v->steps[i].on_date, "note",
                                               v->steps[i].note ? v->steps[i].note : "",
                                               "recorded_at", v->steps[i].created_at));
    json_t *detail = json_loads(it->detail ? it->detail : "{}", 0, NULL);
    json_t *o = json_pack(
        "{s:I, s:s, s:o, s:s, s:s, s:o, s:o, s:s, s:s, s:o, s:o, s:b, s:o}", "id",
        (json_int_t)it->id, "kind", it->kind, "parent_id",
        it->parent_id > 0 ? json_integer(it->parent_id) : json_null(), "subject", it->subject,
        "code", it->code, "amount", it->amount >= 0 ? json_integer(it->amount) : json_null(),
        "detail", detail ? detail : json_object(), "status", it->status, "opened_on", it->opened_on,
        "due_on", api_track__str_or_null(it->due_on), "closed_on",
        api_track__str_or_null(it->closed_on), "overdue", v->overdue, "steps", steps);
    json_t *next = json_array();
    for (int i = 0; i < v->n_next; i++)
        json_array_append_new(next, json_string(v->next[i]));
    json_object_set_new(o, "next", next);
    return o;
}

static void api_track__reply(struct http_resp *w, const struct track_view *v, int n)
{
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, api_track_item_json(&v[i]));
    char today[DATE_STRLEN];
    http_resp_json(
        w, 200,
        json_pack("{s:o, s:s}", "items", items, "today", date_format(clock_today(), today)));
}

int api_track_list(struct http_req *req, struct http_resp *w)
{
    struct track_view *v;
    int n;
    int rc = app_track_list(api__app(req), api__actor(req), http_param(req, "reg_no"), &req->arena,
                            &v, &n);
    if (rc < 0)
        return rc;
    api_track__reply(w, v, n);
    return 0;
}
